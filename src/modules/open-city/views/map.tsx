/** The map of reports; the map only adds a way to pick a place, the list works without it. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { MapBox } from '../../../core/maps/map-box.js';
import { STATUS_LABEL, STATUSES } from '../rules.js';
import type { Category } from '../repository.js';
import type { ListFilters } from '../forms.js';
import { AreaSubscribeForm, ASSETS, base, FilterForm, FILTERS_SCRIPT, SubNav } from './parts.js';

export function MapPage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  f: ListFilters;
  query: string;
  center: { lat: number; lng: number } | null;
  tileUrl: string;
  attribution: string;
  staff: boolean;
  moderator: boolean;
}): JSX.Element {
  const { p, c } = props;
  return (
    <Layout
      ctx={p}
      title={tr(p, 'Мапа звернень', 'Map of reports')}
      scripts={[`${ASSETS}/leaflet.js`, `${ASSETS}/leaflet.markercluster.js`, `${ASSETS}/maps.js`, FILTERS_SCRIPT]}
    >
      <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} />
      <link rel="stylesheet" href={`${ASSETS}/MarkerCluster.css`} />
      <h1>{t(p, 'Мапа звернень', 'Map of reports')}</h1>
      <SubNav p={p} c={c} current="map" staff={props.staff} moderator={props.moderator} />
      <FilterForm p={p} c={c} categories={props.categories} f={props.f} action={`${base(c)}/map`} />
      <p id="oc-tile-note" class="notice warning" role="status" hidden>
        {t(
          p,
          'Не вдалося завантажити підкладку мапи. Мітки показано без неї; усі звернення є у',
          'The map tiles could not be loaded. Markers are shown without them; every report is in the',
        )}{' '}
        <a href={`${base(c)}${props.query ? `?${props.query}` : ''}`}>{t(p, 'списку', 'list')}</a>.
      </p>
      <noscript>
        <p class="notice">
          {t(p, 'Мапа працює з JavaScript. Без нього всі звернення є у', 'The map needs JavaScript. Without it every report is in the')}{' '}
          <a href={`${base(c)}${props.query ? `?${props.query}` : ''}`}>{t(p, 'списку', 'list')}</a>.
        </p>
      </noscript>
      <MapBox
        id="oc-map"
        class="oc-map"
        label={tr(p, 'Мапа звернень', 'Map of reports')}
        src={`${base(c)}/map.json${props.query ? `?${props.query}` : ''}`}
        map={{ center: props.center, tileUrl: props.tileUrl, attribution: props.attribution }}
      />
      <ul class="oc-legend" aria-label={tr(p, 'Кольори міток', 'Marker colours')}>
        {STATUSES.filter((s) => s !== 'new').map((s) => (
          <li>
            <span class={`oc-dot oc-dot-${s}`} aria-hidden="true"></span> <span safe>{STATUS_LABEL[s][p.lang]}</span>
          </li>
        ))}
      </ul>
      <AreaSubscribeForm p={p} c={c} center={props.center} />
    </Layout>
  );
}
