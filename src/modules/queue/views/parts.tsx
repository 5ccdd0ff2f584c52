/** Pieces the e-queue's pages share: paths, the date and time of a slot, a booking's summary. */
import type { Community } from '../../../core/communities/community.js';
import { formatKyivDate, kyivDateOf } from '../../../core/calendar/index.js';
import { plural, type Lang, type PluralText } from '../../../core/i18n/index.js';
import { t, type PageCtx } from '../../../core/views/page-context.js';
import { kyivTime } from '../rules.js';

export const queueBase = (c: Community) => `/${c.slug}/queue`;
export const bookingsBase = (c: Community) => `/${c.slug}/queue/bookings`;
export const manageBase = (c: Community) => `/${c.slug}/manage/queue`;

const WEEKDAYS: Record<Lang, string[]> = {
  uk: ['неділя', 'понеділок', 'вівторок', 'середа', 'четвер', 'пʼятниця', 'субота'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** «08.12.2026, вівторок» for a Kyiv date. */
export function dayLabel(day: string, lang: Lang): string {
  const noon = new Date(`${day}T10:00:00Z`);
  return `${formatKyivDate(noon, lang)}, ${WEEKDAYS[lang][noon.getUTCDay()]}`;
}

/** «08.12.2026, вівторок, 09:30» for an instant (Kyiv time). */
export function whenLabel(start: Date, lang: Lang): string {
  return `${dayLabel(kyivDateOf(start), lang)}, ${kyivTime(start)}`;
}

export const SLOTS: PluralText = { uk: ['вільний час', 'вільні часи', 'вільних часів'], en: ['free time', 'free times'] };

export function FreeCount(props: { p: PageCtx; n: number }): JSX.Element {
  return props.n ? <span safe>{plural(props.n, SLOTS, props.p.lang)}</span> : <span>{t(props.p, 'немає вільного часу', 'no free time')}</span>;
}
