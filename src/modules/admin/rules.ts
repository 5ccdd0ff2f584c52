/**
 * The rules of connecting a community, as pure functions: reading and checking the request form, the
 * address (slug) the national moderator picks, and what an uploaded file really is.
 */
import { CHARACTERS_UP_TO, pluralWord, type Lang } from '../../core/i18n/index.js';
import { isToolId, TOOL_IDS } from '../../core/tools.js';
import { catalogEntry } from './catalog.js';
import type { ConnectionRequestsTable, RequestInput } from './repository.js';

export const PDF_MAX_BYTES = 5 * 1024 * 1024;
export const COAT_MAX_BYTES = 500 * 1024;
export const MAX_MODERATORS = 10;
export const MAX_BUDGET_CATEGORIES = 20;
export const TEXT_MAX = 200;
export const MESSAGE_MAX = 2000;

/**
 * First path segments the platform itself uses, so no community may take them as its address; module
 * ids are refused too (see `reservedSlugs`).
 */
export const RESERVED_SLUGS: readonly string[] = [
  'about',
  'accessibility',
  'admin',
  'api',
  'auth',
  'cabinet',
  'communities',
  'complaints',
  'connect',
  'dev',
  'docs',
  'go',
  'healthz',
  'help',
  'lang',
  'login',
  'logout',
  'manage',
  'metrics',
  'new',
  'open-data',
  'open311',
  'privacy',
  'robots-txt',
  'search',
  'sitemap',
  'static',
  'stats',
  'terms',
  'www',
];

export function reservedSlugs(moduleIds: readonly string[]): Set<string> {
  return new Set([...RESERVED_SLUGS, ...moduleIds, ...TOOL_IDS]);
}

/** Why this address cannot be used, or null. Uniqueness is the database's to answer. */
export function slugProblem(slug: string, reserved: Set<string>, lang: Lang): string | null {
  const uk = lang === 'uk';
  if (!slug) return uk ? 'Вкажіть адресу громади на платформі' : 'Enter the community address on the platform';
  if (!/^[a-z0-9-]+$/.test(slug)) return uk ? 'Адреса — лише малі латинські літери, цифри й дефіс' : 'Use only lower-case Latin letters, digits and hyphens';
  if (slug.length < 2 || slug.length > 63) return uk ? 'Адреса має бути від 2 до 63 символів' : 'The address must be 2 to 63 characters long';
  if (slug.startsWith('-') || slug.endsWith('-') || slug.includes('--'))
    return uk ? 'Дефіс не може стояти на початку, в кінці чи двічі поспіль' : 'No hyphen at the start, at the end or twice in a row';
  if (/^\d+$/.test(slug)) return uk ? 'Адреса не може складатися лише з цифр' : 'The address cannot be digits only';
  if (reserved.has(slug))
    return uk
      ? `Адресу «${slug}» зарезервовано для сторінок платформи — оберіть іншу`
      : `The address «${slug}» is reserved for the platform's pages; choose another`;
  return null;
}

export function isEmail(s: string): boolean {
  return s.length <= 254 && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/.test(s);
}

/** +380 67 111 22 33, (067) 111-22-33 …: 10 to 15 digits once spaces, brackets and hyphens are gone. */
export function normalizePhone(s: string): string | null {
  const compact = s.replace(/[\s()-]/g, '');
  return /^\+?\d{10,15}$/.test(compact) ? compact : null;
}

export function isPdf(data: Buffer): boolean {
  return data.length > 5 && data.subarray(0, 5).toString('latin1') === '%PDF-';
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/svg+xml';

/**
 * What an uploaded image really is, from its first bytes (never the name or the browser's word). An SVG
 * is refused when it carries scripts, event handlers or external references: it is served from our
 * origin, and a coat of arms needs none of them.
 */
export function sniffImage(data: Buffer): ImageType | 'unsafe-svg' | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  const head = data
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) {
    const text = data.toString('utf8');
    if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|(?:href|src)\s*=\s*["']\s*(?:https?:|\/\/|data:text)/i.test(text)) return 'unsafe-svg';
    return 'image/svg+xml';
  }
  return null;
}

/** A file from the form: a Buffer when one was chosen, or nothing (an empty file input sends 0 bytes). */
/** The bytes of a form's file field (core/http/uploads.ts), if a whole non-empty file came. */
export function uploaded(files: readonly { data: Buffer | null }[]): Buffer | null {
  const v = files[0]?.data;
  return v && v.length > 0 ? v : null;
}

