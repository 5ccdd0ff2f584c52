/** Reading the module's forms: typed values kept, errors by field, in the viewer's language. */
import { CHARACTERS_UP_TO, pluralWord, type Lang } from '../../core/i18n/index.js';
import { startOfKyivDay, addDaysToLocalDate, kyivDateOf } from '../../core/calendar/index.js';
import { field } from '../../core/http/form-parser.js';
import { BALLOT_RULE_FIELDS, computeCost, datesProblems, formatMoney, parseMoney, parsePercent, parseQuantity, type ContestDates } from './rules.js';
import type { ContestInput } from './service/contests.js';
import type { Category } from './repository/contests.js';
import type { ProjectInput } from './service/projects.js';
import type { WinnerRule } from './tables.js';
import { COST_ROWS } from './views/parts.js';

type Errors = Record<string, string>;

export function readProjectForm(
  body: unknown,
  categories: Category[],
  lang: Lang,
  opts: { paper: boolean; submit: boolean },
): { input: ProjectInput; values: Record<string, string>; errors: Errors; authorName: string } {
  const uk = lang === 'uk';
  const f = (n: string) => field(body, n);
  const values: Record<string, string> = {};
  const names = ['title', 'categoryId', 'problem', 'solution', 'location', 'lat', 'lng', 'beneficiaries', 'contingency', 'email', 'phone', 'authorName'];
  for (const n of names) values[n] = f(n);
  const errors: Errors = {};
  if (opts.paper && !values.authorName) errors.authorName = uk ? 'Вкажіть автора проєкту' : 'Give the author';
  if (values.title!.length < 5) errors.title = uk ? 'Назва — щонайменше 5 символів' : 'The title needs at least 5 characters';
  else if ([...values.title!].length > 150) errors.title = uk ? 'Назва — не більше 150 символів' : 'At most 150 characters';
  const category = categories.find((c) => String(c.id) === values.categoryId);
  if (!category) errors.categoryId = uk ? 'Оберіть категорію' : 'Choose a category';
  const need = (n: 'problem' | 'solution' | 'location' | 'beneficiaries', min: number, max: number, uk1: string, en1: string) => {
    const len = [...values[n]!].length;
    if (opts.submit && len < min) errors[n] = uk ? uk1 : en1;
    else if (len > max) errors[n] = `${uk ? 'Не більше' : 'At most'} ${max} ${pluralWord(max, CHARACTERS_UP_TO, uk ? 'uk' : 'en')}`;
  };
  need('problem', 20, 3000, 'Опишіть проблему (щонайменше 20 символів)', 'Describe the problem (at least 20 characters)');
  need('solution', 20, 5000, 'Опишіть рішення (щонайменше 20 символів)', 'Describe the solution (at least 20 characters)');
  need('location', 3, 300, 'Вкажіть місце реалізації', 'Give the location');
  need('beneficiaries', 3, 2000, 'Вкажіть, хто отримає користь', 'Say who benefits');
  let lat: number | null = null;
  let lng: number | null = null;
  if (values.lat || values.lng) {
    lat = Number(values.lat!.replace(',', '.'));
    lng = Number(values.lng!.replace(',', '.'));
    if (!Number.isFinite(lat) || lat < 44 || lat > 53) errors.lat = uk ? 'Широта має бути в межах України (44–53)' : 'Latitude must be within Ukraine (44–53)';
    if (!Number.isFinite(lng) || lng < 22 || lng > 41)
      errors.lng = uk ? 'Довгота має бути в межах України (22–41)' : 'Longitude must be within Ukraine (22–41)';
  }
  const { items, contingencyBp } = readCostItems(body, lang, values, errors, opts.submit);
  if (!errors.items && category && opts.submit) {
    const total = computeCost(items, contingencyBp ?? 0).total;
    if (total < category.minCost || total > category.maxCost) {
      errors.items = uk
        ? `Вартість ${formatMoney(total, lang)} поза межами категорії: від ${formatMoney(category.minCost, lang)} до ${formatMoney(category.maxCost, lang)}`
        : `The cost ${formatMoney(total, lang)} is outside the category's range: ${formatMoney(category.minCost, lang)} to ${formatMoney(category.maxCost, lang)}`;
    }
  }
  if (!opts.paper) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email!))
      errors.email = uk ? 'Вкажіть e-mail, наприклад name@example.com' : 'Give an e-mail, like name@example.com';
    if (values.phone && !/^\+?[\d\s()-]{9,20}$/.test(values.phone))
      errors.phone = uk ? 'Телефон у форматі +380 67 123 45 67' : 'A phone like +380 67 123 45 67';
  }
  return {
    values,
    errors,
    authorName: values.authorName!.slice(0, 200),
    input: {
      categoryId: category?.id ?? 0,
      title: values.title!,
      problem: values.problem!,
      solution: values.solution!,
      location: values.location!,
      lat: errors.lat || errors.lng ? null : lat,
      lng: errors.lat || errors.lng ? null : lng,
      beneficiaries: values.beneficiaries!,
      items,
      contingencyBp: contingencyBp ?? 0,
      authorEmail: values.email || null,
      authorPhone: values.phone || null,
    },
  };
}

