/** Open City queries: subscriptions to reports and areas, and Open311 API keys. */
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { distanceMeters } from '../rules.js';
import { tables, type OcSubscriptionsTable } from '../tables.js';

/* ---------- subscriptions ---------- */

export async function addReportSubscription(
  db: Db,
  s: { communityId: number; userId: number | null; email: string; reportId: number; token: string; now: Date },
): Promise<boolean> {
  const existing = await tables(db)
    .selectFrom('oc_subscriptions')
    .select('id')
    .where('community_id', '=', s.communityId)
    .where('report_id', '=', s.reportId)
    .where(sql`lower(email)`, '=', s.email.toLowerCase())
    .executeTakeFirst();
  if (existing) return false;
  await tables(db)
    .insertInto('oc_subscriptions')
    .values({ community_id: s.communityId, user_id: s.userId, email: s.email, report_id: s.reportId, token: s.token, created_at: s.now })
    .execute();
  return true;
}

export async function addAreaSubscription(
  db: Db,
  s: { communityId: number; userId: number | null; email: string; center: { lat: number; lng: number }; radiusM: number; token: string; now: Date },
): Promise<boolean> {
  const existing = await tables(db)
    .selectFrom('oc_subscriptions')
    .select('id')
    .where('community_id', '=', s.communityId)
    .where('report_id', 'is', null)
    .where(sql`lower(email)`, '=', s.email.toLowerCase())
    .where('center_lat', '=', s.center.lat)
    .where('center_lng', '=', s.center.lng)
    .where('radius_m', '=', s.radiusM)
    .executeTakeFirst();
  if (existing) return false;
  await tables(db)
    .insertInto('oc_subscriptions')
    .values({
      community_id: s.communityId,
      user_id: s.userId,
      email: s.email,
      center_lat: s.center.lat,
      center_lng: s.center.lng,
      radius_m: s.radiusM,
      token: s.token,
      created_at: s.now,
    })
    .execute();
  return true;
}

export interface Subscription {
  id: number;
  communityId: number;
  email: string;
  reportId: number | null;
  /** The report's «№» within the community (what people read), when it follows a report. */
  reportNumber: number | null;
  center: { lat: number; lng: number } | null;
  radiusM: number | null;
  token: string;
}

function toSubscription(r: Omit<Selectable<OcSubscriptionsTable>, 'user_id' | 'created_at'> & { report_number: number | null }): Subscription {
  return {
    id: r.id,
    communityId: r.community_id,
    email: r.email,
    reportId: r.report_id,
    reportNumber: r.report_number,
    center: r.center_lat !== null && r.center_lng !== null ? { lat: r.center_lat, lng: r.center_lng } : null,
    radiusM: r.radius_m,
    token: r.token,
  };
}

/** Subscriptions with the followed report's number. */
const subscriptions = (db: Db) =>
  tables(db)
    .selectFrom('oc_subscriptions')
    .selectAll()
    .select((eb) => eb.selectFrom('oc_reports').select('oc_reports.number').whereRef('oc_reports.id', '=', 'oc_subscriptions.report_id').as('report_number'));

export async function reportSubscribers(db: Db, reportId: number): Promise<Subscription[]> {
  return (await subscriptions(db).where('report_id', '=', reportId).execute()).map(toSubscription);
}

export async function areaSubscribersAt(db: Db, communityId: number, point: { lat: number; lng: number }): Promise<Subscription[]> {
  const rows = await subscriptions(db).where('community_id', '=', communityId).where('report_id', 'is', null).execute();
  return rows.map(toSubscription).filter((s) => s.center && s.radiusM !== null && distanceMeters(s.center, point) <= s.radiusM);
}

export async function subscriptionsOfUser(db: Db, communityId: number, userId: number): Promise<Subscription[]> {
  return (await subscriptions(db).where('community_id', '=', communityId).where('user_id', '=', userId).orderBy('id').execute()).map(toSubscription);
}

export async function findSubscriptionByToken(db: Db, token: string): Promise<Subscription | null> {
  const r = await subscriptions(db).where('token', '=', token).executeTakeFirst();
  return r ? toSubscription(r) : null;
}

export async function deleteSubscription(db: Db, id: number): Promise<void> {
  await tables(db).deleteFrom('oc_subscriptions').where('id', '=', id).execute();
}

/* ---------- API keys (Open311 partners) ---------- */

export function hashApiKey(key: string): string {
  return createHash('sha256').update(`open311:${key}`).digest('hex');
}

export async function insertApiKey(db: Db, k: { communityId: number; name: string; key: string; createdBy: number; now: Date }): Promise<number> {
  const r = await tables(db)
    .insertInto('oc_api_keys')
    .values({
      community_id: k.communityId,
      name: k.name,
      key_hash: hashApiKey(k.key),
      key_prefix: k.key.slice(0, 6),
      created_by: k.createdBy,
      created_at: k.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findApiKey(db: Db, key: string): Promise<{ id: number; communityId: number; name: string } | null> {
  const r = await tables(db)
    .selectFrom('oc_api_keys')
    .select(['id', 'community_id', 'name'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: r.id, communityId: r.community_id, name: r.name } : null;
}

export async function listApiKeys(
  db: Db,
  communityId: number,
): Promise<{ id: number; name: string; prefix: string; createdAt: Date; revokedAt: Date | null }[]> {
  const rows = await tables(db).selectFrom('oc_api_keys').selectAll().where('community_id', '=', communityId).orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(db: Db, communityId: number, id: number, now: Date): Promise<boolean> {
  const r = await tables(db)
    .updateTable('oc_api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