/** The request's columns its form fills in from one text field each. */
type TextColumns = keyof Pick<
  ConnectionRequestsTable,
  | 'contact_name'
  | 'contact_position'
  | 'contact_email'
  | 'contact_phone'
  | 'council_address'
  | 'council_website'
  | 'moderator_emails'
  | 'petition_threshold'
  | 'petition_days'
  | 'budget_total'
  | 'budget_categories'
  | 'budget_max_choices'
  | 'budget_min_age'
>;

/** The request form as typed: the community chosen, the ticked tools, and each column's text. */
export type RawRequestForm = { community: string; tools: string[] } & Record<TextColumns, string>;

export const TEXT_FIELDS = [
  'community',
  'contact_name',
  'contact_position',
  'contact_email',
  'contact_phone',
  'council_address',
  'council_website',
  'moderator_emails',
  'petition_threshold',
  'petition_days',
  'budget_total',
  'budget_categories',
  'budget_max_choices',
  'budget_min_age',
] as const;

/** A whole number typed with spaces or narrow spaces as thousand separators ("1 500 000"). */
function wholeNumber(s: string): number | null {
  const compact = s.replace(/[\s\u00a0\u202f_]/g, '');
  if (!/^\d{1,15}$/.test(compact)) return null;
  const n = Number(compact);
  return Number.isSafeInteger(n) ? n : null;
}

