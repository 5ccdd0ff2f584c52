/** Reading the school budget's forms: typed values kept, errors by field, in the viewer's language. */
import { pluralWord, type Lang, type PluralText } from '../../core/i18n/index.js';

/** After «не більше»: «не більше 1 коду», «не більше 500 кодів». */
const CODES_UP_TO: PluralText = { uk: ['коду', 'кодів', 'кодів'], en: ['code', 'codes'] };
import { addDaysToLocalDate, kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import { field } from '../../core/http/form-parser.js';
import { computeCost, formatMoney, parseMoney, type Contest, type ContestInput, type WinnerRule, readCostItems } from '../budgets/index.js';
import { MAX_BATCH, type Grades, type School, type SchoolInput } from './repository.js';
import type { SchoolKind } from './tables.js';

type Errors = Record<string, string>;

const int = (s: string): number | null => (/^\d{1,7}$/.test(s) ? Number(s) : null);

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
}

/** «7б», «7 - Б», «10a» → «7-Б», «10-A»; a grade alone → «7». Null when it is not a class. */
export function normaliseClass(raw: string): { label: string; grade: number } | null {
  const m = /^(\d{1,2})\s*[-–—]?\s*([\p{L}])?$/u.exec(raw.trim());
  if (!m) return null;
  const grade = Number(m[1]);
  if (grade < 1 || grade > 12) return null;
  return { label: m[2] ? `${grade}-${m[2].toLocaleUpperCase('uk-UA')}` : String(grade), grade };
}

export function readSchoolForm(
  body: unknown,
  lang: Lang,
  opts: { withSlug: boolean },
): { input: SchoolInput | null; slug: string; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const values: Record<string, string> = {};
  for (const n of ['slug', 'name', 'kind', 'address', 'students', 'gradeFrom', 'gradeTo']) values[n] = field(body, n);
  values.slug = values.slug!.toLowerCase();
  const errors: Errors = {};
  if (opts.withSlug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.slug))
    errors.slug = uk ? 'Латинські літери, цифри й дефіси, наприклад lyceum-1' : 'Latin letters, digits and dashes, like lyceum-1';
  else if (opts.withSlug && (values.slug.length < 2 || values.slug.length > 60)) errors.slug = uk ? 'Від 2 до 60 знаків' : '2 to 60 characters';
  const name = values.name!;
  if ([...name].length < 3 || [...name].length > 200) errors.name = uk ? 'Назва закладу — від 3 до 200 символів' : 'The name needs 3 to 200 characters';
  const kinds: SchoolKind[] = ['school', 'gymnasium', 'lyceum'];
  const kind = kinds.find((k) => k === values.kind) ?? null;
  if (!kind) errors.kind = uk ? 'Оберіть тип закладу' : 'Choose the kind of school';
  if ([...values.address!].length > 300) errors.address = uk ? 'Не більше 300 символів' : 'At most 300 characters';
  else if ([...values.address!].length < 5) errors.address = uk ? 'Вкажіть адресу закладу' : 'Give the school’s address';
  const students = int(values.students!);
  if (students === null || students < 1 || students > 10000)
    errors.students = uk ? 'Кількість учнів — ціле число від 1 до 10 000' : 'A whole number of students from 1 to 10 000';
  const from = int(values.gradeFrom!);
  const to = int(values.gradeTo!);
  if (from === null || from < 1 || from > 12) errors.gradeFrom = uk ? 'Клас від 1 до 12' : 'A grade from 1 to 12';
  if (to === null || to < 1 || to > 12) errors.gradeTo = uk ? 'Клас від 1 до 12' : 'A grade from 1 to 12';
  else if (from !== null && to < from) errors.gradeTo = uk ? 'Останній клас не може бути меншим за перший' : 'The last grade cannot be below the first';
  if (Object.keys(errors).length || !kind || students === null || from === null || to === null) return { input: null, slug: values.slug, values, errors };
  return { input: { name, kind, address: values.address!, students, gradeFrom: from, gradeTo: to }, slug: values.slug, values, errors };
}

export function readInviteForm(body: unknown, lang: Lang): { email: string | null; values: Record<string, string>; errors: Errors } {
  const email = field(body, 'email').toLowerCase();
  if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,20}$/.test(email)) {
    return {
      email: null,
      values: { email },
      errors: { email: lang === 'uk' ? 'Вкажіть e-mail, наприклад name@school.ua' : 'Give an e-mail, like name@school.ua' },
    };
  }
  return { email, values: { email }, errors: {} };
}

