/** The statistics filters (oblast, period) read from a request with clear errors, and month arithmetic: pure. */
import { kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import type { Text } from '../../core/i18n/index.js';

export interface StatsFilters {
  oblast: string;
  fromMonth: string;
  toMonth: string;
}

export type FilterErrors = Partial<Record<'oblast' | 'from' | 'to', Text>>;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Months from..to inclusive, at most 120. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= 120; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function parseFilters(
  q: { oblast?: string; from?: string; to?: string },
  knownOblasts: string[],
  now: Date,
): { filters: StatsFilters; errors: FilterErrors; period: { from: Date; to: Date } } {
  const errors: FilterErrors = {};
  const current = kyivDateOf(now).slice(0, 7);
  const oblast = (q.oblast ?? '').trim();
  if (oblast && !knownOblasts.includes(oblast))
    errors.oblast = { uk: `Області «${oblast}» серед підключених громад немає`, en: `There is no oblast «${oblast}» among connected communities` };
  const fromMonth = (q.from ?? '').trim() || addMonths(current, -11);
  const toMonth = (q.to ?? '').trim() || current;
  if (!MONTH.test(fromMonth)) errors.from = { uk: 'Вкажіть початок у форматі РРРР-ММ', en: 'Give the start as YYYY-MM' };
  if (!MONTH.test(toMonth)) errors.to = { uk: 'Вкажіть кінець у форматі РРРР-ММ', en: 'Give the end as YYYY-MM' };
  if (!errors.from && !errors.to && fromMonth > toMonth)
    errors.to = { uk: 'Кінець періоду раніше за початок', en: 'The end of the period is before its start' };
  if (!errors.from && !errors.to && monthsBetween(fromMonth, toMonth).length > 120)
    errors.from = { uk: 'Період — не більше 10 років', en: 'The period is at most 10 years' };
  const ok = !errors.from && !errors.to;
  const period = ok ? { from: startOfKyivDay(`${fromMonth}-01`), to: startOfKyivDay(`${addMonths(toMonth, 1)}-01`) } : { from: now, to: now };
  return { filters: { oblast, fromMonth, toMonth }, errors, period };
}
