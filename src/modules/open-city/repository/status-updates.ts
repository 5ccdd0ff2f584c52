/** The public status history of Open City's reports, as Open311 partners (FixMyStreet) pull it back. */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { notHidden } from '../../../core/moderation/moderation-service.js';
import { isStatus, type Status } from '../rules.js';
import { tables } from '../tables.js';

/** A public change of a report's status, as partners' clients (FixMyStreet) fetch them: its first photo too. */
export interface PublicStatusUpdate {
  id: number;
  reportId: number;
  toStatus: Status;
  body: string;
  createdAt: Date;
  photoId: number | null;
}

/**
 * The public status history of a community's reports in a time window, oldest first: every change that
 * set a status (staff's, and the reporter's confirm, reopen and answer), never internal notes, never the
 * filing itself; reports a moderator hid are left out, and reports still in moderation unless asked.
 */
export async function publicStatusUpdates(
  db: Db,
  f: { communityId: number; from: Date; to: Date; withNew: boolean; limit: number },
): Promise<PublicStatusUpdate[]> {
  const rows = await tables(db)
    .selectFrom('oc_updates as u')
    .innerJoin('oc_reports as r', 'r.id', 'u.report_id')
    .select(['u.id', 'u.report_id', 'u.to_status', 'u.body', 'u.created_at'])
    .select(sql<number | null>`(select min(p.id) from oc_photos p where p.update_id = u.id)`.as('photo_id'))
    .where('u.community_id', '=', f.communityId)
    .where('r.community_id', '=', f.communityId)
    .where('u.internal', '=', false)
    .where('u.kind', 'in', ['status', 'confirm', 'reopen', 'question'])
    .where('u.to_status', 'is not', null)
    .where('u.created_at', '>=', f.from)
    .where('u.created_at', '<=', f.to)
    .$if(!f.withNew, (b) => b.where('r.status', '<>', 'new'))
    .where(notHidden('open_city_report', 'r.id'))
    .orderBy('u.created_at')
    .orderBy('u.id')
    .limit(f.limit)
    .execute();
  return rows
    .filter((r) => isStatus(r.to_status))
    .map((r) => ({ id: r.id, reportId: r.report_id, toStatus: r.to_status as Status, body: r.body, createdAt: r.created_at, photoId: r.photo_id }));
}