// ---------------------------------------------------------------------------------------------------------
// The school's contest

const DATE_FIELDS = ['submissionFrom', 'submissionTo', 'votingFrom', 'votingTo', 'resultsFrom'] as const;
const INCLUSIVE_END = new Set<string>(['submissionTo', 'votingTo']);

export function contestDefaults(school: School, now: Date): Record<string, string> {
  const today = kyivDateOf(now);
  const d = (n: number) => addDaysToLocalDate(today, n);
  return {
    title: `Шкільний бюджет ${today.slice(0, 4)}: ${school.name}`,
    totalBudget: '50000',
    maxChoices: '3',
    gradeFrom: String(Math.max(school.gradeFrom, 5)),
    gradeTo: String(school.gradeTo),
    winnerRule: 'greedy',
    minVotes: '0',
    submissionFrom: d(0),
    submissionTo: d(14),
    votingFrom: d(21),
    votingTo: d(27),
    resultsFrom: d(28),
  };
}

export function contestValues(contest: Contest, grades: Grades | null): Record<string, string> {
  const day = (d: Date, end: boolean) => kyivDateOf(new Date(d.getTime() - (end ? 1 : 0)));
  const dates = contest.dates;
  return {
    title: contest.title,
    description: contest.description,
    totalBudget: String(contest.totalBudget / 100).replace('.', ','),
    maxChoices: contest.ballot.maxTotal ? String(contest.ballot.maxTotal) : '',
    gradeFrom: grades ? String(grades.from) : '',
    gradeTo: grades ? String(grades.to) : '',
    winnerRule: contest.winnerRule,
    minVotes: String(contest.minVotes),
    submissionFrom: day(dates.submissionFrom, false),
    submissionTo: day(dates.submissionTo, true),
    votingFrom: day(dates.votingFrom, false),
    votingTo: day(dates.votingTo, true),
    resultsFrom: day(dates.resultsFrom, false),
  };
}

/**
 * The school moderator's contest form. The engine's dates are filled in: review runs from the end of the
 * collection to the start of voting (the moderator prepares the ballot), implementation starts with results.
 */
