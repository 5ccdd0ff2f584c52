/**
 * National public holidays of Ukraine (Labour Code, Art. 73) for 2020–2035,
 * plus the Art. 67 part 3 rule that moves a day off to the next working day
 * when a holiday coincides with Saturday or Sunday.
 *
 * Legal history encoded in HOLIDAY_RULES below:
 *  - Law 2211-VIII (2017): 7 January and 25 December are both Christmas,
 *    only 1 May is Labour Day. This is the baseline for 2020.
 *  - Law of 31 May 2022 (bill 5864): 28 July, Day of Ukrainian Statehood.
 *  - Law 3107-IX (29 May 2023, in force 15 June 2023): 8 May, Day of
 *    Remembrance and Victory over Nazism, replaces 9 May. 9 May 2023 had
 *    already passed under the old wording, so the switch shows from 2024.
 *  - Law 3149-IX (bill 9431, adopted 14 July 2023, signed 28 July 2023):
 *    Christmas only on 25 December (7 January dropped), Statehood Day moved
 *    from 28 July to 15 July, Defenders Day moved from 14 October to
 *    1 October. The law came into force after 15 July 2023, so 2023 still
 *    had 7 January and 28 July, while 1 October 2023 was already the new
 *    date; 14 October 2023 was no longer a holiday.
 *
 * Martial law (Law 2136-IX, Art. 6; in force since 24 February 2022)
 * suspends Art. 73 and Art. 67 parts 3–5, so under martial law all of these
 * are ordinary working days. That switch lives in working-days.ts; this
 * module only answers "what does peacetime law say".
 *
 * Deliberately NOT modelled: Cabinet of Ministers recommendations that swap
 * working days with Saturdays (they are recommendations to employers, not
 * law) and the days of other confessions under Art. 73 part 3.
 */

import { addDaysToLocalDate, parseLocalDate, weekdayOfLocalDate } from './kyiv-time.js';

export interface HolidayName {
  uk: string;
  en: string;
}

export interface Holiday {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  name: HolidayName;
}

/** A day off moved under Art. 67 part 3 (peacetime only). */
export interface TransferredDayOff {
  /** The Monday (or later weekday) that becomes a day off, 'YYYY-MM-DD'. */
  date: string;
  /** The weekend holiday that caused the transfer, 'YYYY-MM-DD'. */
  forHoliday: string;
  name: HolidayName;
}

export const FIRST_SUPPORTED_YEAR = 2020;
export const LAST_SUPPORTED_YEAR = 2035;

interface FixedHolidayRule {
  month: number;
  day: number;
  name: HolidayName;
  /** First calendar year in which this date is a holiday (inclusive). */
  firstYear: number;
  /** Last calendar year in which this date is a holiday (inclusive). */
  lastYear: number;
}

const ALWAYS_FROM = FIRST_SUPPORTED_YEAR;
const ALWAYS_TO = LAST_SUPPORTED_YEAR;

// Year bounds rather than exact dates of entry into force are enough here:
// every change happened between two occurrences of the affected holiday
// (see the header comment), and the year is what callers ask about.
const HOLIDAY_RULES: readonly FixedHolidayRule[] = [
  { month: 1, day: 1, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'Новий рік', en: "New Year's Day" } },
  { month: 1, day: 7, firstYear: ALWAYS_FROM, lastYear: 2023, name: { uk: 'Різдво Христове', en: 'Christmas (Julian calendar)' } },
  { month: 3, day: 8, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'Міжнародний жіночий день', en: "International Women's Day" } },
  { month: 5, day: 1, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'День праці', en: 'Labour Day' } },
  {
    month: 5,
    day: 8,
    firstYear: 2024,
    lastYear: ALWAYS_TO,
    name: {
      uk: 'День пам’яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років',
      en: 'Day of Remembrance and Victory over Nazism in World War II 1939–1945',
    },
  },
  {
    month: 5,
    day: 9,
    firstYear: ALWAYS_FROM,
    lastYear: 2023,
    name: {
      uk: 'День перемоги над нацизмом у Другій світовій війні (День перемоги)',
      en: 'Victory Day over Nazism in World War II',
    },
  },
  { month: 6, day: 28, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'День Конституції України', en: 'Constitution Day' } },
  { month: 7, day: 15, firstYear: 2024, lastYear: ALWAYS_TO, name: { uk: 'День Української Державності', en: 'Day of Ukrainian Statehood' } },
  { month: 7, day: 28, firstYear: 2022, lastYear: 2023, name: { uk: 'День Української Державності', en: 'Day of Ukrainian Statehood' } },
  { month: 8, day: 24, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'День незалежності України', en: 'Independence Day' } },
  { month: 10, day: 1, firstYear: 2023, lastYear: ALWAYS_TO, name: { uk: 'День захисників і захисниць України', en: 'Defenders Day' } },
  // The 14 October holiday was renamed from "День захисника України" in 2021;
  // the current name is used for all years because only the date matters here.
  { month: 10, day: 14, firstYear: ALWAYS_FROM, lastYear: 2022, name: { uk: 'День захисників і захисниць України', en: 'Defenders Day' } },
  { month: 12, day: 25, firstYear: ALWAYS_FROM, lastYear: ALWAYS_TO, name: { uk: 'Різдво Христове', en: 'Christmas' } },
];

