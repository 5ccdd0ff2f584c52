/** Parsing and checking of the site's forms: a page or news item, a document, the settings, a host name, the menu. */
import { field, fields } from '../../core/http/form-parser.js';
import { kyivDateOf, kyivParts, startOfKyivDay } from '../../core/calendar/index.js';
import { CHARACTERS_UP_TO, plural, type Lang } from '../../core/i18n/index.js';
import type { FieldErrors } from '../../core/views/forms.js';
import type { DocumentValues, PageValues, SiteSettings } from './repository.js';
import type { DocStatus, DocType } from './tables.js';
import { isHexColor, normaliseHost, searchTerms, slugify } from './rules.js';

const tx = (lang: Lang, uk: string, en: string) => (lang === 'uk' ? uk : en);

export const TITLE_MAX = 200;
export const BODY_MAX = 60000;

export type PageAction = 'preview' | 'draft' | 'publish';

export interface PageForm {
  action: PageAction;
  slug: string;
  values: PageValues;
  /** What was typed, to show the form again. */
  raw: Record<string, string>;
  errors: FieldErrors;
}

/** «2026-12-03» and «09:30» in Kyiv time, as an instant; null when not a valid pair. */
function kyivInstant(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time || '00:00')) return null;
  const [h, m] = (time || '00:00').split(':').map(Number) as [number, number];
  const day = startOfKyivDay(date);
  if (Number.isNaN(day.getTime())) return null;
  return new Date(day.getTime() + (h * 60 + m) * 60_000);
}