/**
 * The cost table of a project form (rows item_i, qty_i, price_i and the contingency): typed values are kept
 * in `values`, problems go to errors.items and errors.contingency. Shared with the school budget's form.
 */
export function readCostItems(
  body: unknown,
  lang: Lang,
  values: Record<string, string>,
  errors: Errors,
  required: boolean,
): { items: ProjectInput['items']; contingencyBp: number | null } {
  const uk = lang === 'uk';
  const f = (n: string) => field(body, n);
  const items: ProjectInput['items'] = [];
  const itemProblems: string[] = [];
  for (let i = 0; i < COST_ROWS; i++) {
    const item = f(`item_${i}`);
    const qty = f(`qty_${i}`);
    const price = f(`price_${i}`);
    values[`item_${i}`] = item;
    values[`qty_${i}`] = qty;
    values[`price_${i}`] = price;
    if (!item && !qty && !price) continue;
    const q = parseQuantity(qty);
    const pr = parseMoney(price);
    if (!item || q === null || pr === null) {
      itemProblems.push(
        uk ? `рядок ${i + 1}: потрібні стаття, кількість (число) і ціна (гривні)` : `row ${i + 1}: item, quantity (a number) and price (hryvnias) are needed`,
      );
      continue;
    }
    items.push({ item: item.slice(0, 200), qtyMilli: q, unitPrice: pr });
  }
  values.contingency = f('contingency');
  const contingencyBp = parsePercent(values.contingency);
  if (contingencyBp === null) errors.contingency = uk ? 'Відсоток від 0 до 20' : 'A percentage from 0 to 20';
  if (itemProblems.length) errors.items = `${uk ? 'Кошторис' : 'Cost table'}: ${itemProblems.join('; ')}`;
  else if (required && items.length === 0) errors.items = uk ? 'Додайте хоча б одну статтю витрат' : 'Add at least one cost item';
  return { items, contingencyBp };
}

const DATE_FIELDS = ['submissionFrom', 'submissionTo', 'supportTo', 'reviewTo', 'votingFrom', 'votingTo', 'resultsFrom', 'implementationFrom'] as const;
const INCLUSIVE_END = new Set(['submissionTo', 'supportTo', 'reviewTo', 'votingTo']);

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1;
}

/** Dates are whole Kyiv days: a phase «до 31.03» ends at the start of 1 April, Kyiv time. */
export function contestFormValues(c: {
  dates: ContestDates;
  title: string;
  description: string;
  totalBudget: number;
  supportersNeeded: number;
  eligibility: { allowEmail: boolean; residentsOnly: boolean; minAge: number | null };
  emailCounts?: boolean;
  ballot: { mode: string; maxPerCategory: number | null; maxTotal: number | null };
  winnerRule: string;
  minVotes: number;
  publicCounts: boolean;
  published: boolean;
}): Record<string, string> {
  const day = (d: Date | null, end: boolean) => (d ? kyivDateOf(new Date(d.getTime() - (end ? 1 : 0))) : '');
  const v: Record<string, string> = {
    title: c.title,
    description: c.description,
    totalBudget: formatMoney(c.totalBudget, 'en').replace(/^UAH /, '').replace(/,/g, ''),
    supportersNeeded: String(c.supportersNeeded),
    minAge: c.eligibility.minAge ? String(c.eligibility.minAge) : '',
    ballotMode: c.ballot.mode,
    maxPerCategory: c.ballot.maxPerCategory ? String(c.ballot.maxPerCategory) : '',
    maxTotal: c.ballot.maxTotal ? String(c.ballot.maxTotal) : '',
    winnerRule: c.winnerRule,
    minVotes: String(c.minVotes),
  };
  if (c.eligibility.allowEmail) v.allowEmail = 'on';
  if (c.eligibility.residentsOnly) v.residentsOnly = 'on';
  if (c.emailCounts === false) v.emailNotCounted = 'on';
  if (c.publicCounts) v.publicCounts = 'on';
  if (c.published) v.published = 'on';
  for (const k of DATE_FIELDS) v[k] = day(c.dates[k], INCLUSIVE_END.has(k));
  return v;
}

