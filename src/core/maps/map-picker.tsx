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

/** One of the two coordinate fields, typed by hand where the map does not work. */
function CoordinateField(props: { p: PageCtx; form: FormState; name: 'lat' | 'lng'; label: string; example: string }): JSX.Element {
  const { p } = props;
  return (
    <TextField
      ctx={p}
      form={props.form}
      name={props.name}
      label={props.label}
      hint={tr(p, `Наприклад: ${props.example}`, `For example: ${props.example}`)}
      inputmode="text"
      width="short"
      maxlength={20}
    />
  );
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
        <CoordinateField p={p} form={form} name="lat" label={tr(p, 'Широта (необовʼязково)', 'Latitude (optional)')} example="49.84190" />
        <CoordinateField p={p} form={form} name="lng" label={tr(p, 'Довгота (необовʼязково)', 'Longitude (optional)')} example="24.03150" />
      </div>
    </>
  );
}