/**
 * Orthodox Easter (Великдень) in the Gregorian calendar, listed as data so
 * that the holiday table can be audited by eye. `orthodoxEaster()` computes
 * the same dates and the tests check that both agree for every year.
 */
const ORTHODOX_EASTER: Readonly<Record<number, string>> = {
  2020: '2020-04-19',
  2021: '2021-05-02',
  2022: '2022-04-24',
  2023: '2023-04-16',
  2024: '2024-05-05',
  2025: '2025-04-20',
  2026: '2026-04-12',
  2027: '2027-05-02',
  2028: '2028-04-16',
  2029: '2029-04-08',
  2030: '2030-04-28',
  2031: '2031-04-13',
  2032: '2032-05-02',
  2033: '2033-04-24',
  2034: '2034-04-09',
  2035: '2035-04-29',
};

const EASTER_NAME: HolidayName = { uk: 'Великдень (Пасха)', en: 'Orthodox Easter' };
const TRINITY_NAME: HolidayName = { uk: 'Трійця', en: 'Trinity Sunday (Orthodox)' };
/** Trinity (Pentecost) is the seventh Sunday after Easter. */
const TRINITY_OFFSET_DAYS = 49;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`Holiday data covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}; got ${String(year)}`);
  }
}

/**
 * Orthodox Easter by the Julian computus (Meeus), converted to the Gregorian
 * calendar. Valid for 1900–2099, where the Julian calendar lags by 13 days;
 * outside that span the lag differs, so we refuse rather than be wrong.
 */
export function orthodoxEaster(year: number): string {
  if (!Number.isInteger(year) || year < 1900 || year > 2099) {
    throw new RangeError(`orthodoxEaster supports 1900–2099; got ${String(year)}`);
  }
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const julian = `${year}-${pad2(month)}-${pad2(day)}`;
  return addDaysToLocalDate(julian, 13);
}

/** Art. 73 holidays of `year`, sorted by date (peacetime law, no transfers). */
export function holidaysOf(year: number): Holiday[] {
  assertSupportedYear(year);
  const result: Holiday[] = [];
  for (const rule of HOLIDAY_RULES) {
    if (year >= rule.firstYear && year <= rule.lastYear) {
      result.push({ date: `${year}-${pad2(rule.month)}-${pad2(rule.day)}`, name: rule.name });
    }
  }
  const easter = ORTHODOX_EASTER[year];
  if (easter === undefined) {
    // Unreachable while the table covers the supported range; kept so that
    // extending the range without extending the table fails loudly.
    throw new RangeError(`No Easter date listed for ${year}`);
  }
  result.push({ date: easter, name: EASTER_NAME });
  result.push({ date: addDaysToLocalDate(easter, TRINITY_OFFSET_DAYS), name: TRINITY_NAME });
  // 'YYYY-MM-DD' strings sort chronologically.
  result.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return result;
}

function isWeekendDate(localDate: string): boolean {
  const wd = weekdayOfLocalDate(localDate);
  return wd === 0 || wd === 6;
}

/**
 * Art. 67 part 3: a holiday on Saturday or Sunday moves the day off to the
 * next working day. When several weekend holidays compete for the same
 * Monday (e.g. 1 May on Saturday and Easter on Sunday in 2021), each takes
 * the next free weekday, which gave 3 and 4 May 2021 off in practice.
 * Does not apply under martial law.
 */
export function transferredDaysOff(year: number): TransferredDayOff[] {
  const holidays = holidaysOf(year);
  const holidayDates = new Set(holidays.map((h) => h.date));
  const taken = new Set<string>();
  const result: TransferredDayOff[] = [];
  for (const h of holidays) {
    if (!isWeekendDate(h.date)) continue;
    let candidate = addDaysToLocalDate(h.date, 1);
    while (isWeekendDate(candidate) || holidayDates.has(candidate) || taken.has(candidate)) {
      candidate = addDaysToLocalDate(candidate, 1);
    }
    taken.add(candidate);
    result.push({ date: candidate, forHoliday: h.date, name: h.name });
  }
  return result;
}

let peacetimeDaysOff: ReadonlySet<string> | undefined;

/**
 * True if `localDate` is an Art. 73 holiday or an Art. 67 transferred day off
 * under peacetime law. Throws RangeError outside the supported years, because
 * silently treating an unknown year as holiday-free would shift deadlines.
 */
export function isPeacetimeDayOff(localDate: string): boolean {
  const { year } = parseLocalDate(localDate);
  assertSupportedYear(year);
  if (peacetimeDaysOff === undefined) {
    const all = new Set<string>();
    for (let y = FIRST_SUPPORTED_YEAR; y <= LAST_SUPPORTED_YEAR; y++) {
      for (const h of holidaysOf(y)) all.add(h.date);
      for (const t of transferredDaysOff(y)) all.add(t.date);
    }
    peacetimeDaysOff = all;
  }
  return peacetimeDaysOff.has(localDate);
}
