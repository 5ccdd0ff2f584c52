/** Coordinates as people type them into forms and partners send them through APIs. */

/**
 * Coordinates typed by a person or sent by a partner: both or neither, numbers in range; a comma as the
 * decimal separator is accepted (Ukrainian keyboards).
 */
export function parseCoordinates(
  latRaw: string,
  lngRaw: string,
): { ok: true; point: { lat: number; lng: number } | null } | { ok: false; field: 'lat' | 'lng' } {
  const lt = latRaw.trim().replace(',', '.');
  const lg = lngRaw.trim().replace(',', '.');
  if (!lt && !lg) return { ok: true, point: null };
  const num = /^-?\d{1,3}(\.\d{1,12})?$/;
  if (!num.test(lt) || Math.abs(Number(lt)) > 90) return { ok: false, field: 'lat' };
  if (!num.test(lg) || Math.abs(Number(lg)) > 180) return { ok: false, field: 'lng' };
  return { ok: true, point: { lat: Number(lt), lng: Number(lg) } };
}
