/** Queries of following by e-mail (core-011). */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { FollowFrequency, FollowsTable } from '../db/schema.js';
import type { FollowTarget } from './rules.js';

export type FollowRow = Selectable<FollowsTable>;

/** A person whose address is proven: by the e-mail sign-in's code, or by a code confirmed in the cabinet. */
const CONFIRMED_EMAIL = sql<boolean>`(u.email is not null and u.deleted_at is null and (u.verification_level = 'email' or exists (
  select 1 from email_confirmations ec where ec.user_id = u.id and ec.used_at is not null and lower(ec.email) = lower(u.email))))`;

export async function hasConfirmedEmail(db: Db, userId: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select ${CONFIRMED_EMAIL} as ok from users u where u.id = ${userId}`.execute(db);
  return r.rows[0]?.ok === true;
}

export async function findFollow(db: Db, userId: number, communityId: number, t: FollowTarget): Promise<FollowRow | undefined> {
  return db
    .selectFrom('follows')
    .selectAll()
    .where('user_id', '=', userId)
    .where('community_id', '=', communityId)
    .where('tool', '=', t.tool)
    .where('item', '=', t.item)
    .executeTakeFirst();
}

export async function followById(db: Db, id: number): Promise<FollowRow | undefined> {
  return db.selectFrom('follows').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface FollowListRow extends FollowRow {
  slug: string;
  name_uk: string;
  name_en: string;
}

export async function followsOf(db: Db, userId: number): Promise<FollowListRow[]> {
  return db
    .selectFrom('follows')
    .innerJoin('communities', 'communities.id', 'follows.community_id')
    .selectAll('follows')
    .select(['communities.slug', 'communities.name_uk', 'communities.name_en'])
    .where('follows.user_id', '=', userId)
    .orderBy('follows.id')
    .execute();
}

/** A digest's clock starts when the person first wants one of this frequency (never reset by later follows). */
export async function startDigest(db: Db, userId: number, frequency: FollowFrequency, now: Date): Promise<void> {
  if (frequency === 'instant') return;
  await db
    .insertInto('follow_digests')
    .values({ user_id: userId, frequency, sent_until: now })
    .onConflict((oc) => oc.columns(['user_id', 'frequency']).doNothing())
    .execute();
}

/** The communities someone follows something in. */
export async function followedCommunityIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('follows').select('community_id').distinct().execute();
  return rows.map((r) => r.community_id);
}

/**
 * Takes the community's turn to be looked at: only one instance gets it per interval (the update is
 * atomic, a second one finds the new time). Null: not due, or never looked at (then `baseline` applies).
 */
export async function claimScan(db: Db, communityId: number, now: Date, intervalMs: number): Promise<'claimed' | 'not-due' | 'new'> {
  const r = await db
    .updateTable('follow_scans')
    .set({ scanned_at: now })
    .where('community_id', '=', communityId)
    .where('scanned_at', '<=', new Date(now.getTime() - intervalMs))
    .returning('community_id')
    .executeTakeFirst();
  if (r) return 'claimed';
  const seen = await db.selectFrom('follow_scans').select('community_id').where('community_id', '=', communityId).executeTakeFirst();
  return seen ? 'not-due' : 'new';
}

/** Marks the community as looked at for the first time; false when another request or instance did it first. */
export async function startScans(db: Db, communityId: number, now: Date): Promise<boolean> {
  const r = await db
    .insertInto('follow_scans')
    .values({ community_id: communityId, scanned_at: now })
    .onConflict((oc) => oc.column('community_id').doNothing())
    .returning('community_id')
    .executeTakeFirst();
  return r !== undefined;
}

export interface NewEvent {
  key: string;
  tool: string;
  item: string;
  item_only: boolean;
  title: string;
  path: string;
  at: Date;
}

/** Records the events not seen before; returns those this call recorded (another instance's are left to it). */
export async function recordEvents(db: Db, communityId: number, events: NewEvent[], now: Date): Promise<(NewEvent & { id: number })[]> {
  if (events.length === 0) return [];
  const rows = await db
    .insertInto('follow_events')
    .values(events.map((e) => ({ community_id: communityId, ...e, detected_at: now })))
    .onConflict((oc) => oc.columns(['community_id', 'key']).doNothing())
    .returning(['id', 'key', 'tool', 'item', 'item_only', 'title', 'path', 'at'])
    .execute();
  return rows;
}

export interface Recipient {
  follow_id: number;
  user_id: number;
  email: string;
  lang: 'uk' | 'en';
  tool: string;
  item: string;
  title: string;
}

/** The instant followers of the community with a proven address, each follow of theirs that exists since before `now`. */
export async function instantRecipients(db: Db, communityId: number, now: Date): Promise<Recipient[]> {
  const r = await sql<Recipient>`
    select f.id as follow_id, f.user_id, u.email, u.lang, f.tool, f.item, f.title
    from follows f join users u on u.id = f.user_id
    where f.community_id = ${communityId} and f.frequency = 'instant' and f.created_at < ${now} and ${CONFIRMED_EMAIL}
    order by f.id`.execute(db);
  return r.rows;
}

/** Digests due: (person, frequency) whose last digest is a period old. */
export async function dueDigests(
  db: Db,
  now: Date,
  cutoffs: { daily: Date; weekly: Date },
  limit: number,
): Promise<{ user_id: number; frequency: 'daily' | 'weekly' }[]> {
  return db
    .selectFrom('follow_digests')
    .select(['user_id', 'frequency'])
    .where((eb) =>
      eb.or([
        eb.and([eb('frequency', '=', 'daily'), eb('sent_until', '<=', cutoffs.daily)]),
        eb.and([eb('frequency', '=', 'weekly'), eb('sent_until', '<=', cutoffs.weekly)]),
      ]),
    )
    .orderBy('sent_until')
    .limit(limit)
    .execute();
}

/**
 * Locks the person's digest row if it is still due; none when another instance holds it or has just sent
 * it (the condition is checked again after the lock), so a digest goes out once.
 */
export async function lockDueDigest(db: Db, userId: number, frequency: 'daily' | 'weekly', cutoff: Date): Promise<Date | null> {
  const r = await sql<{ sent_until: Date }>`
    select sent_until from follow_digests
    where user_id = ${userId} and frequency = ${frequency} and sent_until <= ${cutoff}
    for update skip locked`.execute(db);
  return r.rows[0]?.sent_until ?? null;
}

export async function markDigestSent(db: Db, userId: number, frequency: 'daily' | 'weekly', now: Date): Promise<void> {
  await db.updateTable('follow_digests').set({ sent_until: now }).where('user_id', '=', userId).where('frequency', '=', frequency).execute();
}

export interface DigestEvent {
  id: number;
  title: string;
  path: string;
  at: Date;
  community_id: number;
}

/** Events recorded in (since, until] that reach a follow of this frequency made before them (not with it). */
export async function digestEvents(db: Db, userId: number, frequency: 'daily' | 'weekly', since: Date, until: Date): Promise<DigestEvent[]> {
  const r = await sql<DigestEvent>`
    select distinct e.id, e.title, e.path, e.at, e.community_id
    from follow_events e join follows f on f.community_id = e.community_id
    where f.user_id = ${userId} and f.frequency = ${frequency}
      and e.detected_at > ${since} and e.detected_at <= ${until} and e.detected_at > f.created_at
      and (case when e.item_only then f.tool = e.tool and f.item <> '' and f.item = e.item
                else f.tool = '' or (f.tool = e.tool and (f.item = '' or f.item = e.item)) end)
    order by e.at, e.id`.execute(db);
  return r.rows;
}

export async function recipientOf(db: Db, userId: number): Promise<{ email: string; lang: 'uk' | 'en' } | null> {
  const r = await sql<{ email: string; lang: 'uk' | 'en' }>`select u.email, u.lang from users u where u.id = ${userId} and ${CONFIRMED_EMAIL}`.execute(db);
  return r.rows[0] ?? null;
}
