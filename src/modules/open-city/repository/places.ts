/** Open City queries: the nearest address already known to the community, for a report filed by a pin alone. */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { notHidden } from '../../../core/moderation/moderation-service.js';
import { boundingBox, distanceMeters } from '../rules.js';
import { tables } from '../tables.js';

/**
 * A report `r` that is not hidden and lies in the box around `point` that holds every place within
 * `radiusM`: the index pre-filter of a search nearby (the exact distance is measured on the rows found).
 */
export function publicNear(point: { lat: number; lng: number }, radiusM: number): RawBuilder<SqlBool> {
  const box = boundingBox(point, radiusM);
  return sql<SqlBool>`r.lat >= ${box.minLat} and r.lat <= ${box.maxLat} and r.lng >= ${box.minLng} and r.lng <= ${box.maxLng}
    and ${notHidden('open_city_report', 'r.id')}`;
}

/**
 * The address of the nearest public report of this community within `radiusM` of the point, with its
 * distance; null when none is known. The community keeps no street register of its own, so the addresses
 * its residents already gave are the street data there is: reports awaiting moderation and hidden ones
 * are not used, so nothing unpublished leaks onto another report.
 */
export async function nearestKnownAddress(
  db: Db,
  communityId: number,
  point: { lat: number; lng: number },
  radiusM: number,
): Promise<{ address: string; distance: number } | null> {
  const rows = await tables(db)
    .selectFrom('oc_reports as r')
    .select(['r.address', 'r.lat', 'r.lng'])
    .where('r.community_id', '=', communityId)
    .where('r.status', '!=', 'new')
    .where('r.address', '!=', '')
    .where(publicNear(point, radiusM))
    .limit(200)
    .execute();
  let best: { address: string; distance: number } | null = null;
  for (const r of rows) {
    if (r.lat === null || r.lng === null) continue;
    const distance = distanceMeters(point, { lat: r.lat, lng: r.lng });
    // An address found this way is not found again with its own distance note.
    if (distance <= radiusM && (!best || distance < best.distance)) best = { address: r.address.replace(/ \(≈\d+ м від позначки\)$/, ''), distance };
  }
  return best;
}
