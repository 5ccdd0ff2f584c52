/** Ukrainian first, English second. Texts live next to their use as { uk, en } pairs. */
export type Lang = 'uk' | 'en';

export interface Text {
  uk: string;
  en: string;
}

export function isLang(v: unknown): v is Lang {
  return v === 'uk' || v === 'en';
}

export function pick(text: Text, lang: Lang): string {
  return text[lang];
}

/**
 * Ukrainian has three plural forms: 1, 21, 31… (one); 2–4, 22–24… (few); the rest, incl. 11–14 (many).
 * English has two.
 */
export function pluralForm(n: number, lang: Lang): 'one' | 'few' | 'many' {
  const abs = Math.abs(Math.trunc(n));
  if (lang === 'en') return abs === 1 ? 'one' : 'many';
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return 'one';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'few';
  return 'many';
}

export interface PluralText {
  uk: [one: string, few: string, many: string];
  en: [one: string, other: string];
}

/** `plural(5, { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] }, 'uk')` → "5 підписів". */
export function plural(n: number, forms: PluralText, lang: Lang): string {
  return `${formatNumber(n, lang)} ${pluralWord(n, forms, lang)}`;
}

/** The form alone, for a page that sets the number apart (`<strong>5</strong> підписів`). */
export function pluralWord(n: number, forms: PluralText, lang: Lang): string {
  const form = pluralForm(n, lang);
  return lang === 'uk' ? forms.uk[form === 'one' ? 0 : form === 'few' ? 1 : 2] : forms.en[form === 'one' ? 0 : 1];
}

/**
 * Characters counted after «до», «не більше»: the genitive («до 1 символу», «до 2 000 символів»), as a
 * form's hint or error gives the limit of a text.
 */
export const CHARACTERS_UP_TO: PluralText = { uk: ['символу', 'символів', 'символів'], en: ['character', 'characters'] };

// Built once: constructing an Intl formatter costs far more than using it, and pages format many numbers.
const NUMBER_FORMATS: Record<Lang, Intl.NumberFormat> = { uk: new Intl.NumberFormat('uk-UA'), en: new Intl.NumberFormat('en-GB') };

/** Ukrainian groups thousands with a (narrow no-break) space: 10 000. */
export function formatNumber(n: number, lang: Lang): string {
  return NUMBER_FORMATS[lang].format(n);
}

/** Lower-case for search, Ukrainian-aware; folds the apostrophe variants into one (ʼ ' ’). */
export function searchFold(s: string): string {
  return s
    .toLocaleLowerCase('uk-UA')
    .replace(/['’ʼ`]/g, 'ʼ')
    .trim();
}
