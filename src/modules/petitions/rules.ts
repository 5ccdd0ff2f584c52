/**
 * The rules of local petitions (Art. 23-1 of the law «Про звернення громадян» and a community's
 * regulation), as pure functions: defaults, validation, reasons for rejection, and the state of a
 * petition at a moment — derived from time, so it is right whether or not a job has run.
 */
import { addCalendarDays, addWorkingDays, type CalendarOptions } from '../../core/calendar/index.js';
import { CHARACTERS_UP_TO, pluralWord, type Text } from '../../core/i18n/index.js';
import type { Selectable } from 'kysely';
import type { PetitionStatus, PetitionsTable } from './tables.js';
import type { LoggedAct } from '../../core/tlog/acts.js';

export const TITLE_MAX = 200;

export const BODY_MAX = 5000;

/** Signature thresholds by population, as communities' regulations usually set them. */
export function defaultThreshold(population: number): number {
  if (population <= 5_000) return 25;
  if (population <= 10_000) return 50;
  if (population <= 20_000) return 100;
  if (population <= 50_000) return 150;
  if (population <= 100_000) return 250;
  if (population <= 250_000) return 500;
  if (population <= 500_000) return 1_000;
  if (population <= 1_000_000) return 2_000;
  return 10_000;
}

/** Most regulations give 60 days to collect; the largest cities give 90 (Київ). */
export function defaultCollectionDays(population: number): number {
  return population > 1_000_000 ? 90 : 60;
}

export interface RejectionReason {
  code: string;
  label: Text;
  /** The law's bans: the text of such a petition is not shown publicly. */
  legalBan: boolean;
  needs?: 'duplicate' | 'note';
}

export const REJECTION_REASONS: readonly RejectionReason[] = [
  {
    code: 'overthrow',
    legalBan: true,
    label: {
      uk: 'Заклики до повалення конституційного ладу чи порушення територіальної цілісності',
      en: 'Calls to overthrow the constitutional order or break territorial integrity',
    },
  },
  { code: 'war-propaganda', legalBan: true, label: { uk: 'Пропаганда війни', en: 'War propaganda' } },
  { code: 'violence', legalBan: true, label: { uk: 'Пропаганда насильства, жорстокості', en: 'Propaganda of violence or cruelty' } },
  {
    code: 'hatred',
    legalBan: true,
    label: { uk: 'Розпалювання міжетнічної, расової, релігійної ворожнечі', en: 'Incitement to ethnic, racial or religious hatred' },
  },
  { code: 'crimes', legalBan: true, label: { uk: 'Заклики до вчинення терористичних актів та інших злочинів', en: 'Calls to terrorist acts or other crimes' } },
  { code: 'obscene', legalBan: true, label: { uk: 'Нецензурна лексика', en: 'Obscene language' } },
  {
    code: 'no-author-details',
    legalBan: false,
    label: { uk: 'Не зазначено ПІБ або адресу електронної пошти автора', en: 'The name or e-mail of the author is missing' },
  },
  { code: 'competence', legalBan: false, label: { uk: 'Питання не належить до повноважень ради', en: 'Outside the competence of the council' } },
  {
    code: 'duplicate',
    legalBan: false,
    needs: 'duplicate',
    label: { uk: 'Дублює петицію, що вже розглядається', en: 'Duplicates a petition already in progress' },
  },
  { code: 'personal', legalBan: false, label: { uk: 'Особисте, а не суспільне питання', en: 'A personal rather than a public matter' } },
  { code: 'other', legalBan: false, needs: 'note', label: { uk: 'Інша причина', en: 'Other reason' } },
];

export function rejectionReason(code: string | null): RejectionReason | undefined {
  return REJECTION_REASONS.find((r) => r.code === code);
}

export interface PetitionInput {
  title: string;
  body: string;
  categoryId: number | null;
  email: string;
}

export type PetitionInputErrors = Partial<Record<'title' | 'body' | 'category' | 'email', Text>>;

export function validatePetitionInput(i: PetitionInput, categoryIds: readonly number[]): PetitionInputErrors {
  const e: PetitionInputErrors = {};
  const titleLength = [...i.title].length;
  const bodyLength = [...i.body].length;
  if (!i.title) e.title = { uk: 'Напишіть назву петиції', en: 'Write the title of the petition' };
  else if (titleLength > TITLE_MAX)
    e.title = {
      uk: `Назва — не більше ${TITLE_MAX} ${pluralWord(TITLE_MAX, CHARACTERS_UP_TO, 'uk')} (зараз ${titleLength})`,
      en: `The title is at most ${TITLE_MAX} ${pluralWord(TITLE_MAX, CHARACTERS_UP_TO, 'en')} (now ${titleLength})`,
    };
  if (!i.body) e.body = { uk: 'Напишіть текст петиції', en: 'Write the text of the petition' };
  else if (bodyLength > BODY_MAX)
    e.body = {
      uk: `Текст — не більше ${BODY_MAX} ${pluralWord(BODY_MAX, CHARACTERS_UP_TO, 'uk')} (зараз ${bodyLength})`,
      en: `The text is at most ${BODY_MAX} ${pluralWord(BODY_MAX, CHARACTERS_UP_TO, 'en')} (now ${bodyLength})`,
    };
  if (i.categoryId === null || !categoryIds.includes(i.categoryId)) e.category = { uk: 'Оберіть категорію', en: 'Choose a category' };
  if (!i.email) e.email = { uk: 'Закон вимагає адресу електронної пошти автора', en: 'The law requires the e-mail address of the author' };
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(i.email) || i.email.length > 254)
    e.email = { uk: 'Введіть пошту у форматі name@example.com', en: 'Enter an e-mail like name@example.com' };
  return e;
}

