/** Words and rules of consultations that do not touch the database: kinds, categories, states. */
import type { Text } from '../../../core/i18n/index.js';

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

export type ResultsVisibility = 'during' | 'after';

/** May the public see results now? Moderators always may. */
export function resultsVisible(visibility: ResultsVisibility, state: State, moderator: boolean): boolean {
  if (moderator) return true;
  if (state === 'ended') return true;
  return visibility === 'during' && state === 'active';
}

export const COMMENT_MAX = 2000;

// ---------- rules frozen once people take part ----------

/** What people have done on an item so far. */
export interface Taken {
  responses: number;
  comments: number;
  stances: number;
}

export type FreezeReason = 'participation' | 'published';

/**
 * Why an item's rules (who may take part, the kind, the period, the poll's questions and options, the act's
 * text and sections) may no longer change, or null while they may. Once published, people may take part
 * at any moment, so publication freezes them; participation freezes them whatever else is true. The
 * moderator's use cases (service/manage.ts) ask this under the item's row lock, so no route bypasses it.
 */
export function rulesFreeze(item: { publishedAt: Date | null }, taken: Taken): FreezeReason | null {
  if (taken.responses > 0 || taken.comments > 0 || taken.stances > 0) return 'participation';
  if (item.publishedAt) return 'published';
  return null;
}

export const FREEZE_TEXT: Record<FreezeReason, Text> = {
  participation: {
    uk: 'Мешканці вже беруть участь (є відповіді, коментарі чи позиції): правила, питання й текст не змінюються.',
    en: 'Residents are already taking part (there are answers, comments or stances): the rules, questions and text cannot change.',
  },
  published: {
    uk: 'Опубліковане не редагується: брати участь можна будь-якої миті, тож правила, питання й текст зафіксовано.',
    en: 'A published item cannot be edited: people may take part at any moment, so its rules, questions and text are fixed.',
  },
};

/** What a moderator sets on an item in its form. */
export interface ItemFields {
  kind: Kind;
  title: string;
  description: string;
  category: string;
  startsAt: Date;
  endsAt: Date;
  resultsVisibility: ResultsVisibility;
  allowEmail: boolean;
  /** Whether e-mail-level answers and stances count toward the results (they are shown either way). */
  emailCounts: boolean;
  residentsOnly: boolean;
  minAge: number | null;
}

/** An act whose text is frozen changes only by a new version: a new discussion linked to this one. */
export function mayStartNewVersion(item: { kind: Kind; publishedAt: Date | null }, taken: Taken, nextVersionId: number | null): boolean {
  return item.kind === 'act' && nextVersionId === null && rulesFreeze(item, taken) !== null;
}

/** The fields of an item that audit entries keep (creation: all of them; a change: the changed ones). */
export function auditFieldsOf(
  item: ItemFields & { publishedAt: Date | null; previousId: number | null; actText: string | null; actSplitMethod: string | null },
  parts: { questions?: readonly unknown[]; sections?: readonly { id: number; heading: string; parent: string | null; body: string }[] } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: item.kind,
    title: item.title,
    description: item.description,
    category: item.category,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    resultsVisibility: item.resultsVisibility,
    allowEmail: item.allowEmail,
    emailCounts: item.emailCounts,
    residentsOnly: item.residentsOnly,
    minAge: item.minAge,
    publishedAt: item.publishedAt,
    previousId: item.previousId,
  };
  if (item.kind === 'poll' && parts.questions) out.questions = parts.questions;
  if (item.kind === 'act') {
    out.actText = item.actText;
    out.actSplitMethod = item.actSplitMethod;
    if (parts.sections) out.sections = parts.sections.map((s) => ({ id: s.id, heading: s.heading, parent: s.parent, body: s.body }));
  }
  return out;
}
