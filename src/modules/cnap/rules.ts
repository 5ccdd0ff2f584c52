/**
 * Pure rules of the ЦНАП site: the Ukrainian suffix normaliser behind the catalogue's search, weekly hours
 * with breaks, and whether an office is open at an instant (Kyiv time, holidays and the shortened eves of holidays
 * from the working-day calendar).
 */
import { addDaysToLocalDate, isPreHolidayDay, isWorkingDay, kyivDateOf, kyivParts, type CalendarOptions } from '../../core/calendar/index.js';
import type { Text } from '../../core/i18n/index.js';

/** Case and adjective/noun endings, longest first; what is left must keep at least three letters. */
const ENDINGS = [
  'ією',
  'ами',
  'ями',
  'ові',
  'еві',
  'ого',
  'ому',
  'ими',
  'ього',
  'ьому',
  'іми',
  'ою',
  'ею',
  'єю',
  'ям',
  'ах',
  'ях',
  'ом',
  'ем',
  'ій',
  'ий',
  'ої',
  'их',
  'ім',
  'ія',
  'ії',
  'ію',
  'ої',
  'ей',
  'ів',
  'ам',
  'ої',
  'ою',
  'а',
  'я',
  'у',
  'ю',
  'і',
  'и',
  'о',
  'е',
  'ь',
  'й',
  'є',
  'ї',
].sort((a, b) => b.length - a.length);