/** Words folded for search by word beginnings: " слово слово " (leading space marks a word start). */
export function searchTextOf(title: string, body: string): string {
  const words = `${title} ${body}`
    .toLocaleLowerCase('uk-UA')
    .replace(/['’ʼ`]/g, 'ʼ')
    .split(/[^\p{L}\p{N}ʼ]+/u)
    .filter(Boolean);
  return ` ${words.join(' ')} `;
}

export function searchTerms(q: string): string[] {
  return searchTextOf(q, '').trim().split(' ').filter(Boolean).slice(0, 8);
}

export function moderationDueAt(submittedAt: Date, workingDays: number, cal: CalendarOptions): Date {
  return addWorkingDays(submittedAt, workingDays, cal);
}

export function collectionEndsAt(publishedAt: Date, days: number, cal: CalendarOptions): Date {
  return addCalendarDays(publishedAt, days, { ...cal, rollToWorkingDay: false });
}

export function considerationDueAt(startedAt: Date, workingDays: number, cal: CalendarOptions): Date {
  return addWorkingDays(startedAt, workingDays, cal);
}

/**
 * The rules a petition is held to: who may sign it and what its count must reach by when. They are copied
 * from the community's settings when the petition is submitted (the author's own signature is its first
 * one) and never change afterwards: a later change of the settings reaches new petitions only, and the
 * database refuses a change of these columns (migration petitions-003).
 */
export interface PetitionRules {
  signatureThreshold: number;
  collectionDays: number;
  continueAfterThreshold: boolean;
  considerationWorkingDays: number;
  allowEmail: boolean;
  /** Whether e-mail-level signatures count toward the threshold (they are shown either way). */
  emailCounts: boolean;
  residentsOnly: boolean;
  minAge: number | null;
}

export const PETITION_RULE_KEYS: readonly (keyof PetitionRules)[] = [
  'signatureThreshold',
  'collectionDays',
  'continueAfterThreshold',
  'considerationWorkingDays',
  'allowEmail',
  'emailCounts',
  'residentsOnly',
  'minAge',
];

/** The rules a new petition takes from the settings in force when it is submitted. */
export function rulesAtSubmission(s: PetitionRules): PetitionRules {
  const out = {} as Record<keyof PetitionRules, unknown>;
  for (const k of PETITION_RULE_KEYS) out[k] = s[k];
  return out as unknown as PetitionRules;
}

/** The rules stored on a petition row. */
export function rulesOfRow(r: {
  signature_threshold: number;
  collection_days: number;
  continue_after_threshold: boolean;
  consideration_working_days: number;
  allow_email: boolean;
  email_counts: boolean;
  residents_only: boolean;
  min_age: number | null;
}): PetitionRules {
  return {
    signatureThreshold: r.signature_threshold,
    collectionDays: r.collection_days,
    continueAfterThreshold: r.continue_after_threshold,
    considerationWorkingDays: r.consideration_working_days,
    allowEmail: r.allow_email,
    emailCounts: r.email_counts,
    residentsOnly: r.residents_only,
    minAge: r.min_age,
  };
}

/** What a petition row holds that its state depends on. */
export interface PetitionTimes {
  status: PetitionStatus;
  signatureCount: number;
  signatureThreshold: number;
  considerationWorkingDays: number;
  collectionEndsAt: Date | null;
  considerationStartedAt: Date | null;
  considerationDueAt: Date | null;
  failedAt: Date | null;
}

export interface PetitionState {
  status: PetitionStatus;
  considerationStartedAt: Date | null;
  considerationDueAt: Date | null;
  failedAt: Date | null;
}

/**
 * The state at `now`. A collecting petition whose term is over has either enough signatures (then it
 * is under consideration from the end of the term) or not (then it failed at the end of the term),
 * even before the transition has been written.
 */
export function stateAt(p: PetitionTimes, now: Date, cal: CalendarOptions): PetitionState {
  const stored = { status: p.status, considerationStartedAt: p.considerationStartedAt, considerationDueAt: p.considerationDueAt, failedAt: p.failedAt };
  if (p.status !== 'collecting' || !p.collectionEndsAt || now.getTime() <= p.collectionEndsAt.getTime()) return stored;
  if (p.signatureCount >= p.signatureThreshold) {
    return {
      status: 'consideration',
      considerationStartedAt: p.collectionEndsAt,
      considerationDueAt: considerationDueAt(p.collectionEndsAt, p.considerationWorkingDays, cal),
      failedAt: null,
    };
  }
  return { status: 'failed', considerationStartedAt: null, considerationDueAt: null, failedAt: p.collectionEndsAt };
}

export const STATUS_LABELS: Record<PetitionStatus, Text> = {
  moderation: { uk: 'На модерації', en: 'In moderation' },
  rejected: { uk: 'Відхилена', en: 'Rejected' },
  collecting: { uk: 'Триває збір підписів', en: 'Collecting signatures' },
  consideration: { uk: 'На розгляді', en: 'Under consideration' },
  answered: { uk: 'Розглянута, є відповідь', en: 'Considered, answered' },
  failed: { uk: 'Не набрала підписів', en: 'Not enough signatures' },
};

export const DECISION_LABELS: Record<'supported' | 'not_supported' | 'partially', Text> = {
  supported: { uk: 'Підтримано', en: 'Supported' },
  not_supported: { uk: 'Не підтримано', en: 'Not supported' },
  partially: { uk: 'Підтримано частково', en: 'Partially supported' },
};

/** The columns a petition's state is derived from, with its count (`countSql` in the repository). */
export const TIME_COLUMNS = [
  'status',
  'signature_threshold',
  'consideration_working_days',
  'collection_ends_at',
  'consideration_started_at',
  'consideration_due_at',
  'failed_at',
] as const;

export function rowTimes(p: Pick<Selectable<PetitionsTable>, (typeof TIME_COLUMNS)[number]> & { signature_count: number }) {
  return {
    status: p.status,
    signatureCount: p.signature_count,
    signatureThreshold: p.signature_threshold,
    considerationWorkingDays: p.consideration_working_days,
    collectionEndsAt: p.collection_ends_at,
    considerationStartedAt: p.consideration_started_at,
    considerationDueAt: p.consideration_due_at,
    failedAt: p.failed_at,
  };
}

/** The public reason of a signature invalidated because its person had signed before from a linked account. */
export const DUPLICATE_LINKED = 'duplicate-linked';

/** An invalidation's reason as people read it: the codes the platform writes itself, or the moderator's words. */
export function invalidationReasonText(reason: string | null, lang: 'uk' | 'en'): string {
  if (reason === DUPLICATE_LINKED)
    return lang === 'uk'
      ? 'повторний підпис тієї самої особи (ел. пошту повʼязано з id.gov.ua)'
      : 'a second signature of the same person (e-mail linked to id.gov.ua)';
  return reason ?? '';
}

/** How a valid signature moves a petition's two counts: the one that counts, and the e-mail-level one. */
export function countDelta(level: 'idgovua' | 'email', emailCounts: boolean): { counted: number; email: number } {
  return level === 'email' ? { counted: emailCounts ? 1 : 0, email: 1 } : { counted: 1, email: 0 };
}

/** The signatures of each level behind a petition's counts, for «з них через id.gov.ua: …». */
export function countsByLevel(p: { signature_count: number; email_signature_count: number; email_counts: boolean }): { idgovua: number; email: number } {
  return { idgovua: p.signature_count - (p.email_counts ? p.email_signature_count : 0), email: p.email_signature_count };
}

/** The subject of a petition's acts in the transparency log. */
export function petitionSubject(petitionId: number): string {
  return `petition:${petitionId}`;
}

/** A signature as the transparency log records it: the signer only as a tag, the level (it decides whether it counts). */
export function signatureAct(community: string, petitionId: number, personKey: string, at: Date, level: 'idgovua' | 'email'): LoggedAct {
  return { community, tool: 'petitions', subject: petitionSubject(petitionId), kind: 'signature', at, personKey, details: { level } };
}

/**
 * A signature cancelled, naming the entry it cancels by its leaf hash (`of`; null for a signature made
 * before the log) and a public reason code: `moderator` (the moderator's own words stay off the log) or
 * `duplicate-linked`.
 */
export function invalidationAct(
  community: string,
  petitionId: number,
  signature: { person_key: string; level: 'idgovua' | 'email'; log_leaf: string | null },
  at: Date,
  reason: 'moderator' | typeof DUPLICATE_LINKED,
): LoggedAct {
  return {
    community,
    tool: 'petitions',
    subject: petitionSubject(petitionId),
    kind: 'signature-invalidated',
    at,
    personKey: signature.person_key,
    details: { level: signature.level, of: signature.log_leaf, reason },
  };
}
