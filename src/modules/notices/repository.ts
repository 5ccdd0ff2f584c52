/** SQL of the notice board; the module's only reader and writer of its table. */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables as q } from './tables.js';

export interface Notice {
  id: number;
  communityId: number;
  authorUserId: number | null;
  authorName: string;
  body: string;
  createdAt: Date;
}

export async function insertNotice(
  db: Db,
  n: { communityId: number; authorUserId: number | null; authorName: string; body: string; now: Date },
): Promise<number> {
  const r = await q(db)
    .insertInto('notices')
    .values({ community_id: n.communityId, author_user_id: n.authorUserId, author_name: n.authorName, body: n.body, created_at: n.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

function toNotice(r: { id: number; community_id: number; author_user_id: number | null; author_name: string; body: string; created_at: Date }): Notice {
  return { id: r.id, communityId: r.community_id, authorUserId: r.author_user_id, authorName: r.author_name, body: r.body, createdAt: r.created_at };
}

export async function listNotices(db: Db, communityId: number, limit = 50): Promise<Notice[]> {
  const rows = await q(db).selectFrom('notices').selectAll().where('community_id', '=', communityId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toNotice);
}

export async function findNotice(db: Db, id: number): Promise<Notice | null> {
  const r = await q(db).selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toNotice(r) : null;
}

export async function noticesOfAuthor(db: Db, userId: number): Promise<(Notice & { slug: string })[]> {
  const rows = await q(db)
    .selectFrom('notices as n')
    .innerJoin('communities as c', 'c.id', 'n.community_id')
    .selectAll('n')
    .select('c.slug')
    .where('n.author_user_id', '=', userId)
    .orderBy('n.id', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ ...toNotice(r), slug: r.slug }));
}

export async function countNotices(db: Db, communityId: number | null, since?: Date): Promise<number> {
  let query = q(db)
    .selectFrom('notices')
    .select(sql<number>`count(*)::int`.as('n'));
  if (communityId !== null) query = query.where('community_id', '=', communityId);
  if (since) query = query.where('created_at', '>=', since);
  return (await query.executeTakeFirstOrThrow()).n;
}

/** On account deletion the text stays for the discussion, the name goes. */
export async function anonymizeAuthor(db: Db, userId: number): Promise<void> {
  await q(db).updateTable('notices').set({ author_name: '', author_user_id: null }).where('author_user_id', '=', userId).execute();
}
