/** SQL of the e-queue: the only reader and writer of its tables. */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables as q } from './tables.js';
import type { Busy } from './rules.js';

export interface QueueWindow {
  id: number;
  officeId: number;
  name: string;
  online: boolean;
  active: boolean;
  serviceIds: number[];
}

export interface QueueService {
  serviceId: number;
  visitMinutes: number;
  weeklyLimit: number;
}

export interface Booking {
  id: number;
  communityId: number;
  code: string;
  officeId: number;
  windowId: number;
  windowName: string;
  serviceId: number;
  userId: number;
  personKey: string;
  start: Date;
  end: Date;
  status: 'booked' | 'cancelled';
}

export async function listWindows(db: Db, communityId: number): Promise<QueueWindow[]> {
  const rows = await q(db)
    .selectFrom('queue_windows')
    .select(['id', 'office_id', 'name', 'online', 'active'])
    .where('community_id', '=', communityId)
    .orderBy('office_id')
    .orderBy('name')
    .execute();
  const links = rows.length
    ? await q(db)
        .selectFrom('queue_window_services')
        .select(['window_id', 'service_id'])
        .where(
          'window_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    name: r.name,
    online: r.online,
    active: r.active,
    serviceIds: links.filter((l) => l.window_id === r.id).map((l) => l.service_id),
  }));
}

export async function queueServices(db: Db, communityId: number): Promise<QueueService[]> {
  const rows = await q(db)
    .selectFrom('queue_services')
    .select(['service_id', 'visit_minutes', 'weekly_limit'])
    .where('community_id', '=', communityId)
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, visitMinutes: r.visit_minutes, weeklyLimit: r.weekly_limit }));
}

/** The office's days off (Kyiv dates) from `from` on; all of them when `from` is null. */
export async function daysOff(db: Db, officeIds: readonly number[], from: string | null): Promise<{ officeId: number; day: string }[]> {
  if (officeIds.length === 0) return [];
  let query = q(db)
    .selectFrom('queue_days_off')
    .select(['office_id', sql<string>`day::text`.as('day')])
    .where('office_id', 'in', officeIds);
  if (from) query = query.where('day', '>=', from);
  return (await query.orderBy('day').execute()).map((r) => ({ officeId: r.office_id, day: r.day }));
}

/** Live bookings of these windows that overlap [from, to). */
export async function busyOf(db: Db, windowIds: readonly number[], from: Date, to: Date, exceptId: number | null = null): Promise<Busy[]> {
  if (windowIds.length === 0) return [];
  let query = q(db)
    .selectFrom('queue_bookings')
    .select(['window_id', 'starts_at', 'ends_at'])
    .where('window_id', 'in', windowIds)
    .where('status', '=', 'booked')
    .where('starts_at', '<', to)
    .where('ends_at', '>', from);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.execute()).map((r) => ({ windowId: r.window_id, start: r.starts_at, end: r.ends_at }));
}

/** Takes the windows' row locks until the transaction ends: bookings of one window are made one at a time. */
export async function lockWindows(db: Db, windowIds: readonly number[]): Promise<void> {
  if (windowIds.length === 0) return;
  await q(db).selectFrom('queue_windows').select('id').where('id', 'in', windowIds).orderBy('id').forUpdate().execute();
}

/** Takes a lock on one person's bookings until the transaction ends (their limits are checked under it). */
export async function lockPerson(db: Db, personKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`queue:${personKey}`}, 0))`.execute(db);
}

/** Live bookings of a person for a service with a start in [from, to). */
export async function countPersonBookings(db: Db, personKey: string, serviceId: number, from: Date, to: Date, exceptId: number | null): Promise<number> {
  let query = q(db)
    .selectFrom('queue_bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_key', '=', personKey)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Whether a person has a live booking (any service, any community) overlapping [start, end). */
export async function personBusy(db: Db, personKey: string, start: Date, end: Date, exceptId: number | null): Promise<boolean> {
  let query = q(db)
    .selectFrom('queue_bookings')
    .select('id')
    .where('person_key', '=', personKey)
    .where('status', '=', 'booked')
    .where('starts_at', '<', end)
    .where('ends_at', '>', start);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

/** Inserts a booking unless the window's start is taken; its id, or null. */
export async function insertBooking(
  db: Db,
  b: { communityId: number; code: string; officeId: number; windowId: number; serviceId: number; userId: number; personKey: string; start: Date; end: Date },
  now: Date,
): Promise<number | null> {
  const r = await sql<{ id: number }>`
    insert into queue_bookings (community_id, code, office_id, window_id, service_id, user_id, person_key, starts_at, ends_at, created_at)
    values (${b.communityId}, ${b.code}, ${b.officeId}, ${b.windowId}, ${b.serviceId}, ${b.userId}, ${b.personKey}, ${b.start}, ${b.end}, ${now})
    on conflict (window_id, starts_at) where status = 'booked' do nothing
    returning id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function moveBookingRow(db: Db, id: number, to: { windowId: number; start: Date; end: Date }): Promise<void> {
  await q(db)
    .updateTable('queue_bookings')
    .set({ window_id: to.windowId, starts_at: to.start, ends_at: to.end, reminded_day_at: null, reminded_hour_at: null })
    .where('id', '=', id)
    .execute();
}

export async function cancelBookingRow(db: Db, id: number, now: Date): Promise<void> {
  await q(db).updateTable('queue_bookings').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', id).where('status', '=', 'booked').execute();
}

export async function codeExists(db: Db, code: string): Promise<boolean> {
  return !!(await q(db).selectFrom('queue_bookings').select('id').where('code', '=', code).executeTakeFirst());
}

