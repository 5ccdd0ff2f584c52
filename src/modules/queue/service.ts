/**
 * The e-queue's use-cases. Administration (windows, services' visit lengths, days off) is audited in the
 * transaction of the change. A booking is made in one transaction that takes the person's lock (their
 * limits), then the row locks of the office's windows for the service (so two people never get the same
 * window at overlapping times), reads the free slots again and inserts into the first window still free;
 * the partial unique index on (window, start) is the database's own guarantee under all this.
 */
import { randomBytes } from 'node:crypto';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import { personKeys } from '../../core/identity/person-key.js';
import { cnapOffices, cnapServices, type CnapOfficeSummary, type CnapServiceSummary } from '../cnap/index.js';
import {
  busyOf,
  cancelBookingRow,
  codeExists,
  countPersonBookings,
  daysOff,
  insertBooking,
  insertWindow,
  listWindows,
  lockPerson,
  lockWindows,
  moveBookingRow,
  personBusy,
  queueServices,
  setDayOff,
  setQueueService,
  setWindowServices,
  updateWindow,
  type Booking,
  type QueueService,
  type QueueWindow,
} from './repository.js';
import { bookableDays, bookingCode, freeSlots, weekOf, type Slot } from './rules.js';

/** How many days ahead a resident may book, today included. */
export const HORIZON_DAYS = 14;

/** Everything the booking pages choose from: services in the e-queue, offices, windows and settings. */
export interface QueueSetup {
  services: CnapServiceSummary[];
  offices: CnapOfficeSummary[];
  windows: QueueWindow[];
  settings: QueueService[];
}

export async function queueSetup(ctx: CoreContext, c: Community, lang: 'uk' | 'en'): Promise<QueueSetup> {
  const [services, offices, windows, settings] = await Promise.all([
    cnapServices(ctx, c),
    cnapOffices(ctx, c, lang),
    listWindows(ctx.db, c.id),
    queueServices(ctx.db, c.id),
  ]);
  return { services, offices, windows, settings };
}

/** The active windows of an office that serve a service (online or not). */
export function windowsFor(s: QueueSetup, serviceId: number, officeId: number): QueueWindow[] {
  return s.windows.filter((w) => w.active && w.officeId === officeId && w.serviceIds.includes(serviceId));
}

/** Services a resident can book online: in the e-queue and served by an online window somewhere. */
export function bookableServices(s: QueueSetup): CnapServiceSummary[] {
  return s.services.filter((sv) => s.settings.some((x) => x.serviceId === sv.id) && s.offices.some((o) => bookableAt(s, sv.id, o.id)));
}

export function bookableAt(s: QueueSetup, serviceId: number, officeId: number): boolean {
  return windowsFor(s, serviceId, officeId).some((w) => w.online);
}

/** The free slots of a service at an office on a Kyiv day; `exceptId` is a booking being moved. */
export async function slotsOn(
  ctx: CoreContext,
  s: QueueSetup,
  serviceId: number,
  officeId: number,
  day: string,
  exceptId: number | null = null,
  db = ctx.db,
): Promise<Slot[]> {
  const office = s.offices.find((o) => o.id === officeId);
  const setting = s.settings.find((x) => x.serviceId === serviceId);
  const windows = windowsFor(s, serviceId, officeId);
  if (!office || !setting || windows.length === 0) return [];
  const from = startOfKyivDay(day);
  const to = new Date(from.getTime() + 26 * 3600_000);
  const [off, bookings] = await Promise.all([
    daysOff(db, [officeId], day),
    busyOf(
      db,
      windows.map((w) => w.id),
      from,
      to,
      exceptId,
    ),
  ]);
  return freeSlots({
    day,
    hours: office.hours,
    calendar: ctx.calendar,
    daysOff: off.map((d) => d.day),
    windows,
    visitMinutes: setting.visitMinutes,
    bookings,
    now: ctx.clock.now(),
  });
}

/** The days a resident may choose now, with how many slots each has free. */
export async function daysWithSlots(ctx: CoreContext, s: QueueSetup, serviceId: number, officeId: number): Promise<{ day: string; free: number }[]> {
  const days = bookableDays(kyivDateOf(ctx.clock.now()), HORIZON_DAYS);
  const out: { day: string; free: number }[] = [];
  for (const day of days) out.push({ day, free: (await slotsOn(ctx, s, serviceId, officeId, day)).length });
  return out;
}

export type BookRefusal = 'taken' | 'weekly' | 'overlap';
export type BookResult = { code: string } | { refusal: BookRefusal };

interface Choice {
  serviceId: number;
  officeId: number;
  start: Date;
}

/**
 * Books a slot, or moves `moving` (the person's own live booking) to it. Refused when the slot is not free
 * on any window (taken meanwhile, past, or never offered), when the person already has the week's limit
 * of this service, or when they have another booking at an overlapping time.
 */
