/** Reading the petitions forms: the values kept for the page, errors by field in the viewer's language, typed input. */
import type { Lang, Text } from '../../core/i18n/index.js';
import { field, fields } from '../../core/http/form-parser.js';
import type { Upload } from '../../core/http/uploads.js';
import type { FormState } from '../../core/views/forms.js';
import type { PetitionSettings } from './settings.js';
import { rejectionReason, validatePetitionInput, type PetitionInput, type RejectionReason } from './rules.js';

type Errors = Record<string, string>;

/** The largest decision PDF a moderator may attach to an answer. */
export const PDF_MAX = 10 * 1024 * 1024;

/** The settings form filled with the saved (or default) settings and categories. */
export const settingsFormOf = (s: PetitionSettings, categories: { name: { uk: string; en: string } }[]): FormState => ({
  values: {
    threshold: String(s.signatureThreshold),
    collection_days: String(s.collectionDays),
    moderation_days: String(s.moderationWorkingDays),
    consideration_days: String(s.considerationWorkingDays),
    allow_email: s.allowEmail ? 'on' : '',
    email_not_counted: s.emailCounts ? '' : 'on',
    residents_only: s.residentsOnly ? 'on' : '',
    min_age: s.minAge ? String(s.minAge) : '',
    continue_after_threshold: s.continueAfterThreshold ? 'on' : '',
    categories: categories.map((x) => (x.name.en && x.name.en !== x.name.uk ? `${x.name.uk} | ${x.name.en}` : x.name.uk)).join('\n'),
  },
  errors: {},
});

export function readSettingsForm(
  body: unknown,
  lang: Lang,
): { values: Record<string, string>; errors: Errors; settings: PetitionSettings | null; categories: Text[] } {
  const uk = lang === 'uk';
  const values: Record<string, string> = {};
  for (const k of [
    'threshold',
    'collection_days',
    'moderation_days',
    'consideration_days',
    'allow_email',
    'email_not_counted',
    'residents_only',
    'min_age',
    'continue_after_threshold',
    'categories',
  ])
    values[k] = field(body, k);
  const errors: Record<string, string> = {};
  const int = (k: string, min: number, max: number, msg: string): number => {
    const n = Number(values[k]);
    if (!/^\d+$/.test(values[k] ?? '') || n < min || n > max) errors[k] = msg;
    return n;
  };
  const threshold = int('threshold', 1, 1_000_000, uk ? 'Поріг — ціле число від 1 до 1 000 000' : 'The threshold is a whole number from 1 to 1,000,000');
  const collectionDays = int(
    'collection_days',
    1,
    92,
    uk ? 'Строк збору — від 1 до 92 днів (закон: до 3 місяців)' : 'The term is 1 to 92 days (the law: up to 3 months)',
  );
  const moderationDays = int('moderation_days', 1, 30, uk ? 'Строк модерації — від 1 до 30 робочих днів' : 'Moderation is 1 to 30 working days');
  const considerationDays = int('consideration_days', 1, 60, uk ? 'Строк розгляду — від 1 до 60 робочих днів' : 'Consideration is 1 to 60 working days');
  const minAge = values.min_age ? Number(values.min_age) : null;
  if (minAge !== null && ![14, 16, 18].includes(minAge)) errors.min_age = uk ? 'Оберіть 14, 16, 18 або без обмеження' : 'Choose 14, 16, 18 or no limit';
  const categories = (values.categories ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [ukName = '', enName = ''] = l.split('|').map((x) => x.trim());
      return { uk: ukName.slice(0, 100), en: (enName || ukName).slice(0, 100) };
    });
  if (categories.length === 0) errors.categories = uk ? 'Потрібна хоча б одна категорія' : 'At least one category is needed';
  if (Object.keys(errors).length) return { values, errors, settings: null, categories };
  const settings: PetitionSettings = {
    signatureThreshold: threshold,
    collectionDays,
    moderationWorkingDays: moderationDays,
    considerationWorkingDays: considerationDays,
    allowEmail: values.allow_email === 'on',
    // Unticked (or absent, as in forms from before the field) keeps today's rule: they count.
    emailCounts: values.email_not_counted !== 'on',
    residentsOnly: values.residents_only === 'on',
    minAge,
    continueAfterThreshold: values.continue_after_threshold === 'on',
    saved: true,
  };
  return { values, errors, settings, categories };
}

/** A new petition's fields and the step of the form (edit, preview, submit). */
export function readPetitionForm(body: unknown): { values: { title: string; body: string; category: string; email: string }; step: string } {
  return {
    values: { title: field(body, 'title'), body: field(body, 'body'), category: field(body, 'category'), email: field(body, 'email') },
    step: field(body, 'step'),
  };
}

