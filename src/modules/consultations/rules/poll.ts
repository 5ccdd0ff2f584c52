/**
 * Poll rules as pure functions: reading a poll form, validating each answer against its question, and
 * counting results. Kept free of the database so every rule is unit-tested and shared by the web form,
 * the review page and the final submit (which re-validates: a review page can be replayed or forged).
 */
import { CHARACTERS_UP_TO, pluralWord, type PluralText, type Text } from '../../../core/i18n/index.js';

const POINTS: PluralText = { uk: ['бал', 'бали', 'балів'], en: ['point', 'points'] };
import { countedActs, levelCounts, type Level, type LevelCounts } from './levels.js';

export type QuestionType = 'single' | 'multiple' | 'ranking' | 'scoring';
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'ranking', 'scoring'];

export interface PollOption {
  id: number;
  label: string;
}

export interface PollQuestion {
  id: number;
  type: QuestionType;
  text: string;
  options: PollOption[];
  /** multiple: how many choices at least / at most (null: 1 / all). */
  minChoices: number | null;
  maxChoices: number | null;
  /** ranking: how many places to fill (null: rank every option). */
  rankTop: number | null;
  /** scoring on a scale: each option gets an integer in [scaleMin, scaleMax]. */
  scaleMin: number | null;
  scaleMax: number | null;
  /** scoring by points: a fixed number of points shared among options (when set, the scale is unused). */
  pointsTotal: number | null;
  /** single / multiple: an «Інше» answer with the person's own text. */
  allowOther: boolean;
}

export type Answer =
  | { type: 'single'; optionId: number | null; other: string | null }
  | { type: 'multiple'; optionIds: number[]; other: string | null }
  | { type: 'ranking'; order: number[] }
  | { type: 'scoring'; scores: Record<string, number> };

export const OTHER_MAX = 300;
export const OTHER_VALUE = 'other';

/** A form as our form parser gives it: a field is a string or, when repeated, an array. */
export type FormBody = Record<string, string | string[] | undefined>;

function one(body: FormBody, name: string): string {
  const v = body[name];
  const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return s.replace(/\u0000/g, '').trim();
}

function many(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter(Boolean);
}

/** Form field names, shared by the views and the parser so they cannot drift apart. */
export const fieldName = {
  choice: (q: number) => `q${q}`,
  other: (q: number) => `q${q}-other`,
  rank: (q: number, o: number) => `q${q}-rank-${o}`,
  score: (q: number, o: number) => `q${q}-score-${o}`,
};

/** How many places a ranking asks for. */
export function placesOf(q: PollQuestion): number {
  return q.rankTop === null ? q.options.length : Math.min(q.rankTop, q.options.length);
}

export function choiceBounds(q: PollQuestion): { min: number; max: number } {
  const total = q.options.length + (q.allowOther ? 1 : 0);
  const min = Math.max(1, q.minChoices ?? 1);
  const max = Math.min(total, q.maxChoices ?? total);
  return { min, max };
}

const isInt = (s: string) => /^-?\d{1,9}$/.test(s);

export type AnswerResult = { ok: true; answer: Answer } | { ok: false; error: Text };