const bookingQuery = (db: Db) =>
  q(db)
    .selectFrom('queue_bookings as b')
    .innerJoin('queue_windows as w', 'w.id', 'b.window_id')
    .select([
      'b.id',
      'b.community_id',
      'b.code',
      'b.office_id',
      'b.window_id',
      'w.name as window_name',
      'b.service_id',
      'b.user_id',
      'b.person_key',
      'b.starts_at',
      'b.ends_at',
      'b.status',
    ]);

type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingQuery>['executeTakeFirstOrThrow']>>;

const bookingOf = (r: BookingRow): Booking => ({
  id: r.id,
  communityId: r.community_id,
  code: r.code,
  officeId: r.office_id,
  windowId: r.window_id,
  windowName: r.window_name,
  serviceId: r.service_id,
  userId: r.user_id,
  personKey: r.person_key,
  start: r.starts_at,
  end: r.ends_at,
  status: r.status,
});

export async function findBooking(db: Db, communityId: number, code: string): Promise<Booking | null> {
  const r = await bookingQuery(db).where('b.community_id', '=', communityId).where('b.code', '=', code).executeTakeFirst();
  return r ? bookingOf(r) : null;
}

/** A person's bookings in the community, latest start first (live and cancelled, the last 50). */
export async function bookingsOfPerson(db: Db, communityId: number, personKey: string): Promise<Booking[]> {
  const rows = await bookingQuery(db)
    .where('b.community_id', '=', communityId)
    .where('b.person_key', '=', personKey)
    .orderBy('b.starts_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(bookingOf);
}

// Administration.

export async function insertWindow(db: Db, communityId: number, w: { officeId: number; name: string; online: boolean; active: boolean }): Promise<number> {
  const r = await q(db)
    .insertInto('queue_windows')
    .values({ community_id: communityId, office_id: w.officeId, name: w.name, online: w.online, active: w.active })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateWindow(db: Db, id: number, w: { officeId: number; name: string; online: boolean; active: boolean }): Promise<void> {
  await q(db).updateTable('queue_windows').set({ office_id: w.officeId, name: w.name, online: w.online, active: w.active }).where('id', '=', id).execute();
}

export async function setWindowServices(db: Db, windowId: number, serviceIds: readonly number[]): Promise<void> {
  await q(db).deleteFrom('queue_window_services').where('window_id', '=', windowId).execute();
  if (serviceIds.length)
    await q(db)
      .insertInto('queue_window_services')
      .values(serviceIds.map((s) => ({ window_id: windowId, service_id: s })))
      .execute();
}

export async function windowNameTaken(db: Db, officeId: number, name: string, exceptId: number | null): Promise<boolean> {
  let query = q(db).selectFrom('queue_windows').select('id').where('office_id', '=', officeId).where('name', '=', name);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

/** Sets a service's visit length and weekly limit; `null` takes it out of the e-queue. */
export async function setQueueService(db: Db, communityId: number, serviceId: number, s: { visitMinutes: number; weeklyLimit: number } | null): Promise<void> {
  if (!s) {
    await q(db).deleteFrom('queue_services').where('service_id', '=', serviceId).execute();
    return;
  }
  await q(db)
    .insertInto('queue_services')
    .values({ service_id: serviceId, community_id: communityId, visit_minutes: s.visitMinutes, weekly_limit: s.weeklyLimit })
    .onConflict((oc) => oc.column('service_id').doUpdateSet({ visit_minutes: s.visitMinutes, weekly_limit: s.weeklyLimit }))
    .execute();
}

export async function setDayOff(db: Db, officeId: number, day: string, off: boolean): Promise<void> {
  if (off)
    await q(db)
      .insertInto('queue_days_off')
      .values({ office_id: officeId, day })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else await q(db).deleteFrom('queue_days_off').where('office_id', '=', officeId).where('day', '=', day).execute();
}

/** Communities that already have windows (the demo leaves them alone). */
export async function communitiesWithWindows(db: Db): Promise<Set<number>> {
  return new Set((await q(db).selectFrom('queue_windows').select('community_id').distinct().execute()).map((r) => r.community_id));
}

// Reminders.

/** Live bookings starting within the next day that still have a reminder unsent. */
export async function remindersPending(db: Db, now: Date): Promise<{ id: number; start: Date; createdAt: Date; dayAt: Date | null; hourAt: Date | null }[]> {
  const rows = await q(db)
    .selectFrom('queue_bookings')
    .select(['id', 'starts_at', 'created_at', 'reminded_day_at', 'reminded_hour_at'])
    .where('status', '=', 'booked')
    .where('starts_at', '>', now)
    .where('starts_at', '<=', new Date(now.getTime() + 24 * 3600_000))
    .where('reminded_hour_at', 'is', null)
    .orderBy('starts_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, start: r.starts_at, createdAt: r.created_at, dayAt: r.reminded_day_at, hourAt: r.reminded_hour_at }));
}

/** Marks a reminder sent unless it already is; true when this call marked it. */
export async function markReminded(db: Db, id: number, kind: 'day' | 'hour', now: Date): Promise<boolean> {
  const column = kind === 'day' ? 'reminded_day_at' : 'reminded_hour_at';
  const r = await q(db)
    .updateTable('queue_bookings')
    .set({ [column]: now })
    .where('id', '=', id)
    .where(column, 'is', null)
    .where('status', '=', 'booked')
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export async function findBookingById(db: Db, id: number): Promise<Booking | null> {
  const r = await bookingQuery(db).where('b.id', '=', id).executeTakeFirst();
  return r ? bookingOf(r) : null;
}

export async function contactOf(db: Db, userId: number): Promise<{ email: string | null; lang: 'uk' | 'en' } | null> {
  const r = await db.selectFrom('users').select(['email', 'lang']).where('id', '=', userId).executeTakeFirst();
  return r ? { email: r.email, lang: r.lang } : null;
}