export function readContestForm(body: unknown, lang: Lang): { input: ContestInput | null; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const f = (n: string) => field(body, n);
  const values: Record<string, string> = {};
  for (const n of ['title', 'description', 'totalBudget', 'supportersNeeded', 'minAge', ...BALLOT_RULE_FIELDS, ...DATE_FIELDS]) values[n] = f(n);
  for (const n of ['allowEmail', 'emailNotCounted', 'residentsOnly', 'publicCounts', 'published']) if (f(n)) values[n] = 'on';
  const errors: Errors = {};
  if (values.title!.length < 3 || values.title!.length > 200)
    errors.title = uk ? 'Назва конкурсу — від 3 до 200 символів' : 'The title needs 3 to 200 characters';
  if (values.description!.length > 5000) errors.description = uk ? 'Не більше 5000 символів' : 'At most 5000 characters';
  const total = parseMoney(values.totalBudget!);
  if (total === null || total <= 0) errors.totalBudget = uk ? 'Вкажіть суму в гривнях, наприклад 10 000 000' : 'Give an amount in hryvnias, like 10 000 000';
  const int = (n: string, min: number, max: number, allowEmpty: boolean): number | null => {
    const s = values[n]!;
    if (s === '' && allowEmpty) return null;
    if (!/^\d{1,7}$/.test(s) || Number(s) < min || Number(s) > max) {
      errors[n] = uk ? `Ціле число від ${min} до ${max}` : `A whole number from ${min} to ${max}`;
      return null;
    }
    return Number(s);
  };
  const supportersNeeded = int('supportersNeeded', 0, 10000, true) ?? 0;
  const minAge = values.minAge === '' ? null : [14, 16, 18].includes(Number(values.minAge)) ? Number(values.minAge) : null;
  if (values.minAge !== '' && minAge === null) errors.minAge = uk ? 'Оберіть 14, 16 чи 18 років' : 'Choose 14, 16 or 18';
  const mode = values.ballotMode === 'one-per-category' ? 'one-per-category' : values.ballotMode === 'approval' ? 'approval' : null;
  if (!mode) errors.ballotMode = uk ? 'Оберіть вид бюлетеня' : 'Choose the ballot kind';
  const maxPerCategory = int('maxPerCategory', 1, 100, true);
  const maxTotal = int('maxTotal', 1, 500, true);
  const rules: WinnerRule[] = ['greedy', 'greedy-no-skip', 'greedy-threshold', 'mes'];
  const winnerRule = rules.find((r) => r === values.winnerRule) ?? null;
  if (!winnerRule) errors.winnerRule = uk ? 'Оберіть правило визначення переможців' : 'Choose the winner rule';
  const minVotes = int('minVotes', 0, 1_000_000, true) ?? 0;
  if (winnerRule === 'greedy-threshold' && minVotes <= 0 && !errors.minVotes)
    errors.minVotes = uk ? 'Для цього правила вкажіть мінімум голосів' : 'This rule needs a minimum of votes';
  const dates: Partial<Record<(typeof DATE_FIELDS)[number], Date | null>> = {};
  for (const k of DATE_FIELDS) {
    const s = values[k]!;
    if (k === 'supportTo' && s === '') {
      dates[k] = null;
      continue;
    }
    if (!isDate(s)) {
      errors[k] = uk ? 'Вкажіть дату' : 'Give a date';
      continue;
    }
    dates[k] = startOfKyivDay(INCLUSIVE_END.has(k) ? addDaysToLocalDate(s, 1) : s);
  }
  if (supportersNeeded > 0 && !values.supportTo && !errors.supportTo)
    errors.supportTo = uk ? 'Коли потрібні підписи підтримки, вкажіть кінець їх збору' : 'With supporters needed, give the end of their collection';
  let cd: ContestDates | null = null;
  if (DATE_FIELDS.every((k) => !errors[k])) {
    cd = {
      submissionFrom: dates.submissionFrom!,
      submissionTo: dates.submissionTo!,
      supportTo: dates.supportTo ?? null,
      reviewTo: dates.reviewTo!,
      votingFrom: dates.votingFrom!,
      votingTo: dates.votingTo!,
      resultsFrom: dates.resultsFrom!,
      implementationFrom: dates.implementationFrom!,
    };
    for (const [k, msg] of Object.entries(datesProblems(cd))) errors[k] = msg[lang];
  }
  if (Object.keys(errors).length || !cd || total === null || !mode || !winnerRule) return { input: null, values, errors };
  return {
    values,
    errors,
    input: {
      title: values.title!,
      description: values.description!,
      totalBudget: total,
      dates: cd,
      supportersNeeded,
      eligibility: { allowEmail: !!values.allowEmail, residentsOnly: !!values.residentsOnly, minAge },
      // A box that says «do not count», so a form that leaves it out keeps the default: they count.
      emailCounts: !values.emailNotCounted,
      ballot: { mode, maxPerCategory: mode === 'approval' ? maxPerCategory : null, maxTotal: mode === 'approval' ? maxTotal : null },
      winnerRule,
      minVotes,
      publicCounts: !!values.publicCounts,
      published: !!values.published,
    },
  };
}

