/** Words and rules of consultations that do not touch the database: kinds, categories, states. */
import type { Text } from '../../core/i18n/index.js';

export type Kind = 'consultation' | 'poll' | 'act';
export const KINDS: readonly Kind[] = ['consultation', 'poll', 'act'];

export const KIND_LABEL: Record<Kind, Text> = {
  consultation: { uk: 'Консультація', en: 'Consultation' },
  poll: { uk: 'Опитування', en: 'Poll' },
  act: { uk: 'Обговорення НПА', en: 'Draft act discussion' },
};

export const CATEGORIES = [
  { value: 'governance', uk: 'Місцеве самоврядування', en: 'Local government' },
  { value: 'urban', uk: 'Благоустрій і містобудування', en: 'Public spaces and planning' },
  { value: 'transport', uk: 'Транспорт і дороги', en: 'Transport and roads' },
  { value: 'education', uk: 'Освіта', en: 'Education' },
  { value: 'health', uk: 'Охорона здоровʼя', en: 'Health' },
  { value: 'social', uk: 'Соціальний захист', en: 'Social protection' },
  { value: 'culture', uk: 'Культура і спорт', en: 'Culture and sport' },
  { value: 'environment', uk: 'Екологія', en: 'Environment' },
  { value: 'economy', uk: 'Економіка і бізнес', en: 'Economy and business' },
  { value: 'digital', uk: 'Електронне урядування', en: 'E-government' },
  { value: 'other', uk: 'Інше', en: 'Other' },
] as const;
export type Category = (typeof CATEGORIES)[number]['value'];

export function isCategory(v: string): v is Category {
  return CATEGORIES.some((c) => c.value === v);
}

export function categoryLabel(v: string, lang: 'uk' | 'en'): string {
  return CATEGORIES.find((c) => c.value === v)?.[lang] ?? v;
}

export function isKind(v: string): v is Kind {
  return (KINDS as readonly string[]).includes(v);
}

/** What the public sees: a draft is only the moderators'. */
export type State = 'draft' | 'scheduled' | 'active' | 'ended';
export const PUBLIC_STATES: readonly State[] = ['active', 'ended', 'scheduled'];

export const STATE_LABEL: Record<State, Text> = {
  draft: { uk: 'Чернетка', en: 'Draft' },
  scheduled: { uk: 'Заплановано', en: 'Scheduled' },
  active: { uk: 'Триває', en: 'In progress' },
  ended: { uk: 'Час вийшов', en: 'Ended' },
};

export interface Timing {
  publishedAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  closedAt: Date | null;
}

/** The state follows from time alone, so nothing depends on a job having run at the deadline. */
export function stateOf(i: Timing, now: Date): State {
  if (!i.publishedAt) return 'draft';
  if (i.closedAt && i.closedAt <= now) return 'ended';
  if (now < i.startsAt) return 'scheduled';
  if (now >= i.endsAt) return 'ended';
  return 'active';
}

/** When the period actually ended: the deadline, or the early close. */
export function endedAt(i: Timing): Date {
  return i.closedAt && i.closedAt < i.endsAt ? i.closedAt : i.endsAt;
}

export type ResultsVisibility = 'during' | 'after';

/** May the public see results now? Moderators always may. */
export function resultsVisible(visibility: ResultsVisibility, state: State, moderator: boolean): boolean {
  if (moderator) return true;
  if (state === 'ended') return true;
  return visibility === 'during' && state === 'active';
}

export const COMMENT_MAX = 2000;
