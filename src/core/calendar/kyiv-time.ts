/**
 * Europe/Kyiv wall-clock helpers built on Intl only.
 *
 * Legal terms in Ukraine are counted in Kyiv local days, while the platform
 * stores instants (UTC). Everything that turns an instant into a "day" must
 * go through here, so a vote opened at 01:30 Kyiv time is not attributed to
 * the previous UTC day and DST switches (last Sundays of March and October)
 * do not shift deadlines by an hour.
 *
 * Local dates are plain 'YYYY-MM-DD' strings: they carry no time zone, compare
 * correctly as strings, and cannot be mistaken for instants.
 */

/**
 * Older ICU builds only know the pre-2022 spelling 'Europe/Kiev'; both name the
 * same zone, so fall back instead of crashing at import time.
 */
function resolveKyivZone(): string {
  for (const zone of ['Europe/Kyiv', 'Europe/Kiev']) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone;
    } catch {
      // Try the next spelling.
    }
  }
  throw new Error('The runtime has no time zone data for Europe/Kyiv');
}

export const KYIV_TIME_ZONE: string = resolveKyivZone();

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: KYIV_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  // h23 avoids the "24:00" that hour12:false yields at midnight in some ICU versions.
  hourCycle: 'h23',
});

export interface KyivParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday, of the Kyiv local date. */
  weekday: number;
  /** Offset from UTC in minutes at that instant: 120 in winter, 180 in summer. */
  offsetMinutes: number;
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Expected a valid Date');
  }
}

/**
 * Validates and splits a 'YYYY-MM-DD' local date. Rejects impossible dates
 * such as 2027-02-30 instead of letting Date.UTC silently roll them over.
 */
export function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const m = LOCAL_DATE_RE.exec(localDate);
  if (m === null) {
    throw new RangeError(`Expected a local date 'YYYY-MM-DD', got '${localDate}'`);
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: '${localDate}'`);
  }
  return { year, month, day };
}

function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Day of week of a local date (0 = Sunday … 6 = Saturday); no time zone involved. */
export function weekdayOfLocalDate(localDate: string): number {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Calendar arithmetic on local dates; DST cannot affect it because no instants are involved. */
export function addDaysToLocalDate(localDate: string, n: number): string {
  if (!Number.isInteger(n)) {
    throw new RangeError(`Day count must be an integer, got ${String(n)}`);
  }
  const { year, month, day } = parseLocalDate(localDate);
  const shifted = new Date(Date.UTC(year, month - 1, day + n));
  return formatLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Wall-clock components of `instant` in Kyiv, with the UTC offset in force at that moment. */
export function kyivParts(instant: Date): KyivParts {
  assertValidInstant(instant);
  const fields: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields['year'];
  const month = fields['month'];
  const day = fields['day'];
  const hour = fields['hour'];
  const minute = fields['minute'];
  const second = fields['second'];
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined || second === undefined) {
    throw new Error('Intl.DateTimeFormat did not return all date parts');
  }
  // Kyiv offsets are whole minutes, so milliseconds are the same as in UTC.
  const millisecond = instant.getUTCMilliseconds();
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offsetMinutes = Math.round((wallAsUtc - instant.getTime()) / 60_000);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute, second, millisecond, weekday, offsetMinutes };
}

/** The Kyiv local date ('YYYY-MM-DD') on which `instant` falls. */
export function kyivDateOf(instant: Date): string {
  const p = kyivParts(instant);
  return formatLocalDate(p.year, p.month, p.day);
}

/**
 * UTC instant of 00:00 Kyiv time on `localDate`.
 *
 * Kyiv switches clocks at 03:00/04:00 local time, so local midnight always
 * exists exactly once; two passes of "guess the offset, re-check it" are
 * enough to land on it even on DST-change days.
 */
export function startOfKyivDay(localDate: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const wallAsUtc = Date.UTC(year, month - 1, day);
  const firstOffset = kyivParts(new Date(wallAsUtc)).offsetMinutes;
  let candidate = wallAsUtc - firstOffset * 60_000;
  const secondOffset = kyivParts(new Date(candidate)).offsetMinutes;
  if (secondOffset !== firstOffset) {
    candidate = wallAsUtc - secondOffset * 60_000;
  }
  return new Date(candidate);
}

/**
 * Last millisecond (23:59:59.999 Kyiv time) of `localDate`. Derived from the
 * next day's midnight so 23- and 25-hour DST days come out right.
 */
export function endOfKyivDay(localDate: string): Date {
  return new Date(startOfKyivDay(addDaysToLocalDate(localDate, 1)).getTime() - 1);
}

export type Lang = 'uk' | 'en';

// Hard-coded rather than taken from Intl so the output does not depend on the
// ICU build (small-icu builds, or CLDR changes like "Mar" vs "Mar.").
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function formatDateParts(p: KyivParts, lang: Lang): string {
  if (lang === 'uk') {
    return `${pad2(p.day)}.${pad2(p.month)}.${p.year}`;
  }
  return `${p.day} ${EN_MONTHS[p.month - 1] ?? ''} ${p.year}`;
}

/** Kyiv date of `instant`: uk '12.03.2027', en '12 Mar 2027'. */
export function formatKyivDate(instant: Date, lang: Lang): string {
  return formatDateParts(kyivParts(instant), lang);
}

/** Kyiv date and time of `instant`: uk '12.03.2027 о 14:05', en '12 Mar 2027, 14:05'. */
export function formatKyivDateTime(instant: Date, lang: Lang): string {
  const p = kyivParts(instant);
  const time = `${pad2(p.hour)}:${pad2(p.minute)}`;
  return lang === 'uk' ? `${formatDateParts(p, lang)} о ${time}` : `${formatDateParts(p, lang)}, ${time}`;
}
