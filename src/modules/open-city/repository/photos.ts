/** Photos of Open City's reports and of their updates: stored resized, with a thumbnail. */
import type { Db } from '../../../core/db/database.js';
import { tables } from '../tables.js';

export async function insertPhoto(
  db: Db,
  p: { reportId: number; communityId: number; updateId: number | null; mime: string; width: number; height: number; data: Buffer; thumb: Buffer; now: Date },
): Promise<number> {
  const r = await tables(db)
    .insertInto('oc_photos')
    .values({
      report_id: p.reportId,
      community_id: p.communityId,
      update_id: p.updateId,
      mime: p.mime,
      width: p.width,
      height: p.height,
      data: p.data,
      thumb: p.thumb,
      created_at: p.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function reportPhotoIds(db: Db, reportId: number): Promise<number[]> {
  return (await tables(db).selectFrom('oc_photos').select('id').where('report_id', '=', reportId).where('update_id', 'is', null).orderBy('id').execute()).map(
    (r) => r.id,
  );
}

export async function getPhoto(db: Db, id: number): Promise<{ reportId: number; communityId: number; mime: string; data: Buffer; thumb: Buffer } | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('oc_photos').select(['report_id', 'community_id', 'mime', 'data', 'thumb']).where('id', '=', id).executeTakeFirst();
  return r ? { reportId: r.report_id, communityId: r.community_id, mime: r.mime, data: Buffer.from(r.data), thumb: Buffer.from(r.thumb) } : null;
}
