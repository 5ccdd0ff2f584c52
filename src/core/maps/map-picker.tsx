/**
 * A place on a map, as a form part: latitude and longitude fields that work on their own (no JavaScript,
 * no tiles), and a map box that the maps script turns into a pin picker with «Моє місцезнаходження».
 * The page must load MAP_SCRIPTS and MAP_STYLESHEET. One picker per page (the script looks it up by id).
 */
import { t, tr, type PageCtx } from '../views/page-context.js';
import { TextField, type FormState } from '../views/forms.js';
import { MapBox } from './map-box.js';

export interface MapView {
  /** Where the map opens; null shows the whole of Ukraine. */
  center: { lat: number; lng: number } | null;
  tileUrl: string;
  attribution: string;
}

export function MapPicker(props: { p: PageCtx; form: FormState; map: MapView }): JSX.Element {
  const { p, form, map } = props;
  return (
    <>
      <MapBox id="oc-pick-map" class="oc-map oc-map-pick" label={tr(p, 'Мапа: натисніть, щоб поставити мітку', 'Map: click to drop a pin')} map={map} />
      <p id="oc-tile-note" class="notice warning" role="status" hidden>
        {t(
          p,
          'Не вдалося завантажити мапу. Вкажіть адресу або координати вручну.',
          'The map could not be loaded. Give the address or the coordinates by hand.',
        )}
      </p>
      <p>
        <button type="button" class="button secondary" id="oc-locate" hidden>
          {t(p, 'Моє місцезнаходження', 'My location')}
        </button>
        <span id="oc-locate-status" role="status"></span>
      </p>
      <div class="oc-coords">
        <TextField
          ctx={p}
          form={form}
          name="lat"
          label={tr(p, 'Широта (необовʼязково)', 'Latitude (optional)')}
          hint={tr(p, 'Наприклад: 49.84190', 'For example: 49.84190')}
          inputmode="text"
          width="short"
          maxlength={20}
        />
        <TextField
          ctx={p}
          form={form}
          name="lng"
          label={tr(p, 'Довгота (необовʼязково)', 'Longitude (optional)')}
          hint={tr(p, 'Наприклад: 24.03150', 'For example: 24.03150')}
          inputmode="text"
          width="short"
          maxlength={20}
        />
      </div>
    </>
  );
}
