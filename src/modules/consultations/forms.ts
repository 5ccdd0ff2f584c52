/**
 * Reading the consultations forms: the values kept for the page, errors by field in the viewer's language,
 * typed input; and the files moderators attach (materials, a .docx draft act).
 */
import { CHARACTERS_UP_TO, pluralWord, type Lang, type Text } from '../../core/i18n/index.js';
import { field } from '../../core/http/form-parser.js';
import type { FormState } from '../../core/views/forms.js';
import { endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import type { Decision, Item, ItemFields } from './repository.js';
import { COMMENT_MAX, isCategory, isKind, type Kind } from './rules/model.js';
import { ACT_MAX_CHARS, MAX_SECTIONS, splitAct } from './rules/act-splitter.js';

type Errors = Record<string, string>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Reads the item form; errors keyed by field, what was typed kept. */
export function readItemForm(body: unknown, lang: Lang, withKind: boolean): { fields: ItemFields | null; form: FormState } {
  const uk = lang === 'uk';
  const v = {
    kind: field(body, 'kind'),
    title: field(body, 'title'),
    description: field(body, 'description'),
    category: field(body, 'category'),
    starts: field(body, 'starts'),
    ends: field(body, 'ends'),
    results: field(body, 'results') || 'during',
    allow_email: field(body, 'allow_email') === 'on' ? 'on' : '',
    // Unchecked (absent) is the default: e-mail-level answers count, as before the rule existed.
    email_not_counted: field(body, 'email_not_counted') === 'on' ? 'on' : '',
    residents_only: field(body, 'residents_only') === 'on' ? 'on' : '',
    min_age: field(body, 'min_age'),
  };
  const e: Record<string, string> = {};
  if (withKind && !isKind(v.kind)) e.kind = uk ? 'Оберіть вид' : 'Choose the kind';
  if (!v.title) e.title = uk ? 'Напишіть назву' : 'Write the title';
  else if ([...v.title].length > 300) e.title = uk ? 'Назва — до 300 символів' : 'The title: up to 300 characters';
  if ([...v.description].length > 20_000) e.description = uk ? 'Опис — до 20 000 символів' : 'The description: up to 20,000 characters';
  if (!isCategory(v.category)) e.category = uk ? 'Оберіть категорію' : 'Choose a category';
  if (!validDate(v.starts)) e.starts = uk ? 'Вкажіть дату початку' : 'Give the start date';
  if (!validDate(v.ends)) e.ends = uk ? 'Вкажіть дату завершення' : 'Give the end date';
  else if (!e.starts && v.ends < v.starts) e.ends = uk ? 'Завершення не може бути раніше за початок' : 'The end cannot be before the start';
  if (v.results !== 'during' && v.results !== 'after') e.results = uk ? 'Оберіть, коли показувати результати' : 'Choose when to show results';
  if (v.min_age && !['14', '16', '18'].includes(v.min_age)) e.min_age = uk ? 'Оберіть вік зі списку' : 'Choose an age from the list';
  const form = { values: v, errors: e };
  if (Object.keys(e).length) return { fields: null, form };
  return {
    form,
    fields: {
      kind: (isKind(v.kind) ? v.kind : 'consultation') as Kind,
      title: v.title,
      description: v.description,
      category: v.category,
      startsAt: startOfKyivDay(v.starts),
      endsAt: endOfKyivDay(v.ends),
      resultsVisibility: v.results as 'during' | 'after',
      allowEmail: v.allow_email === 'on',
      emailCounts: v.email_not_counted !== 'on',
      residentsOnly: v.residents_only === 'on',
      minAge: v.min_age ? Number(v.min_age) : null,
    },
  };
}

export function itemFormValues(i: Item): Record<string, string> {
  return {
    title: i.title,
    description: i.description,
    category: i.category,
    starts: kyivDateOf(i.startsAt),
    ends: kyivDateOf(i.endsAt),
    results: i.resultsVisibility,
    allow_email: i.allowEmail ? 'on' : '',
    email_not_counted: i.emailCounts ? '' : 'on',
    residents_only: i.residentsOnly ? 'on' : '',
    min_age: i.minAge === null ? '' : String(i.minAge),
  };
}

/** The poll question form as it was sent, with its errors in the viewer's language. */
export function questionFormOf(body: Record<string, string>, errors: Record<string, Text>, lang: Lang): FormState {
  const values = Object.fromEntries(
    ['type', 'text', 'options', 'minChoices', 'maxChoices', 'rankTop', 'scaleMin', 'scaleMax', 'pointsTotal', 'allowOther'].map((k) => [k, field(body, k)]),
  );
  return { values, errors: Object.fromEntries(Object.entries(errors).map(([k, t]) => [k, t[lang]])) };
}

/** The text of a draft act, split into sections; or why it cannot be. */
export function splitActText(text: string, lang: Lang): { split: ReturnType<typeof splitAct> | null; error: string } {
  const uk = lang === 'uk';
  const error = !text
    ? uk
      ? 'Вставте текст проєкту або завантажте .docx'
      : 'Paste the text of the draft or upload a .docx'
    : text.length > ACT_MAX_CHARS
      ? uk
        ? `Текст задовгий: до ${ACT_MAX_CHARS} ${pluralWord(ACT_MAX_CHARS, CHARACTERS_UP_TO, 'uk')}`
        : `The text is too long: up to ${ACT_MAX_CHARS} ${pluralWord(ACT_MAX_CHARS, CHARACTERS_UP_TO, 'en')}`
      : '';
  const split = error ? null : splitAct(text);
  const tooMany =
    split && split.sections.length > MAX_SECTIONS
      ? uk
        ? `Забагато розділів (${split.sections.length}); не більше ${MAX_SECTIONS}`
        : `Too many sections (${split.sections.length}); at most ${MAX_SECTIONS}`
      : '';
  if (!split || tooMany) return { split: null, error: error || tooMany };
  return { split, error: '' };
}

/** The outcome form: the summary and a decision (with its reason) on each proposal. */
export function readOutcomeForm(
  body: unknown,
  lang: Lang,
  proposals: { id: number }[],
): { values: Record<string, string>; errors: Errors; summary: string; decisions: { id: number; decision: Decision | null; reason: string | null }[] } {
  const uk = lang === 'uk';
  const summary = field(body, 'summary');
  const values: Record<string, string> = { summary };
  const errors: Errors = {};
  if (!summary) errors.summary = uk ? 'Напишіть підсумок' : 'Write the summary';
  else if (summary.length > 20_000) errors.summary = uk ? 'Підсумок — до 20 000 символів' : 'The summary: up to 20,000 characters';
  const decisions: { id: number; decision: Decision | null; reason: string | null }[] = [];
  for (const x of proposals) {
    const d = field(body, `decision-${x.id}`);
    const r = field(body, `reason-${x.id}`);
    values[`decision-${x.id}`] = d;
    values[`reason-${x.id}`] = r;
    if (d && d !== 'accepted' && d !== 'partly' && d !== 'rejected')
      errors[`decision-${x.id}`] = uk ? 'Оберіть рішення зі списку' : 'Choose a decision from the list';
    else if ((d === 'rejected' || d === 'partly') && !r)
      errors[`reason-${x.id}`] = uk ? 'Поясніть, чому пропозицію не враховано повністю' : 'Explain why the proposal was not fully taken up';
    else if (r.length > 1000) errors[`reason-${x.id}`] = uk ? 'До 1000 символів' : 'Up to 1000 characters';
    decisions.push({ id: x.id, decision: (d || null) as Decision | null, reason: r || null });
  }
  return { values, errors, summary, decisions };
}

/** The revised act and the notes on what changed. */
export function readRevisionForm(body: unknown, lang: Lang): { revised: string; notes: string; errors: Errors } {
  const uk = lang === 'uk';
  const revised = field(body, 'revised_text');
  const notes = field(body, 'notes');
  const errors: Errors = {};
  if (!revised) errors.revised_text = uk ? 'Вставте текст нової редакції' : 'Paste the text of the revised version';
  else if (revised.length > ACT_MAX_CHARS)
    errors.revised_text = `${uk ? 'До' : 'Up to'} ${ACT_MAX_CHARS} ${pluralWord(ACT_MAX_CHARS, CHARACTERS_UP_TO, uk ? 'uk' : 'en')}`;
  if (!notes) errors.notes = uk ? 'Поясніть, що змінено і чому' : 'Explain what changed and why';
  else if (notes.length > 20_000) errors.notes = uk ? 'До 20 000 символів' : 'Up to 20,000 characters';
  return { revised, notes, errors };
}

/** A topic a resident suggests. */
export function readTopicForm(body: unknown, lang: Lang): { title: string; body: string; errors: Errors } {
  const uk = lang === 'uk';
  const title = field(body, 'title');
  const text = field(body, 'body');
  const errors: Errors = {};
  if (!title) errors.title = uk ? 'Напишіть тему' : 'Write the topic';
  else if ([...title].length > 200) errors.title = uk ? 'Тема — до 200 символів' : 'The topic: up to 200 characters';
  if (!text) errors.body = uk ? 'Поясніть, що варто обговорити' : 'Explain what to discuss';
  else if ([...text].length > 4000)
    errors.body = uk ? `Не більше 4000 символів (зараз ${[...text].length})` : `At most 4000 characters (now ${[...text].length})`;
  return { title, body: text, errors };
}

/** What is wrong with a comment's text, or ''. */
export function commentError(body: string, lang: Lang): string {
  const uk = lang === 'uk';
  if (!body) return uk ? 'Напишіть коментар' : 'Write a comment';
  if ([...body].length > COMMENT_MAX)
    return `${uk ? 'Не більше' : 'At most'} ${COMMENT_MAX} ${pluralWord(COMMENT_MAX, CHARACTERS_UP_TO, uk ? 'uk' : 'en')} (${uk ? 'зараз' : 'now'} ${[...body].length})`;
  return '';
}

/** What the bytes are, whatever the browser claimed: only these are accepted. */
export function sniffMaterial(data: Buffer): string | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export function safeFilename(name: string, mime: string): string {
  const cleaned = name
    .replace(/[\\/\u0000-\u001f"<>|:*?]/g, '_')
    .trim()
    .slice(0, 150);
  const ext = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' }[mime] ?? '';
  return cleaned && /\.[a-z0-9]{2,5}$/i.test(cleaned) ? cleaned : `${cleaned || 'file'}${ext}`;
}

/** .docx to text with Markdown headings, so the splitter sees the document's heading styles. */
export async function docxToText(data: Buffer): Promise<string> {
  const { default: mammoth } = await import('mammoth');
  const { value } = await mammoth.convertToHtml({ buffer: data });
  const decode = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return value
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g, (_m, n: string, inner: string) => `\n${'#'.repeat(Number(n))} ${decode(inner)}\n`)
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/g, (_m, inner: string) => `- ${decode(inner)}\n`)
    .replace(/<p[^>]*>([\s\S]*?)<\/p>/g, (_m, inner: string) => `${decode(inner)}\n`)
    .replace(/<[^>]+>/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