/** Reads and checks one question's answer from the form. */
export function readAnswer(q: PollQuestion, body: FormBody): AnswerResult {
  const optionIds = new Set(q.options.map((o) => o.id));
  const otherText = one(body, fieldName.other(q.id));
  switch (q.type) {
    case 'single': {
      const v = one(body, fieldName.choice(q.id));
      if (!v) return { ok: false, error: { uk: 'Оберіть одну відповідь', en: 'Choose one answer' } };
      if (v === OTHER_VALUE && q.allowOther) {
        const e = checkOther(otherText);
        return e ? { ok: false, error: e } : { ok: true, answer: { type: 'single', optionId: null, other: otherText } };
      }
      const id = Number(v);
      if (!isInt(v) || !optionIds.has(id)) return { ok: false, error: { uk: 'Такої відповіді немає серед варіантів', en: 'There is no such option' } };
      return { ok: true, answer: { type: 'single', optionId: id, other: null } };
    }
    case 'multiple': {
      const raw = many(body, fieldName.choice(q.id));
      const wantsOther = raw.includes(OTHER_VALUE) && q.allowOther;
      const picked = raw.filter((v) => v !== OTHER_VALUE);
      if (picked.some((v) => !isInt(v) || !optionIds.has(Number(v))) || (raw.includes(OTHER_VALUE) && !q.allowOther)) {
        return { ok: false, error: { uk: 'Такої відповіді немає серед варіантів', en: 'There is no such option' } };
      }
      const ids = [...new Set(picked.map(Number))];
      if (ids.length !== picked.length) return { ok: false, error: { uk: 'Кожен варіант можна обрати лише раз', en: 'Each option can be chosen only once' } };
      const count = ids.length + (wantsOther ? 1 : 0);
      const { min, max } = choiceBounds(q);
      if (count < min) return { ok: false, error: { uk: `Оберіть щонайменше ${min} (зараз ${count})`, en: `Choose at least ${min} (now ${count})` } };
      if (count > max) return { ok: false, error: { uk: `Оберіть не більше ${max} (зараз ${count})`, en: `Choose at most ${max} (now ${count})` } };
      if (wantsOther) {
        const e = checkOther(otherText);
        if (e) return { ok: false, error: e };
      }
      ids.sort((a, b) => q.options.findIndex((o) => o.id === a) - q.options.findIndex((o) => o.id === b));
      return { ok: true, answer: { type: 'multiple', optionIds: ids, other: wantsOther ? otherText : null } };
    }
    case 'ranking': {
      const places = placesOf(q);
      const byPlace = new Map<number, number>();
      for (const o of q.options) {
        const v = one(body, fieldName.rank(q.id, o.id));
        if (!v) continue;
        const place = Number(v);
        if (!isInt(v) || place < 1 || place > places) {
          return { ok: false, error: { uk: `Місце має бути числом від 1 до ${places}`, en: `A place must be a number from 1 to ${places}` } };
        }
        if (byPlace.has(place)) {
          return {
            ok: false,
            error: {
              uk: `Місце ${place} віддано кільком варіантам: кожне місце — лише одному`,
              en: `Place ${place} is given to several options: each place to one only`,
            },
          };
        }
        byPlace.set(place, o.id);
      }
      if (byPlace.size !== places) {
        return {
          ok: false,
          error:
            places === q.options.length
              ? { uk: `Розставте всі варіанти за місцями від 1 до ${places}`, en: `Put every option in order from 1 to ${places}` }
              : {
                  uk: `Оберіть ${places} найкращих і розставте їх за місцями від 1 до ${places}`,
                  en: `Choose your top ${places} and order them from 1 to ${places}`,
                },
        };
      }
      const order = Array.from({ length: places }, (_, i) => byPlace.get(i + 1)!);
      return { ok: true, answer: { type: 'ranking', order } };
    }
    case 'scoring': {
      const scores: Record<string, number> = {};
      const points = q.pointsTotal;
      for (const o of q.options) {
        const v = one(body, fieldName.score(q.id, o.id));
        if (!v && points !== null) {
          scores[o.id] = 0;
          continue;
        }
        if (!v) return { ok: false, error: { uk: 'Оцініть кожен варіант', en: 'Rate every option' } };
        if (!isInt(v)) return { ok: false, error: { uk: 'Оцінка має бути цілим числом', en: 'A score must be a whole number' } };
        const n = Number(v);
        if (points === null) {
          const min = q.scaleMin ?? 1;
          const max = q.scaleMax ?? 5;
          if (n < min || n > max) return { ok: false, error: { uk: `Оцінка має бути від ${min} до ${max}`, en: `A score must be from ${min} to ${max}` } };
        } else if (n < 0 || n > points) {
          return { ok: false, error: { uk: `Бали мають бути від 0 до ${points}`, en: `Points must be from 0 to ${points}` } };
        }
        scores[o.id] = n;
      }
      if (points !== null) {
        const sum = Object.values(scores).reduce((a, b) => a + b, 0);
        if (sum !== points) {
          return {
            ok: false,
            error: {
              uk: `Розподіліть рівно ${points} ${pluralWord(points, POINTS, 'uk')} (зараз ${sum})`,
              en: `Share exactly ${points} ${pluralWord(points, POINTS, 'en')} (now ${sum})`,
            },
          };
        }
      }
      return { ok: true, answer: { type: 'scoring', scores } };
    }
  }
}

function checkOther(text: string): Text | null {
  if (!text) return { uk: 'Напишіть свій варіант у полі «Інше»', en: 'Write your own answer in «Other»' };
  if ([...text].length > OTHER_MAX)
    return {
      uk: `Свій варіант — до ${OTHER_MAX} ${pluralWord(OTHER_MAX, CHARACTERS_UP_TO, 'uk')}`,
      en: `Your own answer: up to ${OTHER_MAX} ${pluralWord(OTHER_MAX, CHARACTERS_UP_TO, 'en')}`,
    };
  return null;
}