/** Checks a new petition against the community's categories: its typed input, or errors by field. */
export function checkPetitionForm(
  values: { title: string; body: string; category: string; email: string },
  categoryIds: number[],
  lang: Lang,
): { input: PetitionInput; errors: Errors } {
  const categoryId = /^\d+$/.test(values.category) ? Number(values.category) : null;
  const input = { title: values.title, body: values.body, categoryId, email: values.email };
  const problems = validatePetitionInput(input, categoryIds);
  const errors = Object.fromEntries(Object.entries(problems).map(([k, text]) => [k, text[lang]]));
  return { input, errors };
}

/** The rejection form; a duplicate must name another existing petition of the same community. */
export async function readRejectForm(
  body: unknown,
  lang: Lang,
  check: { petitionId: number; communityId: number; find: (id: number) => Promise<{ id: number; community_id: number } | null> },
): Promise<{
  values: { reason: string; note: string; duplicate_of: string };
  errors: Errors;
  reason: RejectionReason | undefined;
  duplicateOf: number | null;
}> {
  const uk = lang === 'uk';
  const values = { reason: field(body, 'reason'), note: field(body, 'note'), duplicate_of: field(body, 'duplicate_of') };
  const errors: Record<string, string> = {};
  const reason = rejectionReason(values.reason);
  let duplicateOf: number | null = null;
  if (!reason) errors.reason = uk ? 'Оберіть причину відхилення' : 'Choose the reason';
  if (reason?.needs === 'note' && !values.note) errors.note = uk ? 'Поясніть причину' : 'Explain the reason';
  if (values.note.length > 1000) errors.note = uk ? 'Не більше 1000 символів' : 'At most 1000 characters';
  if (reason?.needs === 'duplicate') {
    const dup = /^\d+$/.test(values.duplicate_of) ? await check.find(Number(values.duplicate_of)) : null;
    if (!dup || dup.community_id !== check.communityId || dup.id === check.petitionId)
      errors.duplicate_of = uk ? 'Вкажіть номер наявної петиції цієї громади' : 'Give the number of an existing petition of this community';
    else duplicateOf = dup.id;
  }
  return { values, errors, reason, duplicateOf };
}

/** The answer form, with its optional decision PDF. */
export function readAnswerForm(
  body: unknown,
  upload: Upload | undefined,
  lang: Lang,
  petitionId: number,
): {
  values: { decision: string; answer_text: string; official_name: string; official_position: string };
  errors: Errors;
  pdf: { name: string; data: Buffer } | null;
} {
  const uk = lang === 'uk';
  const values = {
    decision: field(body, 'decision'),
    answer_text: field(body, 'answer_text'),
    official_name: field(body, 'official_name'),
    official_position: field(body, 'official_position'),
  };
  const errors: Record<string, string> = {};
  if (!['supported', 'not_supported', 'partially'].includes(values.decision)) errors.decision = uk ? 'Оберіть рішення' : 'Choose the decision';
  if (!values.answer_text) errors.answer_text = uk ? 'Напишіть текст відповіді' : 'Write the answer';
  else if (values.answer_text.length > 20_000) errors.answer_text = uk ? 'Не більше 20 000 символів' : 'At most 20,000 characters';
  if (!values.official_name) errors.official_name = uk ? 'Вкажіть ПІБ посадової особи' : 'Give the name of the official';
  if (!values.official_position) errors.official_position = uk ? 'Вкажіть посаду' : 'Give the position';
  const file = upload?.data ?? null;
  let pdf: { name: string; data: Buffer } | null = null;
  if (upload?.tooLarge)
    errors.pdf = uk ? `Файл завеликий: не більше ${PDF_MAX / 1024 / 1024} МБ` : `The file is too large: at most ${PDF_MAX / 1024 / 1024} MB`;
  else if (file && file.length > 0) {
    if (file.subarray(0, 5).toString('latin1') !== '%PDF-') errors.pdf = uk ? 'Файл має бути у форматі PDF' : 'The file must be a PDF';
    else pdf = { name: `petition-${petitionId}.pdf`, data: file };
  }
  return { values, errors, pdf };
}

/** The date a failed petition was passed on as an appeal, or null when it is not a date. */
export function readAppealDate(body: unknown): string | null {
  const on = field(body, 'on');
  return !/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(on)) ? null : on;
}

/** The reason and the chosen signatures (valid ids only) of an invalidation. */
export function readInvalidateForm(body: unknown): { reason: string; ids: number[] } {
  const reason = field(body, 'reason');
  const ids = fields(body, 'signature')
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647);
  return { reason, ids };
}
