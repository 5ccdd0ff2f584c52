/** Open City queries: the nearest address already known to the community, for a report filed by a pin alone. */
import type { Db } from '../../../core/db/database.js';
import { notHidden } from '../../../core/moderation/moderation-service.js';
import { boundingBox, distanceMeters } from '../rules.js';
import { tables } from '../tables.js';

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
  const box = boundingBox(point, radiusM);
  const rows = await tables(db)
    .selectFrom('oc_reports as r')
    .select(['r.address', 'r.lat', 'r.lng'])
    .where('r.community_id', '=', communityId)
    .where('r.status', '!=', 'new')
    .where('r.address', '!=', '')
    .where('r.lat', '>=', box.minLat)
    .where('r.lat', '<=', box.maxLat)
    .where('r.lng', '>=', box.minLng)
    .where('r.lng', '<=', box.maxLng)
    .where(notHidden('open_city_report', 'r.id'))
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
