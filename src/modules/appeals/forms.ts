/** Parsing of the appeals' forms (a resident's appeal, a staff member's answer and extension) into typed values or field errors. */
import { field } from '../../core/http/form-parser.js';
import { CHARACTERS_UP_TO, pick, plural, type Lang, type PluralText } from '../../core/i18n/index.js';
import { isEmail, isFullName, isTopic, LIMITS, MAX_TERM_DAYS, type Topic } from './rules.js';

const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);
const length = (s: string) => [...s].length;

type Parsed<T> = { values: Record<string, string>; errors: Record<string, string>; fields: T | null };

const CHARACTERS_AT_LEAST: PluralText = { uk: ['символ', 'символи', 'символів'], en: ['character', 'characters'] };
const atMost = (n: number, lang: Lang) => tx(lang, `Не більше ${plural(n, CHARACTERS_UP_TO, 'uk')}`, `At most ${plural(n, CHARACTERS_UP_TO, 'en')}`);

/** The body of an appeal: shared by the web form and the chat-bot's dialogue. */
export function bodyError(body: string, lang: Lang): string | null {
  if (length(body.trim()) < LIMITS.minBody)
    return tx(
      lang,
      `Опишіть суть звернення: щонайменше ${plural(LIMITS.minBody, CHARACTERS_AT_LEAST, 'uk')}`,
      `Describe the appeal: at least ${plural(LIMITS.minBody, CHARACTERS_AT_LEAST, 'en')}`,
    );
  if (length(body) > LIMITS.body) return atMost(LIMITS.body, lang);
  return null;
}

export function nameError(name: string, lang: Lang): string | null {
  if (isFullName(name)) return null;
  return tx(
    lang,
    'Вкажіть прізвище та імʼя: анонімні звернення не розглядаються (ст. 8 закону «Про звернення громадян»)',
    'Give your surname and first name: anonymous appeals are not considered (Art. 8 of the law on citizens’ appeals)',
  );
}

export function emailError(email: string, lang: Lang): string | null {
  return isEmail(email) ? null : tx(lang, 'Адреса e-mail має бути як name@example.com', 'The e-mail address must look like name@example.com');
}

/** A resident's appeal on the web: the name comes from the account; topic, text and an optional e-mail from the form. */
export function parseAppealForm(body: unknown, lang: Lang): Parsed<{ topic: Topic; body: string; email: string | null }> {
  const values = { topic: field(body, 'topic'), body: field(body, 'body'), email: field(body, 'email').trim() };
  const errors: Record<string, string> = {};
  if (!isTopic(values.topic)) errors.topic = tx(lang, 'Оберіть тему звернення', 'Choose the topic of the appeal');
  const b = bodyError(values.body, lang);
  if (b) errors.body = b;
  if (values.email) {
    const e = emailError(values.email, lang);
    if (e) errors.email = e;
  }
  if (Object.keys(errors).length) return { values, errors, fields: null };
  return { values, errors, fields: { topic: values.topic as Topic, body: values.body.trim(), email: values.email || null } };
}

export function parseAnswerForm(body: unknown, lang: Lang): Parsed<{ answer: string }> {
  const values = { answer: field(body, 'answer') };
  const errors: Record<string, string> = {};
  if (length(values.answer.trim()) < 2) errors.answer = tx(lang, 'Напишіть відповідь по суті звернення', 'Write the answer to the appeal');
  else if (length(values.answer) > LIMITS.answer) errors.answer = atMost(LIMITS.answer, lang);
  return Object.keys(errors).length ? { values, errors, fields: null } : { values, errors, fields: { answer: values.answer.trim() } };
}

export function parseExtendForm(body: unknown, lang: Lang): Parsed<{ totalDays: number; reason: string }> {
  const values = { days: field(body, 'days').trim(), reason: field(body, 'reason') };
  const errors: Record<string, string> = {};
  const days = /^\d{1,2}$/.test(values.days) ? Number(values.days) : NaN;
  if (!(days >= 16 && days <= MAX_TERM_DAYS)) {
    errors.days = tx(lang, `Загальний термін — число днів від 16 до ${MAX_TERM_DAYS}`, `The whole term: a number of days from 16 to ${MAX_TERM_DAYS}`);
  }
  if (length(values.reason.trim()) < 5)
    errors.reason = tx(lang, 'Поясніть, чому потрібно більше часу: автор звернення це отримає', 'Explain why more time is needed: the author is told');
  else if (length(values.reason) > LIMITS.reason) errors.reason = atMost(LIMITS.reason, lang);
  return Object.keys(errors).length ? { values, errors, fields: null } : { values, errors, fields: { totalDays: days, reason: values.reason.trim() } };
}