export async function book(ctx: CoreContext, c: Community, v: Viewer, choice: Choice, moving: Booking | null = null): Promise<BookResult> {
  const setup = await queueSetup(ctx, c, 'uk');
  const { personKey } = await personKeys(ctx, v);
  const now = ctx.clock.now();
  const day = kyivDateOf(choice.start);
  if (!bookableDays(kyivDateOf(now), HORIZON_DAYS).includes(day)) return { refusal: 'taken' };
  const setting = setup.settings.find((x) => x.serviceId === choice.serviceId);
  const candidates = windowsFor(setup, choice.serviceId, choice.officeId).filter((w) => w.online);
  if (!setting || candidates.length === 0) return { refusal: 'taken' };
  const exceptId = moving?.id ?? null;
  return ctx.db.transaction().execute(async (trx): Promise<BookResult> => {
    await lockPerson(trx, personKey);
    await lockWindows(
      trx,
      candidates.map((w) => w.id),
    );
    const slot = (await slotsOn(ctx, setup, choice.serviceId, choice.officeId, day, exceptId, trx)).find((x) => x.start.getTime() === choice.start.getTime());
    if (!slot) return { refusal: 'taken' };
    const week = weekOf(day);
    const booked = await countPersonBookings(trx, personKey, choice.serviceId, startOfKyivDay(week.from), startOfKyivDay(week.to), exceptId);
    if (booked >= setting.weeklyLimit) return { refusal: 'weekly' };
    if (await personBusy(trx, personKey, slot.start, slot.end, exceptId)) return { refusal: 'overlap' };
    const windowId = slot.windowIds[0]!;
    if (moving) {
      await moveBookingRow(trx, moving.id, { windowId, start: slot.start, end: slot.end });
      await recordAudit(trx, {
        communityId: c.id,
        actorUserId: v.id,
        action: 'queue.booking.moved',
        subjectType: 'queue-booking',
        subjectId: moving.id,
        before: { window: moving.windowId, start: moving.start.toISOString() },
        after: { window: windowId, start: slot.start.toISOString() },
      });
      return { code: moving.code };
    }
    let code = bookingCode(randomBytes(6));
    while (await codeExists(trx, code)) code = bookingCode(randomBytes(6));
    const id = await insertBooking(
      trx,
      { communityId: c.id, code, officeId: choice.officeId, windowId, serviceId: choice.serviceId, userId: v.id, personKey, start: slot.start, end: slot.end },
      now,
    );
    if (id === null) return { refusal: 'taken' };
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: v.id,
      action: 'queue.booking.created',
      subjectType: 'queue-booking',
      subjectId: id,
      after: { service: choice.serviceId, office: choice.officeId, window: windowId, start: slot.start.toISOString() },
    });
    return { code };
  });
}

/** Whether this booking is the viewer's own (by person key, so another account of the same person sees it too). */
export async function ownsBooking(ctx: CoreContext, v: Viewer, b: Booking): Promise<boolean> {
  return b.userId === v.id || (await personKeys(ctx, v)).personKey === b.personKey;
}

export async function cancelBooking(ctx: CoreContext, c: Community, v: Viewer, b: Booking): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await cancelBookingRow(trx, b.id, ctx.clock.now());
    await recordAudit(trx, { communityId: c.id, actorUserId: v.id, action: 'queue.booking.cancelled', subjectType: 'queue-booking', subjectId: b.id });
  });
}

// Administration.

type Actor = { community: Community; actorId: number };

export interface WindowFields {
  officeId: number;
  name: string;
  online: boolean;
  active: boolean;
  serviceIds: number[];
}

/** Creates (id null) or changes a window with the services it serves; returns its id. */
export async function saveWindow(ctx: CoreContext, a: Actor, id: number | null, f: WindowFields): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const windowId = id ?? (await insertWindow(trx, a.community.id, f));
    if (id !== null) await updateWindow(trx, id, f);
    await setWindowServices(trx, windowId, f.serviceIds);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: id === null ? 'queue.window.created' : 'queue.window.changed',
      subjectType: 'queue-window',
      subjectId: windowId,
      after: f,
    });
    return windowId;
  });
}

/** Puts a service in the e-queue with its visit length and weekly limit, or (null) takes it out. */
export async function saveQueueService(ctx: CoreContext, a: Actor, serviceId: number, s: { visitMinutes: number; weeklyLimit: number } | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await setQueueService(trx, a.community.id, serviceId, s);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: s ? 'queue.service.set' : 'queue.service.removed',
      subjectType: 'cnap-service',
      subjectId: serviceId,
      ...(s ? { after: s } : {}),
    });
  });
}

export async function saveDayOff(ctx: CoreContext, a: Actor, officeId: number, day: string, off: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await setDayOff(trx, officeId, day, off);
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.actorId,
      action: off ? 'queue.day-off.added' : 'queue.day-off.removed',
      subjectType: 'cnap-office',
      subjectId: officeId,
      after: { day },
    });
  });
}
