/**
 * Pure rules of the e-queue: the free slots of a service at an office on a Kyiv day, the week a limit
 * counts in, and the booking code. Slots run from opening time in steps of the service's visit length;
 * a slot that would overlap the break or run past closing is not offered, nor one on a day off (the office
 * has no hours that weekday, the calendar makes a weekday a holiday — only outside martial law — or the
 * administrator set the date as a day off), nor one already begun. A slot is free on a window that takes
 * online bookings, serves the service and has no booking overlapping it; the slot is shown once, with the
 * windows it is free on. All wall-clock times are Kyiv's, so a day of a clock change has the right instants.
 */
import { addDaysToLocalDate, kyivParts, type CalendarOptions } from '../../core/calendar/index.js';
import { officeHoursOn, type DayHours, type WeekHours } from '../cnap/index.js';

export type { WeekHours };

export interface SlotWindow {
  id: number;
  online: boolean;
}

export interface Busy {
  windowId: number;
  start: Date;
  end: Date;
}

export interface SlotInput {
  /** Kyiv date 'YYYY-MM-DD'. */
  day: string;
  hours: WeekHours;
  calendar: CalendarOptions;
  daysOff: readonly string[];
  /** Active windows of the office that serve the service. */
  windows: readonly SlotWindow[];
  visitMinutes: number;
  bookings: readonly Busy[];
  now: Date;
}

export interface Slot {
  start: Date;
  end: Date;
  /** Windows the slot is free on, in id order; never empty. */
  windowIds: number[];
}

/** Day of the week of a Kyiv date (0 = Sunday); a date has no time zone. */
const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant of a Kyiv wall-clock time on a Kyiv date (two passes, so a clock-change day comes out right). */
export function kyivInstant(day: string, minuteOfDay: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const first = kyivParts(new Date(wall)).offsetMinutes;
  let t = wall - first * 60_000;
  const second = kyivParts(new Date(t)).offsetMinutes;
  if (second !== first) t = wall - second * 60_000;
  return new Date(t);
}

/** 'HH:MM' of an instant in Kyiv. */
export function kyivTime(instant: Date): string {
  const p = kyivParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * The office's hours on a Kyiv date as the ЦНАП site shows them (holidays and, outside martial law, the
 * shortened eve of a holiday), or null when it does not receive visitors that day (also the centre's days off).
 */
export function hoursOn(day: string, hours: WeekHours, calendar: CalendarOptions, daysOff: readonly string[]): DayHours | null {
  if (daysOff.includes(day)) return null;
  return officeHoursOn(hours, day, weekdayOf(day), calendar) ?? null;
}

export function freeSlots(i: SlotInput): Slot[] {
  const h = hoursOn(i.day, i.hours, i.calendar, i.daysOff);
  const windows = i.windows.filter((w) => w.online).sort((a, b) => a.id - b.id);
  if (!h || windows.length === 0 || i.visitMinutes <= 0) return [];
  const open = minutesOf(h.open);
  const close = minutesOf(h.close);
  const br = h.breakFrom && h.breakTo ? { from: minutesOf(h.breakFrom), to: minutesOf(h.breakTo) } : null;
  const out: Slot[] = [];
  let m = open;
  while (m + i.visitMinutes <= close) {
    if (br && m < br.to && m + i.visitMinutes > br.from) {
      m = Math.max(m + i.visitMinutes, br.to);
      continue;
    }
    const start = kyivInstant(i.day, m);
    const end = kyivInstant(i.day, m + i.visitMinutes);
    if (start > i.now) {
      const free = windows.filter((w) => !i.bookings.some((b) => b.windowId === w.id && b.start < end && b.end > start)).map((w) => w.id);
      if (free.length) out.push({ start, end, windowIds: free });
    }
    m += i.visitMinutes;
  }
  return out;
}

/** The Kyiv week (Monday to Sunday) a Kyiv date falls in: its first and the next week's first date. */
export function weekOf(day: string): { from: string; to: string } {
  const wd = weekdayOf(day);
  const from = addDaysToLocalDate(day, -((wd + 6) % 7));
  return { from, to: addDaysToLocalDate(from, 7) };
}

/** The days a resident may book: from today for `horizon` days. */
export function bookableDays(today: string, horizon: number): string[] {
  return Array.from({ length: horizon }, (_, k) => addDaysToLocalDate(today, k));
}

/** Letters and digits that cannot be mistaken for each other when read aloud or typed (no O/0, I/1). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A six-character booking code from random bytes. */
export function bookingCode(bytes: Uint8Array): string {
  return Array.from(bytes.slice(0, 6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export const BOOKING_CODE_RE = /^[A-HJ-NP-Z2-9]{6}$/;

export type ReminderKind = 'day' | 'hour';

const HOUR = 3600_000;

/**
 * Which reminder of a live booking is due at `now`, if any: the day-before one within the last 24 hours
 * before the visit (not for a booking made less than a day ahead, nor once the hour-before one is due),
 * the hour-before one within the last hour. Each is due only while not yet sent.
 */
export function reminderDue(b: { start: Date; createdAt: Date; dayAt: Date | null; hourAt: Date | null }, now: Date): ReminderKind | null {
  const left = b.start.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= HOUR) return b.hourAt ? null : 'hour';
  if (left <= 24 * HOUR && !b.dayAt && b.start.getTime() - b.createdAt.getTime() > 24 * HOUR) return 'day';
  return null;
}
