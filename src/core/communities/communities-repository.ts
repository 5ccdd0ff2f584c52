/** Reading and changing communities. */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { toCommunity, type Community } from './community.js';
import type { Text } from '../i18n/index.js';
import { searchFold } from '../i18n/index.js';

export async function findCommunityBySlug(db: Db, slug: string): Promise<Community | null> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) return null;
  const r = await db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toCommunity(r) : null;
}

export async function findCommunityById(db: Db, id: number): Promise<Community | null> {
  const r = await db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCommunity(r) : null;
}

export interface CommunitySearch {
  q?: string;
  oblast?: string;
  /** Suspended communities are shown only to the national moderator. */
  includeSuspended?: boolean;
}

/**
 * Search by name or oblast, case-insensitive in Ukrainian. There are at most a few thousand communities,
 * so we fold case in JS: PostgreSQL's lower() depends on the server's locale, which may be C.
 */
export async function searchCommunities(db: Db, s: CommunitySearch): Promise<Community[]> {
  let q = db.selectFrom('communities').selectAll().orderBy('name_uk');
  if (!s.includeSuspended) q = q.where('status', '=', 'connected');
  const rows = (await q.execute()).map(toCommunity);
  const needle = s.q ? searchFold(s.q) : '';
  const oblast = s.oblast ? searchFold(s.oblast) : '';
  return rows.filter((c) => {
    const hay = searchFold(`${c.name.uk} ${c.name.en} ${c.oblast.uk} ${c.oblast.en} ${c.raion.uk}`);
    return (!needle || hay.includes(needle)) && (!oblast || searchFold(c.oblast.uk) === oblast || searchFold(c.oblast.en) === oblast);
  });
}

export async function listOblasts(db: Db): Promise<Text[]> {
  const rows = await db
    .selectFrom('communities')
    .select(['oblast_uk', 'oblast_en'])
    .where('status', '=', 'connected')
    .groupBy(['oblast_uk', 'oblast_en'])
    .orderBy('oblast_uk')
    .execute();
  return rows.map((r) => ({ uk: r.oblast_uk, en: r.oblast_en }));
}

export async function communityTotals(db: Db): Promise<{ communities: number; population: number; users: number }> {
  const c = await db
    .selectFrom('communities')
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(population), 0)::bigint`.as('p')])
    .where('status', '=', 'connected')
    .executeTakeFirstOrThrow();
  const u = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { communities: c.n, population: Number(c.p), users: u.n };
}