function lines(s: string): string[] {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Checks the form. Returns the request to store, or the message for each field that is wrong. Files
 * are checked by the caller (they are not text); `hasFiles` says whether both are already there.
 */
export function validateRequestForm(f: RawRequestForm, lang: Lang): { input: RequestInput; errors: Record<string, string> } {
  const uk = lang === 'uk';
  const errors: Record<string, string> = {};
  const entry = catalogEntry(f.community);
  if (!entry) errors.community = uk ? 'Оберіть громаду зі списку' : 'Choose the community from the list';

  const text = (k: keyof RawRequestForm, required: { uk: string; en: string } | null, max = TEXT_MAX): string => {
    const v = String(f[k]);
    if (!v && required) errors[k] = uk ? required.uk : required.en;
    else if ([...v].length > max) errors[k] = `${uk ? 'Не більше' : 'At most'} ${max} ${pluralWord(max, CHARACTERS_UP_TO, uk ? 'uk' : 'en')}`;
    return v;
  };
  const contactName = text('contact_name', { uk: 'Вкажіть прізвище, імʼя та по батькові контактної особи', en: 'Enter the full name of the contact person' });
  const contactPosition = text('contact_position', { uk: 'Вкажіть посаду контактної особи', en: 'Enter the position of the contact person' });
  const email = f.contact_email.toLowerCase();
  if (!email) errors.contact_email = uk ? 'Вкажіть електронну пошту контактної особи' : 'Enter the e-mail of the contact person';
  else if (!isEmail(email)) errors.contact_email = uk ? 'Вкажіть пошту у форматі name@example.com' : 'Enter an e-mail like name@example.com';
  const phone = normalizePhone(f.contact_phone);
  if (!f.contact_phone) errors.contact_phone = uk ? 'Вкажіть телефон контактної особи' : 'Enter the phone of the contact person';
  else if (!phone)
    errors.contact_phone = uk ? 'Телефон — від 10 до 15 цифр, наприклад +380 44 123 45 67' : 'A phone has 10 to 15 digits, e.g. +380 44 123 45 67';
  const councilAddress = text('council_address', null, 300);
  const website = f.council_website;
  if (website && (!/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(website) || website.length > 300)) {
    errors.council_website = uk ? 'Вкажіть адресу сайту повністю, наприклад https://rada.gov.ua' : 'Enter the full website address, e.g. https://rada.gov.ua';
  }

  const moderatorEmails = [...new Set(lines(f.moderator_emails).map((e) => e.toLowerCase()))];
  const badEmail = moderatorEmails.find((e) => !isEmail(e));
  if (badEmail)
    errors.moderator_emails = uk ? `«${badEmail.slice(0, 60)}» — не адреса електронної пошти` : `«${badEmail.slice(0, 60)}» is not an e-mail address`;
  else if (moderatorEmails.length > MAX_MODERATORS) errors.moderator_emails = uk ? `Не більше ${MAX_MODERATORS} адрес` : `At most ${MAX_MODERATORS} addresses`;

  const tools = [...new Set(f.tools)];
  if (tools.length === 0 || !tools.every(isToolId)) errors.tools = uk ? 'Оберіть хоча б один інструмент' : 'Choose at least one tool';
  const ordered = TOOL_IDS.filter((t) => tools.includes(t));

  let petitionThreshold: number | null = null;
  let petitionDays: number | null = null;
  if (ordered.includes('petitions')) {
    petitionThreshold = wholeNumber(f.petition_threshold);
    if (petitionThreshold === null || petitionThreshold < 1 || petitionThreshold > 1_000_000) {
      errors.petition_threshold = uk
        ? 'Поріг підписів — ціле число від 1 до 1 000 000, як у положенні громади'
        : 'The threshold is a whole number from 1 to 1,000,000, as in your regulation';
    }
    petitionDays = wholeNumber(f.petition_days);
    if (petitionDays === null || petitionDays < 1 || petitionDays > 92) {
      errors.petition_days = uk ? 'Строк збору — від 1 до 92 днів (закон: не більше 3 місяців)' : 'The term is 1 to 92 days (the law: at most 3 months)';
    }
  }

  let budgetTotal: number | null = null;
  let budgetCategories: string[] = [];
  let budgetMaxChoices: number | null = null;
  let budgetMinAge: number | null = null;
  if (ordered.includes('budgets')) {
    budgetTotal = wholeNumber(f.budget_total);
    if (budgetTotal === null || budgetTotal < 1_000 || budgetTotal > 100_000_000_000) {
      errors.budget_total = uk ? 'Обсяг бюджету — сума в гривнях цифрами, від 1 000 грн' : 'The budget is an amount in hryvnias, in digits, from 1,000 UAH';
    }
    budgetCategories = [...new Set(lines(f.budget_categories))];
    if (budgetCategories.length === 0) errors.budget_categories = uk ? 'Вкажіть хоча б одну категорію проєктів' : 'Enter at least one project category';
    else if (budgetCategories.length > MAX_BUDGET_CATEGORIES)
      errors.budget_categories = `${uk ? 'Не більше' : 'At most'} ${MAX_BUDGET_CATEGORIES} ${pluralWord(MAX_BUDGET_CATEGORIES, { uk: ['категорії', 'категорій', 'категорій'], en: ['category', 'categories'] }, uk ? 'uk' : 'en')}`;
    else if (budgetCategories.some((c) => [...c].length > 100))
      errors.budget_categories = uk ? 'Назва категорії — не довше 100 символів' : 'A category name is at most 100 characters';
    budgetMaxChoices = wholeNumber(f.budget_max_choices);
    if (budgetMaxChoices === null || budgetMaxChoices < 1 || budgetMaxChoices > 20) {
      errors.budget_max_choices = uk ? 'Скільки проєктів може обрати голосувальник — від 1 до 20' : 'How many projects a voter may choose: 1 to 20';
    }
    if (f.budget_min_age) {
      budgetMinAge = Number(f.budget_min_age);
      if (![14, 16, 18].includes(budgetMinAge)) errors.budget_min_age = uk ? 'Оберіть 14, 16, 18 років або без обмеження' : 'Choose 14, 16, 18 or no limit';
    }
  }

  const input: RequestInput = {
    territorialCode: entry?.code ?? '',
    name: entry?.name ?? { uk: '', en: '' },
    oblast: entry?.oblast ?? { uk: '', en: '' },
    raion: entry?.raion ?? { uk: '', en: '' },
    population: entry?.population ?? 0,
    contactName,
    contactPosition,
    contactEmail: email,
    contactPhone: phone ?? '',
    councilAddress,
    councilWebsite: website,
    moderatorEmails,
    tools: ordered,
    petitionThreshold,
    petitionDays,
    budgetTotal,
    budgetCategories,
    budgetMaxChoices,
    budgetMinAge,
  };
  return { input, errors };
}

/** Everyone who becomes a local moderator: the listed addresses, or the contact person when none. */
export function moderatorEmailsOf(r: { moderator_emails: string[]; contact_email: string }): string[] {
  return r.moderator_emails.length > 0 ? r.moderator_emails : [r.contact_email];
}
