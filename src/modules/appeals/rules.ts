/**
 * Citizens' appeals to the council (Law of Ukraine «Про звернення громадян»): their states and the terms of
 * Art. 20. An appeal is considered within one month of its receipt; what needs no extra study, without
 * delay and within 15 days; where a month is not enough the term is extended, the person told why, and
 * the whole term never passes 45 days. Terms are counted as the Civil Code counts them (the day of receipt
 * does not count; a term ending on a day off ends on the next working day) with the platform's calendar.
 * Art. 8: an anonymous appeal is not considered, so every appeal carries its author's name. Pure: no I/O.
 */
import { addCalendarDays, endOfKyivDay, isOverdue, isWorkingDay, kyivDateOf, nextWorkingDay, type CalendarOptions } from '../../core/calendar/index.js';
import type { Text } from '../../core/i18n/index.js';

export const STATUSES = ['received', 'in_progress', 'answered'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<Status, Text> = {
  received: { uk: 'Отримано', en: 'Received' },
  in_progress: { uk: 'На розгляді', en: 'Under consideration' },
  answered: { uk: 'Надано відповідь', en: 'Answered' },
};

/** Where an appeal came from: the web form or a chat with the community's bot. */
export const CHANNELS = ['web', 'telegram', 'viber', 'sim'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What an appeal is about: the council's departments sort them so. */
export const TOPICS = {
  housing: { uk: 'Житло й комунальні послуги', en: 'Housing and utilities' },
  roads: { uk: 'Дороги й транспорт', en: 'Roads and transport' },
  social: { uk: 'Соціальний захист', en: 'Social protection' },
  education: { uk: 'Освіта', en: 'Education' },
  health: { uk: 'Охорона здоровʼя', en: 'Health care' },
  land: { uk: 'Земля й будівництво', en: 'Land and construction' },
  other: { uk: 'Інше', en: 'Other' },
} as const satisfies Record<string, Text>;
export type Topic = keyof typeof TOPICS;

export function isTopic(v: unknown): v is Topic {
  return typeof v === 'string' && Object.hasOwn(TOPICS, v);
}

export const LIMITS = { name: 120, body: 4000, email: 254, answer: 8000, reason: 1000, minBody: 10 } as const;

/** Art. 20: the term of what needs no extra study, the ordinary term, and the longest with an extension. */
export const SHORT_TERM_DAYS = 15;
export const MAX_TERM_DAYS = 45;

/** 'YYYY-MM-DD' one month on: the same day of the next month, or its last day where there is none (Civil Code Art. 254 part 2). */
export function addOneMonth(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The term of one month from receipt, ending at the end of a working day. */
export function monthDeadline(receivedAt: Date, cal: CalendarOptions): Date {
  let d = addOneMonth(kyivDateOf(receivedAt));
  if (!isWorkingDay(d, cal)) d = nextWorkingDay(d, cal);
  return endOfKyivDay(d);
}

export interface Terms {
  /** Without delay, but within 15 days, for what needs no extra study. */
  short: Date;
  /** One month: the deadline of every appeal unless extended. */
  month: Date;
  /** 45 days: no extension may go past it. */
  max: Date;
}

export function termsOf(receivedAt: Date, cal: CalendarOptions): Terms {
  return {
    short: addCalendarDays(receivedAt, SHORT_TERM_DAYS, { ...cal, rollToWorkingDay: true }),
    month: monthDeadline(receivedAt, cal),
    max: addCalendarDays(receivedAt, MAX_TERM_DAYS, { ...cal, rollToWorkingDay: true }),
  };
}

/**
 * The new deadline of an extension to `totalDays` from receipt: refused unless the appeal is still open,
 * the new term is longer than the current one and the whole term stays within 45 days.
 */
export function extendedDeadline(
  a: { status: Status; receivedAt: Date; dueAt: Date },
  totalDays: number,
  cal: CalendarOptions,
): { dueAt: Date } | { refusal: 'answered' | 'too-long' | 'not-longer' } {
  if (a.status === 'answered') return { refusal: 'answered' };
  if (!Number.isInteger(totalDays) || totalDays < 1 || totalDays > MAX_TERM_DAYS) return { refusal: 'too-long' };
  const dueAt = addCalendarDays(a.receivedAt, totalDays, { ...cal, rollToWorkingDay: true });
  if (dueAt.getTime() > termsOf(a.receivedAt, cal).max.getTime()) return { refusal: 'too-long' };
  if (dueAt.getTime() <= a.dueAt.getTime()) return { refusal: 'not-longer' };
  return { dueAt };
}

export type DeadlineState = 'open' | 'overdue' | 'answered-on-time' | 'answered-late';

/** Where an appeal stands against its deadline now (an answer counts on time up to the deadline's last millisecond). */
export function deadlineState(a: { status: Status; dueAt: Date; answeredAt: Date | null }, now: Date): DeadlineState {
  if (a.status === 'answered' && a.answeredAt) return isOverdue(a.answeredAt, a.dueAt) ? 'answered-late' : 'answered-on-time';
  return isOverdue(now, a.dueAt) ? 'overdue' : 'open';
}

/** Whether moderators may still assign, extend or answer it: an answered appeal is final. */
export function isOpen(status: Status): boolean {
  return status !== 'answered';
}

/** A plausible e-mail address (the letter is the check that it works). */
export function isEmail(s: string): boolean {
  return s.length <= LIMITS.email && /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/.test(s);
}

/** A name that is a name: at least two words of letters (Art. 5: the appeal names its author). */
export function isFullName(s: string): boolean {
  const words = s
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}{2,}/u.test(w));
  return words.length >= 2 && s.length <= LIMITS.name;
}