/** Reads a whole poll form: every question must be answered. Errors are keyed by the field to focus. */
export function readPollForm(questions: PollQuestion[], body: FormBody): { answers: Record<string, Answer>; errors: Record<string, Text> } {
  const answers: Record<string, Answer> = {};
  const errors: Record<string, Text> = {};
  for (const q of questions) {
    const r = readAnswer(q, body);
    if (r.ok) answers[q.id] = r.answer;
    else errors[firstFieldOf(q)] = r.error;
  }
  return { answers, errors };
}

/** The id of the first input of a question: where the error summary's link lands. */
export function firstFieldOf(q: PollQuestion): string {
  const o = q.options[0]?.id ?? 0;
  if (q.type === 'ranking') return fieldName.rank(q.id, o);
  if (q.type === 'scoring') return fieldName.score(q.id, o);
  return `${fieldName.choice(q.id)}-${o}`;
}

/** Answers back into form fields: the review page carries them as hidden inputs, and «Змінити» refills the form. */
export function answersToFields(questions: PollQuestion[], answers: Record<string, Answer>): [string, string][] {
  const out: [string, string][] = [];
  for (const q of questions) {
    const a = answers[q.id];
    if (!a) continue;
    if (a.type === 'single') {
      out.push([fieldName.choice(q.id), a.optionId === null ? OTHER_VALUE : String(a.optionId)]);
      if (a.other !== null) out.push([fieldName.other(q.id), a.other]);
    } else if (a.type === 'multiple') {
      for (const id of a.optionIds) out.push([fieldName.choice(q.id), String(id)]);
      if (a.other !== null) {
        out.push([fieldName.choice(q.id), OTHER_VALUE]);
        out.push([fieldName.other(q.id), a.other]);
      }
    } else if (a.type === 'ranking') {
      a.order.forEach((id, i) => out.push([fieldName.rank(q.id, id), String(i + 1)]));
    } else {
      for (const [id, n] of Object.entries(a.scores)) out.push([fieldName.score(q.id, Number(id)), String(n)]);
    }
  }
  return out;
}