export function readCategoryForm(
  body: unknown,
  lang: Lang,
): { input: { code: string; name: string; budget: number; minCost: number; maxCost: number } | null; values: Record<string, string>; errors: Errors } {
  const uk = lang === 'uk';
  const values: Record<string, string> = {};
  for (const n of ['code', 'name', 'budget', 'minCost', 'maxCost']) values[n] = field(body, n);
  values.code = values.code!.toUpperCase();
  const errors: Errors = {};
  if (!/^[A-Z]{1,3}$/.test(values.code)) errors.code = uk ? 'Код — 1–3 латинські літери, наприклад A' : 'The code is 1–3 Latin letters, e.g. A';
  if (values.name!.length < 2 || values.name!.length > 120) errors.name = uk ? 'Назва — від 2 до 120 символів' : 'The name needs 2 to 120 characters';
  const budget = parseMoney(values.budget!);
  const minCost = values.minCost === '' ? 0 : parseMoney(values.minCost!);
  const maxCost = parseMoney(values.maxCost!);
  if (budget === null || budget <= 0) errors.budget = uk ? 'Сума в гривнях' : 'An amount in hryvnias';
  if (minCost === null) errors.minCost = uk ? 'Сума в гривнях' : 'An amount in hryvnias';
  if (maxCost === null || maxCost <= 0) errors.maxCost = uk ? 'Сума в гривнях' : 'An amount in hryvnias';
  else if (minCost !== null && maxCost < minCost) errors.maxCost = uk ? 'Максимум не може бути меншим за мінімум' : 'The maximum cannot be below the minimum';
  else if (budget !== null && maxCost > budget)
    errors.maxCost = uk ? 'Максимальна вартість не може перевищувати бюджет категорії' : 'The maximum cost cannot exceed the category budget';
  if (Object.keys(errors).length) return { input: null, values, errors };
  return { input: { code: values.code, name: values.name!, budget: budget!, minCost: minCost!, maxCost: maxCost! }, values, errors };
}

/**
 * Dates sent back as the same Kyiv day keep their exact instant, so a date the form merely carried (a frozen
 * one, or one of a contest whose times are not at midnight) does not count as changed.
 */
export function keepUnchangedDates(input: ContestInput, contest: Parameters<typeof contestFormValues>[0], values: Record<string, string>): ContestInput {
  const current = contestFormValues(contest);
  const dates = { ...input.dates };
  for (const k of DATE_FIELDS) if (values[k] === current[k]) (dates as Record<string, Date | null>)[k] = contest.dates[k];
  return { ...input, dates };
}

/** The form's field for an engine rule field where the two names differ (the box says the rule's opposite). */
const FORM_FIELD: Record<string, string> = { emailCounts: 'emailNotCounted' };

/** The form field that shows an engine rule field (for its frozen text and its error). */
export const contestFormField = (k: string): string => FORM_FIELD[k] ?? k;

/** The form fields of the engine's frozen rule fields. */
export function contestFrozenFormFields(engineFrozen: ReadonlySet<string>): Set<string> {
  return new Set([...engineFrozen].map(contestFormField));
}

/** The form's values with each frozen field showing what the contest has (not what was posted). */
export function withFrozenValues(values: Record<string, string>, current: Record<string, string>, frozen: ReadonlySet<string>): Record<string, string> {
  const out = { ...values };
  for (const k of frozen) {
    if (current[k] !== undefined) out[k] = current[k];
    else delete out[k];
  }
  return out;
}

/** A last day «по 31.03» as the instant it ends (the start of 1 April in Kyiv); null when not a date. */
export function endOfKyivDate(s: string): Date | null {
  return isDate(s) ? startOfKyivDay(addDaysToLocalDate(s, 1)) : null;
}
