/**
 * Working days and deadlines in Kyiv local time.
 *
 * Terms are counted the Ukrainian way (Civil Code Arts. 253–254): the day of
 * the event itself does not count, and a term ends at the end of its last
 * day. Deadlines are returned as the last millisecond of that Kyiv day, so
 * comparing `now <= deadline` is all a caller needs.
 */

import { isPeacetimeDayOff } from './holidays.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, weekdayOfLocalDate } from './kyiv-time.js';

export interface CalendarOptions {
  /**
   * True while martial law is in force (Law 2136-IX, Art. 6): Art. 73
   * holidays and Art. 67 transferred days off are ordinary working days, so
   * only Saturdays and Sundays are days off.
   */
  martialLaw: boolean;
}

/** Martial law has been in force since 24 February 2022 and still is. */
export const DEFAULT_CALENDAR_OPTIONS: Readonly<CalendarOptions> = Object.freeze({ martialLaw: true });

export interface CalendarDaysOptions extends CalendarOptions {
  /**
   * Civil Code Art. 254 part 5: if the last day of a term is a day off, the
   * term ends on the next working day. Defaults to true; set false for terms
   * that a specific law says end on a fixed calendar day regardless.
   */
  rollToWorkingDay?: boolean;
}

function assertPositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`${what} must be a positive integer, got ${String(n)}`);
  }
}

function assertValidInstant(d: Date, what: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new RangeError(`${what} must be a valid Date`);
  }
}

/** Saturday or Sunday; these are days off with or without martial law. */
export function isWeekend(localDate: string): boolean {
  const wd = weekdayOfLocalDate(localDate);
  return wd === 0 || wd === 6;
}

/**
 * Whether `localDate` is a working day. Outside martial law, holidays and
 * transferred days off are checked too, which throws RangeError for years
 * without holiday data (see holidays.ts).
 */
export function isWorkingDay(localDate: string, opts: CalendarOptions = DEFAULT_CALENDAR_OPTIONS): boolean {
  if (isWeekend(localDate)) return false;
  if (opts.martialLaw) return true;
  return !isPeacetimeDayOff(localDate);
}

/**
 * Labour Code Art. 53 part 1: on the eve of an Art. 73 holiday (or of the Art. 67 day off that replaces
 * one falling on a weekend) the working day is one hour shorter. The eve is the last working day before
 * such a day off, so a Friday is one when a holiday falls on the following Saturday, Sunday or Monday.
 * Under martial law holidays are working days, so no day is shortened (Law 2136-IX, Art. 6 suspends
 * Art. 73 together with the rest).
 */
export function isPreHolidayDay(localDate: string, opts: CalendarOptions = DEFAULT_CALENDAR_OPTIONS): boolean {
  if (opts.martialLaw || !isWorkingDay(localDate, opts)) return false;
  for (let d = addDaysToLocalDate(localDate, 1); !isWorkingDay(d, opts); d = addDaysToLocalDate(d, 1)) {
    if (isPeacetimeDayOff(d)) return true;
  }
  return false;
}

/** First working day strictly after `localDate`. */
export function nextWorkingDay(localDate: string, opts: CalendarOptions = DEFAULT_CALENDAR_OPTIONS): string {
  let d = addDaysToLocalDate(localDate, 1);
  while (!isWorkingDay(d, opts)) d = addDaysToLocalDate(d, 1);
  return d;
}

/**
 * Deadline of a term of `n` working days starting from the event at `from`:
 * the end (23:59:59.999 Kyiv) of the n-th working day after the Kyiv date of
 * `from`. The event day itself never counts, even if it is a working day.
 */
export function addWorkingDays(from: Date, n: number, opts: CalendarOptions = DEFAULT_CALENDAR_OPTIONS): Date {
  assertValidInstant(from, 'from');
  assertPositiveInteger(n, 'Working day count');
  let d = kyivDateOf(from);
  for (let counted = 0; counted < n;) {
    d = addDaysToLocalDate(d, 1);
    if (isWorkingDay(d, opts)) counted++;
  }
  return endOfKyivDay(d);
}

/**
 * Deadline of a term of `n` calendar days: the end of the Kyiv day `n` days
 * after the Kyiv date of `from`. With `rollToWorkingDay` (default) a last day
 * that is not a working day moves to the next working day (Civil Code
 * Art. 254 part 5); weekends always count as days off, holidays only when
 * `martialLaw` is false.
 */
export function addCalendarDays(from: Date, n: number, opts: CalendarDaysOptions = DEFAULT_CALENDAR_OPTIONS): Date {
  assertValidInstant(from, 'from');
  assertPositiveInteger(n, 'Calendar day count');
  let d = addDaysToLocalDate(kyivDateOf(from), n);
  if ((opts.rollToWorkingDay ?? true) && !isWorkingDay(d, opts)) {
    d = nextWorkingDay(d, opts);
  }
  return endOfKyivDay(d);
}

/**
 * Working days remaining for a citizen: those from tomorrow (Kyiv) up to and
 * including the deadline's Kyiv date. Today is excluded because it is already
 * partly spent, so on the last day this returns 0 while `isOverdue` is still
 * false. Returns 0 once the deadline has passed.
 */
export function workingDaysLeft(now: Date, deadline: Date, opts: CalendarOptions = DEFAULT_CALENDAR_OPTIONS): number {
  assertValidInstant(now, 'now');
  assertValidInstant(deadline, 'deadline');
  if (isOverdue(now, deadline)) return 0;
  const last = kyivDateOf(deadline);
  let count = 0;
  // 'YYYY-MM-DD' strings compare chronologically.
  for (let d = addDaysToLocalDate(kyivDateOf(now), 1); d <= last; d = addDaysToLocalDate(d, 1)) {
    if (isWorkingDay(d, opts)) count++;
  }
  return count;
}

/** True strictly after the deadline instant; the deadline millisecond itself is still on time. */
export function isOverdue(now: Date, deadline: Date): boolean {
  assertValidInstant(now, 'now');
  assertValidInstant(deadline, 'deadline');
  return now.getTime() > deadline.getTime();
}
