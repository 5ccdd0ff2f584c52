/** A service's information card, and an office's page (address, map, hours, accessibility, its services). */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { MapBox } from '../../../core/maps/map-box.js';
import { MAP_SCRIPTS, MAP_STYLESHEET } from '../../../core/maps/map-assets.js';
import type { Office, Service, Situation } from '../repository.js';
import { ACCESSIBILITY, WEEKDAY_NAMES, type OfficeStatus, type WEEK_ORDER } from '../rules.js';
import { base, BookingNote, HoursTable, StatusLine } from './parts.js';

function Row(props: { label: string; value: string }): JSX.Element {
  return props.value ? (
    <>
      <dt safe>{props.label}</dt>
      <dd class="cnap-text" safe>
        {props.value}
      </dd>
    </>
  ) : (
    <></>
  );
}

export function ServicePage(props: {
  p: PageCtx;
  c: Community;
  service: Service;
  situation: Situation | undefined;
  offices: { office: Office; status: OfficeStatus }[];
}): JSX.Element {
  const { p, c, service: s } = props;
  const documents = s.documents.split('\n').filter((d) => d.trim());
  return (
    <Layout ctx={p} title={s.name}>
      <p>
        <a href={base(c)}>{t(p, '← Усі послуги ЦНАП', '← All services')}</a>
      </p>
      <h1 safe>{s.name}</h1>
      {props.situation ? (
        <p class="meta" safe>
          {`${tr(p, 'Життєва ситуація', 'Life situation')}: ${props.situation.name}`}
        </p>
      ) : (
        ''
      )}
      <dl class="cnap-card">
        <Row label={tr(p, 'Хто може звернутися', 'Who may apply')} value={s.applicants} />
        {documents.length ? (
          <>
            <dt>{t(p, 'Документи', 'Documents')}</dt>
            <dd>
              <ul>
                {documents.map((d) => (
                  <li safe>{d}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : (
          ''
        )}
        <dt>{t(p, 'Вартість', 'Cost')}</dt>
        <dd safe>{s.cost || tr(p, 'Безоплатно', 'Free of charge')}</dd>
        <Row label={tr(p, 'Як оплатити', 'How to pay')} value={s.payment} />
        <Row label={tr(p, 'Строк надання', 'Term')} value={s.term} />
        <Row label={tr(p, 'Результат', 'Result')} value={s.result} />
        <Row label={tr(p, 'Як отримати результат', 'How the result is received')} value={s.receiving} />
        <Row label={tr(p, 'Правові підстави', 'Legal basis')} value={s.legalBasis} />
      </dl>
      {s.onlineUrl ? (
        <p class="notice">
          {t(p, 'Цю послугу можна отримати й онлайн:', 'This service is also available online:')}{' '}
          <a href={s.onlineUrl} rel="noopener" safe>
            {s.onlineUrl.includes('diia.gov.ua') ? tr(p, 'на порталі «Дія»', 'on the Diia portal') : s.onlineUrl}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2>{t(p, 'Де отримати', 'Where to get it')}</h2>
      <ul class="cnap-offices">
        {props.offices.map(({ office, status }) => (
          <li class="card">
            <a href={`${base(c)}/offices/${office.id}`} safe>
              {office.name}
            </a>
            <p safe>{office.address}</p>
            <StatusLine p={p} status={status} />
          </li>
        ))}
      </ul>
      <BookingNote p={p} />
    </Layout>
  );
}

export function OfficePage(props: {
  p: PageCtx;
  c: Community;
  office: Office;
  status: OfficeStatus;
  /** The shortened eves of holidays this week (Labour Code Art. 53), today first. */
  shortDays: { date: string; weekday: string; close: string }[];
  services: Service[];
  tileUrl: string;
  attribution: string;
}): JSX.Element {
  const { p, c, office: o } = props;
  const hasMap = o.lat !== null && o.lng !== null;
  return (
    <Layout ctx={p} title={o.name} scripts={hasMap ? MAP_SCRIPTS : []}>
      {hasMap ? <link rel="stylesheet" href={MAP_STYLESHEET} /> : ''}
      <p>
        <a href={base(c)}>{t(p, '← Усі послуги ЦНАП', '← All services')}</a>
      </p>
      <h1 safe>{o.name}</h1>
      <p class="meta">{o.kind === 'remote' ? t(p, 'Віддалене робоче місце', 'Remote workplace') : t(p, 'Офіс ЦНАП', 'ЦНАП office')}</p>
      <StatusLine p={p} status={props.status} />
      <dl class="cnap-card">
        <dt>{t(p, 'Адреса', 'Address')}</dt>
        <dd safe>{o.address}</dd>
        {o.phone ? (
          <>
            <dt>{t(p, 'Телефон', 'Phone')}</dt>
            <dd>
              <a href={`tel:${o.phone.replace(/[^+\d]/g, '')}`} safe>
                {o.phone}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {o.email ? (
          <>
            <dt>{t(p, 'Електронна пошта', 'E-mail')}</dt>
            <dd>
              <a href={`mailto:${o.email}`} safe>
                {o.email}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <HoursTable p={p} hours={o.hours} caption={tr(p, 'Графік роботи', 'Opening hours')} />
      {props.shortDays.length ? (
        <ul class="notice cnap-short-days">
          {props.shortDays.map((d) => (
            <li safe>
              {`${WEEKDAY_NAMES[d.weekday as (typeof WEEK_ORDER)[number]][p.lang]}, ${d.date.slice(8, 10)}.${d.date.slice(5, 7)}: ${tr(
                p,
                `скорочений передсвятковий день: до ${d.close}`,
                `shortened day before a holiday: until ${d.close}`,
              )}`}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <p class="hint">
        {t(
          p,
          'У святкові та неробочі дні за державним календарем офіс зачинено, а напередодні їх працює на годину менше (крім періоду воєнного стану); статус вище це враховує.',
          'The office is closed on public holidays and days off of the state calendar and closes an hour earlier the day before them (except under martial law); the status above takes this into account.',
        )}
      </p>
      {o.notes ? <p safe>{o.notes}</p> : ''}
      <h2>{t(p, 'Доступність приміщення', 'Accessibility of the premises')}</h2>
      {o.accessibility.length ? (
        <ul>
          {o.accessibility.map((a) => (
            <li safe>{ACCESSIBILITY[a]?.[p.lang] ?? a}</li>
          ))}
        </ul>
      ) : (
        <p>
          {t(p, 'Відомостей про облаштування для людей з інвалідністю ще немає: уточніть телефоном.', 'No accessibility details yet: please ask by phone.')}
        </p>
      )}
      {hasMap ? (
        <p id="oc-tile-note" class="notice warning" role="status" hidden>
          {t(p, 'Не вдалося завантажити підкладку мапи: адресу офісу вказано вище.', 'The map tiles could not be loaded: the office address is given above.')}
        </p>
      ) : (
        ''
      )}
      {hasMap ? (
        <MapBox
          id="oc-report-map"
          class="oc-map cnap-map"
          label={tr(p, `Мапа: ${o.name}`, `Map: ${o.name}`)}
          map={{ center: { lat: o.lat!, lng: o.lng! }, tileUrl: props.tileUrl, attribution: props.attribution }}
        />
      ) : (
        ''
      )}
      {hasMap ? (
        <p>
          <a href={`https://www.openstreetmap.org/?mlat=${o.lat}&mlon=${o.lng}#map=17/${o.lat}/${o.lng}`} rel="noopener">
            {t(p, 'Відкрити на OpenStreetMap', 'Open on OpenStreetMap')}
          </a>
        </p>
      ) : (
        ''
      )}
      <BookingNote p={p} />
      <h2>{t(p, 'Послуги в цьому офісі', 'Services at this office')}</h2>
      <ul class="cnap-services">
        {props.services.map((s) => (
          <li>
            <a href={`${base(c)}/services/${s.id}`} safe>
              {s.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