export function readSchoolContestForm(
  body: unknown,
  lang: Lang,
  school: School,
): { input: ContestInput | null; grades: Grades | null; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const values: Record<string, string> = {};
  for (const n of ['title', 'description', 'totalBudget', 'maxChoices', 'gradeFrom', 'gradeTo', 'winnerRule', 'minVotes', ...DATE_FIELDS])
    values[n] = field(body, n);
  const errors: Errors = {};
  const title = values.title!;
  if ([...title].length < 3 || [...title].length > 200) errors.title = uk ? 'Назва — від 3 до 200 символів' : 'The title needs 3 to 200 characters';
  if ([...values.description!].length > 3000) errors.description = uk ? 'Не більше 3000 символів' : 'At most 3000 characters';
  const total = parseMoney(values.totalBudget!);
  if (total === null || total <= 0) errors.totalBudget = uk ? 'Вкажіть суму в гривнях, наприклад 50 000' : 'Give an amount in hryvnias, like 50 000';
  else if (total > 100_000_000_00) errors.totalBudget = uk ? 'Не більше 100 000 000 грн' : 'At most UAH 100,000,000';
  const maxChoices = int(values.maxChoices!);
  if (maxChoices === null || maxChoices < 1 || maxChoices > 20) errors.maxChoices = uk ? 'Ціле число від 1 до 20' : 'A whole number from 1 to 20';
  const gFrom = int(values.gradeFrom!);
  const gTo = int(values.gradeTo!);
  const range = uk ? `від ${school.gradeFrom} до ${school.gradeTo} (класи закладу)` : `from ${school.gradeFrom} to ${school.gradeTo} (the school's grades)`;
  if (gFrom === null || gFrom < school.gradeFrom || gFrom > school.gradeTo) errors.gradeFrom = uk ? `Клас ${range}` : `A grade ${range}`;
  if (gTo === null || gTo < school.gradeFrom || gTo > school.gradeTo) errors.gradeTo = uk ? `Клас ${range}` : `A grade ${range}`;
  else if (gFrom !== null && gTo < gFrom) errors.gradeTo = uk ? 'Останній клас не може бути меншим за перший' : 'The last grade cannot be below the first';
  const rules: WinnerRule[] = ['greedy', 'greedy-no-skip', 'greedy-threshold', 'mes'];
  const winnerRule = rules.find((r) => r === values.winnerRule) ?? null;
  if (!winnerRule) errors.winnerRule = uk ? 'Оберіть правило визначення переможців' : 'Choose the winner rule';
  const minVotes = values.minVotes === '' ? 0 : int(values.minVotes!);
  if (minVotes === null || minVotes > 100_000) errors.minVotes = uk ? 'Ціле число від 0' : 'A whole number from 0';
  else if (winnerRule === 'greedy-threshold' && minVotes <= 0)
    errors.minVotes = uk ? 'Для цього правила вкажіть мінімум голосів' : 'This rule needs a minimum of votes';
  const d: Partial<Record<(typeof DATE_FIELDS)[number], Date>> = {};
  for (const k of DATE_FIELDS) {
    const s = values[k]!;
    if (!isDate(s)) errors[k] = uk ? 'Вкажіть дату' : 'Give a date';
    else d[k] = startOfKyivDay(INCLUSIVE_END.has(k) ? addDaysToLocalDate(s, 1) : s);
  }
  if (d.submissionFrom && d.submissionTo && d.submissionTo <= d.submissionFrom)
    errors.submissionTo = uk ? 'Кінець збору проєктів має бути не раніше за початок' : 'Collection cannot end before it starts';
  if (d.submissionTo && d.votingFrom && d.votingFrom < d.submissionTo)
    errors.votingFrom = uk ? 'Голосування не може початися до кінця збору проєктів' : 'Voting cannot start before collection ends';
  if (d.votingFrom && d.votingTo && d.votingTo <= d.votingFrom)
    errors.votingTo = uk ? 'Кінець голосування має бути не раніше за початок' : 'Voting cannot end before it starts';
  if (d.votingTo && d.resultsFrom && d.resultsFrom < d.votingTo)
    errors.resultsFrom = uk ? 'Результати — не раніше кінця голосування' : 'Results cannot come before voting ends';
  if (Object.keys(errors).length || total === null || maxChoices === null || gFrom === null || gTo === null || !winnerRule || minVotes === null)
    return { input: null, grades: null, values, errors };
  return {
    values,
    errors,
    grades: { from: gFrom, to: gTo },
    input: {
      title,
      description: values.description!,
      totalBudget: total,
      dates: {
        submissionFrom: d.submissionFrom!,
        submissionTo: d.submissionTo!,
        supportTo: null,
        reviewTo: d.votingFrom!,
        votingFrom: d.votingFrom!,
        votingTo: d.votingTo!,
        resultsFrom: d.resultsFrom!,
        implementationFrom: d.resultsFrom!,
      },
      supportersNeeded: 0,
      // Codes decide who votes: no accounts, residence or age checks.
      eligibility: { allowEmail: false, residentsOnly: false, minAge: null },
      ballot: { mode: 'approval', maxPerCategory: null, maxTotal: maxChoices },
      winnerRule,
      minVotes,
      publicCounts: false,
      published: true,
    },
  };
}

/** The school form's field for each engine rule field it shows (the others are fixed for school contests). */
const FORM_FIELD: Record<string, string> = {
  totalBudget: 'totalBudget',
  maxTotal: 'maxChoices',
  winnerRule: 'winnerRule',
  minVotes: 'minVotes',
  submissionFrom: 'submissionFrom',
  submissionTo: 'submissionTo',
  reviewTo: 'votingFrom',
  votingFrom: 'votingFrom',
  votingTo: 'votingTo',
  resultsFrom: 'resultsFrom',
  implementationFrom: 'resultsFrom',
  gradeFrom: 'gradeFrom',
  gradeTo: 'gradeTo',
};

/** The form fields of the engine's frozen rules; the grades that vote freeze with them once voting starts. */
export function schoolFrozenFields(engineFrozen: ReadonlySet<string>, started: boolean): Set<string> {
  const out = new Set<string>();
  for (const k of engineFrozen) if (FORM_FIELD[k]) out.add(FORM_FIELD[k]);
  if (started) out.add('gradeFrom').add('gradeTo');
  return out;
}

/** The form field to show an engine refusal against. */
export const schoolFormField = (k: string): string => FORM_FIELD[k] ?? 'title';

