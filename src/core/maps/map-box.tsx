/**
 * The box the maps script turns into a Leaflet map: where it opens (`map.center`, or the whole of Ukraine),
 * its tiles and their attribution, and (for a map of markers) `src`, the JSON the markers come from.
 */
import type { MapView } from './map-picker.js';

export function MapBox(props: { id: string; class: string; label: string; map: MapView; src?: string }): JSX.Element {
  const { map } = props;
  return (
    <div
      id={props.id}
      class={props.class}
      role="region"
      aria-label={props.label}
      data-src={props.src}
      data-tiles={map.tileUrl}
      data-attribution={map.attribution}
      data-lat={String(map.center?.lat ?? 49.0)}
      data-lng={String(map.center?.lng ?? 31.0)}
      data-zoom={map.center ? '13' : '6'}
    ></div>
  );
}