/** A word reduced to its stem: lower case, one apostrophe, «ґ» kept, endings cut. */
export function stem(word: string): string {
  const w = word.toLowerCase().replace(/['’`]/g, 'ʼ');
  for (const e of ENDINGS) if (w.endsWith(e) && [...w].length - e.length >= 3) return w.slice(0, w.length - e.length);
  return w;
}

/** The words of a text (letters, digits, apostrophes). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}'’ʼ`]+/gu) ?? [];
}

/** The stems of a text, each once, for the `search_stems` column. */
export function stemsOf(text: string): string {
  return [
    ...new Set(
      words(text)
        .map(stem)
        .filter((s) => s.length > 1),
    ),
  ].join(' ');
}

/** A search query as a tsquery for the 'simple' configuration: every stem, as a prefix; null when no word. */
export function searchQuery(text: string): string | null {
  const stems = [...new Set(words(text).map(stem))]
    .map((s) => s.replace(/[^\p{L}\p{N}ʼ]/gu, ''))
    .filter((s) => s.length > 1)
    .slice(0, 8);
  return stems.length ? stems.map((s) => `${s}:*`).join(' & ') : null;
}

/** One day's hours: 'HH:MM' times; a break inside them, or none. */
export interface DayHours {
  open: string;
  close: string;
  breakFrom: string | null;
  breakTo: string | null;
}

/** Weekday (0 = Sunday … 6 = Saturday, as a string key) → its hours; a missing day is a day off. */
export type WeekHours = Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', DayHours>>;

/** Monday first, as a Ukrainian timetable lists them. */
export const WEEK_ORDER = ['1', '2', '3', '4', '5', '6', '0'] as const;

export const WEEKDAY_NAMES: Record<(typeof WEEK_ORDER)[number], Text> = {
  '1': { uk: 'Понеділок', en: 'Monday' },
  '2': { uk: 'Вівторок', en: 'Tuesday' },
  '3': { uk: 'Середа', en: 'Wednesday' },
  '4': { uk: 'Четвер', en: 'Thursday' },
  '5': { uk: 'Пʼятниця', en: 'Friday' },
  '6': { uk: 'Субота', en: 'Saturday' },
  '0': { uk: 'Неділя', en: 'Sunday' },
};

/** «у понеділок», «у пʼятницю»: the weekday as the answer to «коли?». */
const WEEKDAY_ON: Record<(typeof WEEK_ORDER)[number], string> = {
  '1': 'понеділок',
  '2': 'вівторок',
  '3': 'середу',
  '4': 'четвер',
  '5': 'пʼятницю',
  '6': 'суботу',
  '0': 'неділю',
};

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** «08:00–17:00» (any dash or hyphen) → the two times, or null when it is not a span forwards in a day. */
export function parseSpan(raw: string): { from: string; to: string } | null {
  const m = /^\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$/.exec(raw);
  if (!m) return null;
  const [from, to] = [m[1]!.padStart(5, '0'), m[2]!.padStart(5, '0')];
  if (!TIME_RE.test(from) || !TIME_RE.test(to) || minutesOf(from) >= minutesOf(to)) return null;
  return { from, to };
}

/** Reads stored hours defensively (JSON from the database or an import). */
export function weekHoursOf(raw: unknown): WeekHours {
  const out: WeekHours = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const d of WEEK_ORDER) {
    const h = (raw as Record<string, unknown>)[d] as Partial<DayHours> | undefined;
    if (h && typeof h.open === 'string' && typeof h.close === 'string' && TIME_RE.test(h.open) && TIME_RE.test(h.close))
      out[d] = {
        open: h.open,
        close: h.close,
        breakFrom: typeof h.breakFrom === 'string' && TIME_RE.test(h.breakFrom) ? h.breakFrom : null,
        breakTo: typeof h.breakTo === 'string' && TIME_RE.test(h.breakTo) ? h.breakTo : null,
      };
  }
  return out;
}

/** A day's hours as text: «08:00–17:00, перерва 12:00–12:45». */
export function dayText(h: DayHours | undefined, lang: 'uk' | 'en'): string {
  if (!h) return lang === 'uk' ? 'вихідний' : 'closed';
  const main = `${h.open}–${h.close}`;
  return h.breakFrom && h.breakTo ? `${main}, ${lang === 'uk' ? 'перерва' : 'break'} ${h.breakFrom}–${h.breakTo}` : main;
}

export type OfficeStatus =
  | { open: true; until: string; breakNext: { from: string; to: string } | null; preHoliday: boolean }
  | { open: false; onBreakUntil: string }
  | { open: false; onBreakUntil?: undefined; next: { daysAhead: number; weekday: string; at: string } | null; holiday: boolean };

const timeOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The hours of an eve of a holiday (Labour Code Art. 53): closing an hour earlier; a break that no longer fits is dropped. */
function shortened(h: DayHours): DayHours {
  const close = timeOf(Math.max(minutesOf(h.open), minutesOf(h.close) - 60));
  const breakFits = h.breakFrom && h.breakTo && minutesOf(h.breakTo) < minutesOf(close);
  return { open: h.open, close, breakFrom: breakFits ? h.breakFrom : null, breakTo: breakFits ? h.breakTo : null };
}

/**
 * The office's hours on this Kyiv date: none when its weekday has no hours or the calendar makes the weekday
 * a day off (holidays outside martial law); an hour shorter on the eve of a holiday (outside martial law).
 */
export function dayHours(hours: WeekHours, localDate: string, weekday: number, cal: CalendarOptions): (DayHours & { preHoliday: boolean }) | undefined {
  const h = hours[String(weekday) as keyof WeekHours];
  if (!h) return undefined;
  const weekdayOfWork = weekday >= 1 && weekday <= 5;
  if (weekdayOfWork && !isWorkingDay(localDate, cal)) return undefined;
  return weekdayOfWork && isPreHolidayDay(localDate, cal) ? { ...shortened(h), preHoliday: true } : { ...h, preHoliday: false };
}

/** The shortened eves of holidays among the next `days` days from `now` (today first) on which the office works. */
export function shortDaysAhead(hours: WeekHours, now: Date, cal: CalendarOptions, days = 7): { date: string; weekday: string; close: string }[] {
  const today = kyivDateOf(now);
  const weekday = kyivParts(now).weekday;
  const out: { date: string; weekday: string; close: string }[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDaysToLocalDate(today, i);
    const h = dayHours(hours, date, (weekday + i) % 7, cal);
    if (h?.preHoliday) out.push({ date, weekday: String((weekday + i) % 7), close: h.close });
  }
  return out;
}

/** Whether the office is open at `now` (Kyiv time), until when, or when it opens next (within two weeks). */
export function officeStatus(hours: WeekHours, now: Date, cal: CalendarOptions): OfficeStatus {
  const parts = kyivParts(now);
  const today = kyivDateOf(now);
  const minute = parts.hour * 60 + parts.minute;
  const h = dayHours(hours, today, parts.weekday, cal);
  if (h && minute >= minutesOf(h.open) && minute < minutesOf(h.close)) {
    if (h.breakFrom && h.breakTo && minute >= minutesOf(h.breakFrom) && minute < minutesOf(h.breakTo)) return { open: false, onBreakUntil: h.breakTo };
    const breakNext = h.breakFrom && h.breakTo && minute < minutesOf(h.breakFrom) ? { from: h.breakFrom, to: h.breakTo } : null;
    return { open: true, until: h.close, breakNext, preHoliday: h.preHoliday };
  }
  const holiday = !!hours[String(parts.weekday) as keyof WeekHours] && !h;
  if (h && minute < minutesOf(h.open)) return { open: false, next: { daysAhead: 0, weekday: String(parts.weekday), at: h.open }, holiday };
  for (let i = 1; i <= 14; i++) {
    const date = addDaysToLocalDate(today, i);
    const wd = (parts.weekday + i) % 7;
    const next = dayHours(hours, date, wd, cal);
    if (next) return { open: false, next: { daysAhead: i, weekday: String(wd), at: next.open }, holiday };
  }
  return { open: false, next: null, holiday };
}

/** «Зараз відчинено до 17:00» / «Зачинено, відчиниться завтра о 8:00». */
export function statusText(s: OfficeStatus, lang: 'uk' | 'en'): string {
  const uk = lang === 'uk';
  const hm = (x: string) => x.replace(/^0(\d)/, '$1');
  if (s.open) {
    const notes = [
      ...(s.preHoliday ? [uk ? 'скорочений передсвятковий день' : 'shortened day before a holiday'] : []),
      ...(s.breakNext ? [`${uk ? 'перерва' : 'break'} ${s.breakNext.from}–${s.breakNext.to}`] : []),
    ];
    const base = uk ? `Зараз відчинено до ${hm(s.until)}` : `Open now until ${hm(s.until)}`;
    return notes.length ? `${base} (${notes.join('; ')})` : base;
  }
  if (s.onBreakUntil !== undefined) return uk ? `Перерва до ${hm(s.onBreakUntil)}` : `On a break until ${hm(s.onBreakUntil)}`;
  const closed = uk ? (s.holiday ? 'Зачинено (святковий день)' : 'Зачинено') : s.holiday ? 'Closed (a holiday)' : 'Closed';
  if (!s.next) return closed;
  const when =
    s.next.daysAhead === 0
      ? uk
        ? 'сьогодні'
        : 'today'
      : s.next.daysAhead === 1
        ? uk
          ? 'завтра'
          : 'tomorrow'
        : uk
          ? `у ${WEEKDAY_ON[s.next.weekday as (typeof WEEK_ORDER)[number]]}`
          : `on ${WEEKDAY_NAMES[s.next.weekday as (typeof WEEK_ORDER)[number]].en}`;
  return `${closed}, ${uk ? 'відчиниться' : 'opens'} ${when} ${uk ? 'о' : 'at'} ${hm(s.next.at)}`;
}

/** What an office may offer people with disabilities and parents (the catalogue's checkboxes). */
export const ACCESSIBILITY: Record<string, Text> = {
  ramp: { uk: 'Пандус або вхід без сходинок', en: 'Ramp or step-free entrance' },
  toilet: { uk: 'Доступний туалет', en: 'Accessible toilet' },
  parking: { uk: 'Паркування для людей з інвалідністю', en: 'Disabled parking' },
  'hearing-loop': { uk: 'Індукційна петля для людей зі слуховими апаратами', en: 'Hearing loop' },
  tactile: { uk: 'Тактильні покажчики', en: 'Tactile guidance' },
  'sign-language': { uk: 'Перекладач жестової мови (за попереднім записом)', en: 'Sign language interpreter (by appointment)' },
  'child-room': { uk: 'Дитячий куточок і кімната матері та дитини', en: "Children's corner and baby care room" },
};

export const ACCESSIBILITY_KEYS = Object.keys(ACCESSIBILITY);