/** Dates sent back as the same Kyiv day keep their exact instant (see the budgets form's twin). */
export function keepUnchangedSchoolDates(input: ContestInput, contest: Contest, values: Record<string, string>): ContestInput {
  const current = contestValues(contest, null);
  const dates = { ...input.dates };
  for (const k of DATE_FIELDS) if (values[k] === current[k]) dates[k] = contest.dates[k];
  if (values.votingFrom === current.votingFrom) dates.reviewTo = contest.dates.reviewTo;
  if (values.resultsFrom === current.resultsFrom) dates.implementationFrom = contest.dates.implementationFrom;
  return { ...input, dates };
}

// ---------------------------------------------------------------------------------------------------------
// Projects

export interface SchoolProjectInput {
  title: string;
  authorClass: string;
  description: string;
  items: { item: string; qtyMilli: number; unitPrice: number }[];
  contingencyBp: number;
}

export function readSchoolProjectForm(
  body: unknown,
  lang: Lang,
  a: { budget: number; grades: Grades; submit: boolean },
): { input: SchoolProjectInput; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const values: Record<string, string> = {};
  for (const n of ['title', 'authorClass', 'description']) values[n] = field(body, n);
  const errors: Errors = {};
  const title = values.title!;
  if ([...title].length < 5) errors.title = uk ? 'Назва — щонайменше 5 символів' : 'The title needs at least 5 characters';
  else if ([...title].length > 150) errors.title = uk ? 'Назва — не більше 150 символів' : 'At most 150 characters';
  const cls = normaliseClass(values.authorClass!);
  if (!cls) errors.authorClass = uk ? 'Клас авторів, наприклад 7-Б' : 'The authors’ class, like 7-B';
  else if (cls.grade < a.grades.from || cls.grade > a.grades.to)
    errors.authorClass = uk ? `У конкурсі беруть участь ${a.grades.from}–${a.grades.to} класи` : `Grades ${a.grades.from}–${a.grades.to} take part`;
  const len = [...values.description!].length;
  if (a.submit && len < 20) errors.description = uk ? 'Опишіть проєкт (щонайменше 20 символів)' : 'Describe the project (at least 20 characters)';
  else if (len > 5000) errors.description = uk ? 'Не більше 5000 символів' : 'At most 5000 characters';
  const { items, contingencyBp } = readCostItems(body, lang, values, errors, a.submit);
  if (!errors.items && a.submit) {
    const total = computeCost(items, contingencyBp ?? 0).total;
    if (total > a.budget) {
      errors.items = uk
        ? `Вартість ${formatMoney(total, lang)} більша за весь бюджет школи (${formatMoney(a.budget, lang)})`
        : `The cost ${formatMoney(total, lang)} is more than the school's whole budget (${formatMoney(a.budget, lang)})`;
    }
  }
  return { values, errors, input: { title, authorClass: cls?.label ?? '', description: values.description!, items, contingencyBp: contingencyBp ?? 0 } };
}

// ---------------------------------------------------------------------------------------------------------
// Code sheets

export function readBatchForm(
  body: unknown,
  lang: Lang,
  grades: Grades,
): { size: number | null; classLabel: string | null; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const values = { count: field(body, 'count'), classLabel: field(body, 'classLabel') };
  const errors: Errors = {};
  const raw = values.count.replace(/[\s\u00a0\u202f]/g, '');
  const n = /^\d{1,12}$/.test(raw) ? Number(raw) : null;
  if (n === null || n < 1) errors.count = uk ? 'Скільки кодів: ціле число від 1' : 'How many codes: a whole number from 1';
  else if (n > MAX_BATCH) {
    errors.count = uk
      ? `За один раз можна створити не більше ${MAX_BATCH} ${pluralWord(MAX_BATCH, CODES_UP_TO, 'uk')} (запитано ${n.toLocaleString('uk-UA')}). Створіть кілька аркушів, наприклад по класах.`
      : `At most ${MAX_BATCH} ${pluralWord(MAX_BATCH, CODES_UP_TO, 'en')} at a time (asked for ${n.toLocaleString('en-GB')}). Make several sheets, for instance one per class.`;
  }
  let classLabel: string | null = null;
  if (values.classLabel) {
    const cls = normaliseClass(values.classLabel);
    if (!cls) errors.classLabel = uk ? 'Клас, наприклад 7-Б, або залиште порожнім' : 'A class, like 7-B, or leave it empty';
    else if (cls.grade < grades.from || cls.grade > grades.to)
      errors.classLabel = uk ? `Голосують ${grades.from}–${grades.to} класи` : `Only grades ${grades.from}–${grades.to} may vote`;
    else classLabel = cls.label;
  }
  return { size: Object.keys(errors).length ? null : n, classLabel, values, errors };
}