/** The same fields as a form body, to re-read what the review page sent. */
export function fieldsToBody(pairs: [string, string][]): FormBody {
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = body[k];
    body[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return body;
}

// ---------- results ----------

export interface OptionResult {
  optionId: number | null;
  label: string;
  /** single / multiple: people who chose it; ranking: first places. */
  count: number;
  /** Share of the question's respondents, 0..100 with one decimal. */
  percent: number;
  /** ranking: Borda points. */
  points?: number;
  /** scoring: average score (scale) or total points (points). */
  average?: number;
  total?: number;
}

export interface QuestionResult {
  questionId: number;
  type: QuestionType;
  respondents: number;
  options: OptionResult[];
  /** Texts given under «Інше». */
  otherTexts: string[];
  /** What the main figure is: shown in charts and tables. */
  measure: 'count' | 'borda' | 'average' | 'total';
}

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Borda count for rankings: with K places asked for, the first place earns K points, the second K−1, …,
 * the K-th 1, and an option left out earns 0. For a full ranking of n options that is n…1 points.
 */
export function bordaPoints(place: number, places: number): number {
  return place >= 1 && place <= places ? places - place + 1 : 0;
}

export function questionResult(q: PollQuestion, answers: Answer[]): QuestionResult {
  const mine = answers.filter((a) => a.type === q.type);
  const respondents = mine.length;
  const labels = new Map(q.options.map((o) => [o.id, o.label]));
  const base = q.options.map((o) => ({ optionId: o.id as number | null, label: o.label, count: 0, percent: 0 }));
  const byId = new Map(base.map((b) => [b.optionId, b]));
  const otherTexts: string[] = [];
  if (q.type === 'single' || q.type === 'multiple') {
    let others = 0;
    for (const a of mine) {
      const ids = a.type === 'single' ? (a.optionId === null ? [] : [a.optionId]) : a.type === 'multiple' ? a.optionIds : [];
      for (const id of ids) {
        const r = byId.get(id);
        if (r) r.count++;
      }
      const other = a.type === 'single' || a.type === 'multiple' ? a.other : null;
      if (other !== null) {
        others++;
        otherTexts.push(other);
      }
    }
    const options: OptionResult[] = base.map((b) => ({ ...b, percent: pct(b.count, respondents) }));
    if (q.allowOther) options.push({ optionId: null, label: 'Інше', count: others, percent: pct(others, respondents) });
    return { questionId: q.id, type: q.type, respondents, options, otherTexts, measure: 'count' };
  }
  if (q.type === 'ranking') {
    const places = placesOf(q);
    const points = new Map<number, number>(q.options.map((o) => [o.id, 0]));
    for (const a of mine) {
      if (a.type !== 'ranking') continue;
      a.order.forEach((id, i) => {
        if (!points.has(id)) return;
        points.set(id, points.get(id)! + bordaPoints(i + 1, places));
        if (i === 0) byId.get(id)!.count++;
      });
    }
    const options = base
      .map((b) => ({ ...b, percent: pct(b.count, respondents), points: points.get(b.optionId!) ?? 0 }))
      .sort((x, y) => y.points - x.points || y.count - x.count || x.label.localeCompare(y.label, 'uk'));
    return { questionId: q.id, type: q.type, respondents, options, otherTexts, measure: 'borda' };
  }
  const sums = new Map<number, { total: number; n: number }>(q.options.map((o) => [o.id, { total: 0, n: 0 }]));
  for (const a of mine) {
    if (a.type !== 'scoring') continue;
    for (const [id, n] of Object.entries(a.scores)) {
      const s = sums.get(Number(id));
      if (!s) continue;
      s.total += n;
      s.n++;
    }
  }
  const byPoints = q.pointsTotal !== null;
  const options = base
    .map((b) => {
      const s = sums.get(b.optionId!)!;
      const average = s.n === 0 ? 0 : round2(s.total / s.n);
      return { ...b, label: labels.get(b.optionId!) ?? b.label, count: s.n, percent: pct(s.n, respondents), average, total: s.total };
    })
    .sort((x, y) => (byPoints ? y.total - x.total : y.average - x.average) || x.label.localeCompare(y.label, 'uk'));
  return { questionId: q.id, type: q.type, respondents, options, otherTexts, measure: byPoints ? 'total' : 'average' };
}

/** The figure a chart draws for an option under its question's measure. */
export function mainValue(r: QuestionResult, o: OptionResult): number {
  switch (r.measure) {
    case 'count':
      return o.count;
    case 'borda':
      return o.points ?? 0;
    case 'average':
      return o.average ?? 0;
    case 'total':
      return o.total ?? 0;
  }
}

// ---------- question set-up by the moderator ----------

/** A question as the moderator writes it: the options are still their labels. */
export type QuestionDraft = Omit<PollQuestion, 'id' | 'options'> & { options: string[] };

const optInt = (s: string): number | null | 'bad' => (s === '' ? null : /^\d{1,6}$/.test(s) ? Number(s) : 'bad');

/** Checks a question the moderator is adding; errors keyed by form field. */
export function readQuestionDraft(body: FormBody): { draft: QuestionDraft | null; errors: Record<string, Text> } {
  const errors: Record<string, Text> = {};
  const type = one(body, 'type') as QuestionType;
  if (!QUESTION_TYPES.includes(type)) errors.type = { uk: 'Оберіть тип питання', en: 'Choose the question type' };
  const text = one(body, 'text');
  if (!text) errors.text = { uk: 'Напишіть питання', en: 'Write the question' };
  else if ([...text].length > 500) errors.text = { uk: 'Питання — до 500 символів', en: 'The question: up to 500 characters' };
  const options = one(body, 'options')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (options.length < 2) errors.options = { uk: 'Потрібно щонайменше два варіанти, кожен з нового рядка', en: 'At least two options, one per line' };
  else if (options.length > 30) errors.options = { uk: 'Не більше 30 варіантів', en: 'At most 30 options' };
  else if (new Set(options.map((o) => o.toLocaleLowerCase('uk'))).size !== options.length)
    errors.options = { uk: 'Варіанти не мають повторюватися', en: 'Options must not repeat' };
  else if (options.some((o) => [...o].length > 200)) errors.options = { uk: 'Кожен варіант — до 200 символів', en: 'Each option: up to 200 characters' };
  const nums: Record<string, number | null> = {};
  for (const k of ['minChoices', 'maxChoices', 'rankTop', 'scaleMin', 'scaleMax', 'pointsTotal']) {
    const v = optInt(one(body, k));
    if (v === 'bad') errors[k] = { uk: 'Має бути ціле невідʼємне число', en: 'Must be a whole non-negative number' };
    else nums[k] = v;
  }
  const allowOther = one(body, 'allowOther') === 'on' && (type === 'single' || type === 'multiple');
  const n = options.length + (allowOther ? 1 : 0);
  if (type === 'multiple' && !errors.minChoices && !errors.maxChoices) {
    const min = nums.minChoices ?? 1;
    const max = nums.maxChoices ?? n;
    if (min < 1) errors.minChoices = { uk: 'Мінімум — щонайменше 1', en: 'The minimum is at least 1' };
    else if (max < min) errors.maxChoices = { uk: 'Максимум не може бути меншим за мінімум', en: 'The maximum cannot be below the minimum' };
    else if (max > n)
      errors.maxChoices = { uk: `Максимум не може перевищувати кількість варіантів (${n})`, en: `The maximum cannot exceed the number of options (${n})` };
  }
  if (type === 'ranking' && !errors.rankTop && nums.rankTop !== null && nums.rankTop !== undefined) {
    if (nums.rankTop < 1 || nums.rankTop > options.length) errors.rankTop = { uk: `Від 1 до ${options.length}`, en: `From 1 to ${options.length}` };
  }
  if (type === 'scoring') {
    if (nums.pointsTotal !== null && nums.pointsTotal !== undefined) {
      if (nums.pointsTotal < 1 || nums.pointsTotal > 1000) errors.pointsTotal = { uk: 'Від 1 до 1000 балів', en: 'From 1 to 1000 points' };
    } else if (!errors.scaleMin && !errors.scaleMax) {
      const min = nums.scaleMin ?? 1;
      const max = nums.scaleMax ?? 5;
      if (max <= min) errors.scaleMax = { uk: 'Верх шкали має бути більшим за низ', en: 'The top of the scale must be above the bottom' };
      else if (max - min > 100) errors.scaleMax = { uk: 'Шкала — не ширша за 100', en: 'The scale: at most 100 wide' };
    }
  }
  if (Object.keys(errors).length) return { draft: null, errors };
  return {
    draft: {
      type,
      text,
      options,
      minChoices: type === 'multiple' ? (nums.minChoices ?? 1) : null,
      maxChoices: type === 'multiple' ? (nums.maxChoices ?? n) : null,
      rankTop: type === 'ranking' ? (nums.rankTop ?? null) : null,
      scaleMin: type === 'scoring' && nums.pointsTotal === null ? (nums.scaleMin ?? 1) : null,
      scaleMax: type === 'scoring' && nums.pointsTotal === null ? (nums.scaleMax ?? 5) : null,
      pointsTotal: type === 'scoring' ? (nums.pointsTotal ?? null) : null,
      allowOther,
    },
    errors,
  };
}

/** An answer in words, for the review page and reports. */
export function describeAnswer(q: PollQuestion, a: Answer, lang: 'uk' | 'en'): string[] {
  const label = (id: number) => q.options.find((o) => o.id === id)?.label ?? '?';
  const other = (t: string) => `${lang === 'uk' ? 'Інше' : 'Other'}: ${t}`;
  switch (a.type) {
    case 'single':
      return [a.optionId === null ? other(a.other ?? '') : label(a.optionId)];
    case 'multiple':
      return [...a.optionIds.map(label), ...(a.other !== null ? [other(a.other)] : [])];
    case 'ranking':
      return a.order.map((id, i) => `${i + 1}. ${label(id)}`);
    case 'scoring':
      return q.options.map((o) => `${o.label}: ${a.scores[o.id] ?? 0}`);
  }
}

/**
 * A poll's results under its rule on e-mail-level answers: every question counted over the responses that
 * count, and how many responses came at each level (counted or not).
 */
export function pollResults(
  questions: PollQuestion[],
  responses: readonly { answers: Record<string, Answer>; level: Level }[],
  emailCounts: boolean,
): { results: QuestionResult[]; levels: LevelCounts; counted: number } {
  const counted = countedActs(responses, emailCounts);
  return {
    results: questions.map((q) =>
      questionResult(
        q,
        counted.map((r) => r.answers[q.id]).filter((a) => a !== undefined),
      ),
    ),
    levels: levelCounts(responses),
    counted: counted.length,
  };
}