/** The date and time fields of an instant, in Kyiv time. */
export function kyivFields(at: Date | null): { date: string; time: string } {
  if (!at) return { date: '', time: '' };
  const p = kyivParts(at);
  return { date: kyivDateOf(at), time: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` };
}

export function parsePageForm(body: unknown, lang: Lang, now: Date, o: { isNew: boolean; kind: 'page' | 'news' }): PageForm {
  const raw = {
    title_uk: field(body, 'title_uk').trim(),
    title_en: field(body, 'title_en').trim(),
    body_uk: field(body, 'body_uk'),
    body_en: field(body, 'body_en'),
    slug: field(body, 'slug').trim().toLowerCase(),
    publish_date: field(body, 'publish_date').trim(),
    publish_time: field(body, 'publish_time').trim(),
  };
  const a = field(body, 'action');
  const action: PageAction = a === 'publish' || a === 'draft' ? a : 'preview';
  const errors: FieldErrors = {};
  const tooLong = tx(lang, `Заголовок — до ${plural(TITLE_MAX, CHARACTERS_UP_TO, 'uk')}.`, `The title is up to ${plural(TITLE_MAX, CHARACTERS_UP_TO, 'en')}.`);
  if (!raw.title_uk) errors.title_uk = tx(lang, 'Вкажіть заголовок українською.', 'Give a title in Ukrainian.');
  else if (raw.title_uk.length > TITLE_MAX) errors.title_uk = tooLong;
  if (raw.title_en.length > TITLE_MAX) errors.title_en = tooLong;
  if (raw.body_uk.length > BODY_MAX) errors.body_uk = tx(lang, 'Текст задовгий.', 'The text is too long.');
  if (raw.body_en.length > BODY_MAX) errors.body_en = tx(lang, 'Текст задовгий.', 'The text is too long.');
  let slug = raw.slug;
  if (o.isNew) {
    if (!slug) slug = o.kind === 'news' ? `${kyivDateOf(now)}-${slugify(raw.title_uk)}`.slice(0, 80) : slugify(raw.title_uk);
    if (!/^[a-z0-9-]{1,80}$/.test(slug))
      errors.slug = tx(lang, 'Адреса — латинські літери, цифри й дефіси.', 'The address is Latin letters, digits and dashes.');
  }
  let publishedAt: Date | null = null;
  if (raw.publish_date || raw.publish_time) {
    publishedAt = kyivInstant(raw.publish_date, raw.publish_time);
    if (!publishedAt) errors.publish_date = tx(lang, 'Дата — у форматі РРРР-ММ-ДД, час — ГГ:ХХ.', 'The date is YYYY-MM-DD, the time HH:MM.');
  }
  if (action === 'publish' && !publishedAt) publishedAt = now;
  return {
    action,
    slug,
    raw,
    errors,
    values: {
      title: { uk: raw.title_uk, en: raw.title_en },
      body: { uk: raw.body_uk, en: raw.body_en },
      status: action === 'publish' ? 'published' : 'draft',
      publishedAt,
    },
  };
}

export const DOC_TYPES: readonly DocType[] = ['decision', 'order', 'regulation', 'program', 'other'];
export const DOC_STATUSES: readonly DocStatus[] = ['in_force', 'amended', 'repealed', 'draft'];

export function parseDocumentForm(body: unknown, lang: Lang): { values: DocumentValues; raw: Record<string, string>; errors: FieldErrors } {
  const raw = {
    number: field(body, 'number').trim(),
    date: field(body, 'date').trim(),
    type: field(body, 'type'),
    status: field(body, 'status'),
    title: field(body, 'title').trim(),
    body: field(body, 'body'),
  };
  const errors: FieldErrors = {};
  if (!raw.number || raw.number.length > 40) errors.number = tx(lang, 'Вкажіть номер (до 40 символів).', 'Give the number (up to 40 characters).');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw.date) || Number.isNaN(Date.parse(raw.date)))
    errors.date = tx(lang, 'Дата — у форматі РРРР-ММ-ДД.', 'The date is YYYY-MM-DD.');
  const type = DOC_TYPES.find((t) => t === raw.type);
  if (!type) errors.type = tx(lang, 'Оберіть вид документа.', 'Choose the kind of document.');
  const status = DOC_STATUSES.find((s) => s === raw.status);
  if (!status) errors.status = tx(lang, 'Оберіть стан документа.', 'Choose the document’s status.');
  if (!raw.title || raw.title.length > 300) errors.title = tx(lang, 'Вкажіть назву (до 300 символів).', 'Give the title (up to 300 characters).');
  if (raw.body.length > 200000) errors.body = tx(lang, 'Текст задовгий.', 'The text is too long.');
  return {
    raw,
    errors,
    values: {
      number: raw.number,
      date: raw.date,
      type: type ?? 'other',
      status: status ?? 'draft',
      title: raw.title,
      body: raw.body,
      searchTerms: searchTerms(raw.number, raw.title, raw.body),
      pdfFileId: null,
    },
  };
}

export function parseSettingsForm(body: unknown, lang: Lang): { settings: SiteSettings; errors: FieldErrors } {
  const primary = field(body, 'primary_color').trim().toLowerCase();
  const accent = field(body, 'accent_color').trim().toLowerCase();
  const errors: FieldErrors = {};
  if (!isHexColor(primary)) errors.primary_color = tx(lang, 'Колір — у форматі #rrggbb.', 'A colour is #rrggbb.');
  if (!isHexColor(accent)) errors.accent_color = tx(lang, 'Колір — у форматі #rrggbb.', 'A colour is #rrggbb.');
  return { settings: { primary, accent, english: field(body, 'english') === 'yes' }, errors };
}

export function parseHost(body: unknown): string | null {
  return normaliseHost(field(body, 'host'));
}

/** The menu form: for every item `position_<id>` and, when shown, its id among `visible`; items the form does not name are left as they are. */
export function parseMenuForm(body: unknown, ids: number[]): { id: number; position: number; visible: boolean }[] {
  const shown = new Set(fields(body, 'visible'));
  return ids
    .filter((id) => field(body, `position_${id}`) !== '')
    .map((id) => {
      const n = Number(field(body, `position_${id}`));
      return { id, position: Number.isInteger(n) && Math.abs(n) < 100_000 ? n : 0, visible: shown.has(String(id)) };
    });
}
