import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answersToFields,
  bordaPoints,
  fieldsToBody,
  questionResult,
  readAnswer,
  readPollForm,
  readQuestionDraft,
  type Answer,
  type PollQuestion,
} from '../../../src/modules/consultations/rules/poll.js';

const base = { minChoices: null, maxChoices: null, rankTop: null, scaleMin: null, scaleMax: null, pointsTotal: null, allowOther: false };
const opts = (...labels: string[]) => labels.map((label, i) => ({ id: 10 + i, label }));

const single: PollQuestion = { ...base, id: 1, type: 'single', text: 'Котра година?', options: opts('Ранок', 'День', 'Вечір'), allowOther: true };
const multiple: PollQuestion = {
  ...base,
  id: 2,
  type: 'multiple',
  text: 'Страви',
  options: opts('Борщ', 'Вареники', 'Салат', 'Узвар'),
  minChoices: 2,
  maxChoices: 3,
  allowOther: true,
};
const ranking: PollQuestion = { ...base, id: 3, type: 'ranking', text: 'Порядок', options: opts('A', 'B', 'C', 'D') };
const rankingTop2: PollQuestion = { ...ranking, id: 4, rankTop: 2 };
const scale: PollQuestion = { ...base, id: 5, type: 'scoring', text: 'Оцініть', options: opts('Парк', 'Сквер'), scaleMin: 1, scaleMax: 5 };
const points: PollQuestion = { ...base, id: 6, type: 'scoring', text: 'Розподіліть 10', options: opts('Дороги', 'Школи', 'Парки'), pointsTotal: 10 };

function err(q: PollQuestion, body: Record<string, string | string[]>): string {
  const r = readAnswer(q, body);
  assert.equal(r.ok, false, `expected an error for ${JSON.stringify(body)}`);
  return r.ok ? '' : r.error.uk;
}
function ok(q: PollQuestion, body: Record<string, string | string[]>): Answer {
  const r = readAnswer(q, body);
  assert.ok(r.ok, r.ok ? '' : r.error.uk);
  return r.answer;
}

describe('single choice', () => {
  test('one option, «Інше» with text, and the refusals', () => {
    assert.deepEqual(ok(single, { q1: '11' }), { type: 'single', optionId: 11, other: null });
    assert.deepEqual(ok(single, { q1: 'other', 'q1-other': 'Ніч' }), { type: 'single', optionId: null, other: 'Ніч' });
    assert.equal(err(single, {}), 'Оберіть одну відповідь');
    assert.equal(err(single, { q1: '99' }), 'Такої відповіді немає серед варіантів');
    assert.equal(err(single, { q1: 'abc' }), 'Такої відповіді немає серед варіантів');
    assert.equal(err(single, { q1: 'other', 'q1-other': '  ' }), 'Напишіть свій варіант у полі «Інше»');
    assert.equal(err(single, { q1: 'other', 'q1-other': 'я'.repeat(301) }), 'Свій варіант — до 300 символів');
    assert.equal(err({ ...single, allowOther: false }, { q1: 'other', 'q1-other': 'x' }), 'Такої відповіді немає серед варіантів');
  });

  test('results: counts and percentages of respondents, «Інше» counted with its texts', () => {
    const answers: Answer[] = [
      { type: 'single', optionId: 10, other: null },
      { type: 'single', optionId: 10, other: null },
      { type: 'single', optionId: 12, other: null },
      { type: 'single', optionId: null, other: 'Ніч' },
    ];
    const r = questionResult(single, answers);
    assert.equal(r.respondents, 4);
    assert.deepEqual(
      r.options.map((o) => [o.label, o.count, o.percent]),
      [
        ['Ранок', 2, 50],
        ['День', 0, 0],
        ['Вечір', 1, 25],
        ['Інше', 1, 25],
      ],
    );
    assert.deepEqual(r.otherTexts, ['Ніч']);
  });
});

describe('multiple choice', () => {
  test('between the minimum and the maximum; «Інше» counts as a choice', () => {
    assert.deepEqual(ok(multiple, { q2: ['12', '10'] }), { type: 'multiple', optionIds: [10, 12], other: null });
    assert.deepEqual(ok(multiple, { q2: ['10', 'other'], 'q2-other': 'Деруни' }), { type: 'multiple', optionIds: [10], other: 'Деруни' });
    assert.equal(err(multiple, { q2: '10' }), 'Оберіть щонайменше 2 (зараз 1)');
    assert.equal(err(multiple, {}), 'Оберіть щонайменше 2 (зараз 0)');
    assert.equal(err(multiple, { q2: ['10', '11', '12', '13'] }), 'Оберіть не більше 3 (зараз 4)');
    assert.equal(err(multiple, { q2: ['10', '11', '12', 'other'], 'q2-other': 'x' }), 'Оберіть не більше 3 (зараз 4)');
    assert.equal(err(multiple, { q2: ['10', '10'] }), 'Кожен варіант можна обрати лише раз');
    assert.equal(err(multiple, { q2: ['10', '77'] }), 'Такої відповіді немає серед варіантів');
    assert.equal(err(multiple, { q2: ['10', 'other'] }), 'Напишіть свій варіант у полі «Інше»');
  });

  test('results: each option counted, percentages of respondents (they can exceed 100 in sum)', () => {
    const r = questionResult(multiple, [
      { type: 'multiple', optionIds: [10, 11], other: null },
      { type: 'multiple', optionIds: [10, 12, 13], other: null },
      { type: 'multiple', optionIds: [10], other: 'Деруни' },
    ]);
    assert.deepEqual(
      r.options.map((o) => [o.label, o.count, o.percent]),
      [
        ['Борщ', 3, 100],
        ['Вареники', 1, 33.3],
        ['Салат', 1, 33.3],
        ['Узвар', 1, 33.3],
        ['Інше', 1, 33.3],
      ],
    );
    assert.deepEqual(r.otherTexts, ['Деруни']);
  });
});

describe('ranking', () => {
  test('every place once, no repeats, within range; top-K asks for K places', () => {
    assert.deepEqual(ok(ranking, { 'q3-rank-10': '2', 'q3-rank-11': '1', 'q3-rank-12': '4', 'q3-rank-13': '3' }), { type: 'ranking', order: [11, 10, 13, 12] });
    assert.equal(
      err(ranking, { 'q3-rank-10': '1', 'q3-rank-11': '1', 'q3-rank-12': '2', 'q3-rank-13': '3' }),
      'Місце 1 віддано кільком варіантам: кожне місце — лише одному',
    );
    assert.equal(err(ranking, { 'q3-rank-10': '1', 'q3-rank-11': '2', 'q3-rank-12': '3' }), 'Розставте всі варіанти за місцями від 1 до 4');
    assert.equal(err(ranking, { 'q3-rank-10': '5', 'q3-rank-11': '2', 'q3-rank-12': '3', 'q3-rank-13': '1' }), 'Місце має бути числом від 1 до 4');
    assert.equal(err(ranking, { 'q3-rank-10': '0' }), 'Місце має бути числом від 1 до 4');
    assert.deepEqual(ok(rankingTop2, { 'q4-rank-12': '1', 'q4-rank-10': '2' }), { type: 'ranking', order: [12, 10] });
    assert.equal(err(rankingTop2, { 'q4-rank-12': '1' }), 'Оберіть 2 найкращих і розставте їх за місцями від 1 до 2');
    assert.equal(err(rankingTop2, { 'q4-rank-12': '1', 'q4-rank-10': '3' }), 'Місце має бути числом від 1 до 2');
  });

  test('Borda points: K for the first place down to 1, nothing for options left out', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((p) => bordaPoints(p, 4)),
      [4, 3, 2, 1, 0],
    );
    const r = questionResult(ranking, [
      { type: 'ranking', order: [10, 11, 12, 13] },
      { type: 'ranking', order: [11, 10, 12, 13] },
      { type: 'ranking', order: [11, 12, 10, 13] },
    ]);
    // A: 4+3+2 = 9, B: 3+4+4 = 11, C: 2+2+3 = 7, D: 1+1+1 = 3; first places: B 2, A 1.
    assert.deepEqual(
      r.options.map((o) => [o.label, o.points, o.count]),
      [
        ['B', 11, 2],
        ['A', 9, 1],
        ['C', 7, 0],
        ['D', 3, 0],
      ],
    );
    assert.equal(r.measure, 'borda');
    const top = questionResult(rankingTop2, [
      { type: 'ranking', order: [12, 10] },
      { type: 'ranking', order: [10, 13] },
    ]);
    assert.deepEqual(
      top.options.map((o) => [o.label, o.points, o.count]),
      [
        ['A', 3, 1],
        ['C', 2, 1],
        ['D', 1, 0],
        ['B', 0, 0],
      ],
    );
  });
});

describe('scoring', () => {
  test('a scale: every option rated, whole numbers in range', () => {
    assert.deepEqual(ok(scale, { 'q5-score-10': '5', 'q5-score-11': '1' }), { type: 'scoring', scores: { 10: 5, 11: 1 } });
    assert.equal(err(scale, { 'q5-score-10': '6', 'q5-score-11': '1' }), 'Оцінка має бути від 1 до 5');
    assert.equal(err(scale, { 'q5-score-10': '0', 'q5-score-11': '1' }), 'Оцінка має бути від 1 до 5');
    assert.equal(err(scale, { 'q5-score-10': '4' }), 'Оцініть кожен варіант');
    assert.equal(err(scale, { 'q5-score-10': '4.5', 'q5-score-11': '1' }), 'Оцінка має бути цілим числом');
  });

  test('points: must add up exactly; blanks are zero', () => {
    assert.deepEqual(ok(points, { 'q6-score-10': '6', 'q6-score-11': '4' }), { type: 'scoring', scores: { 10: 6, 11: 4, 12: 0 } });
    assert.equal(err(points, { 'q6-score-10': '6', 'q6-score-11': '5' }), 'Розподіліть рівно 10 балів (зараз 11)');
    assert.equal(err(points, { 'q6-score-10': '3' }), 'Розподіліть рівно 10 балів (зараз 3)');
    assert.equal(err(points, { 'q6-score-10': '-1', 'q6-score-11': '11' }), 'Бали мають бути від 0 до 10');
  });

  test('results: averages for a scale, totals for points', () => {
    const s = questionResult(scale, [
      { type: 'scoring', scores: { 10: 5, 11: 2 } },
      { type: 'scoring', scores: { 10: 4, 11: 3 } },
      { type: 'scoring', scores: { 10: 4, 11: 1 } },
    ]);
    assert.equal(s.measure, 'average');
    assert.deepEqual(
      s.options.map((o) => [o.label, o.average]),
      [
        ['Парк', 4.33],
        ['Сквер', 2],
      ],
    );
    const p = questionResult(points, [
      { type: 'scoring', scores: { 10: 6, 11: 4, 12: 0 } },
      { type: 'scoring', scores: { 10: 2, 11: 8, 12: 0 } },
    ]);
    assert.equal(p.measure, 'total');
    assert.deepEqual(
      p.options.map((o) => [o.label, o.total, o.average]),
      [
        ['Школи', 12, 6],
        ['Дороги', 8, 4],
        ['Парки', 0, 0],
      ],
    );
  });
});

describe('a whole poll form', () => {
  test('every question is read; errors are keyed by the first input of the question', () => {
    const qs = [single, multiple, ranking, points];
    const r = readPollForm(qs, { q1: '10', q2: '10', 'q6-score-10': '10' });
    assert.deepEqual(Object.keys(r.answers).sort(), ['1', '6']);
    assert.deepEqual(Object.keys(r.errors).sort(), ['q2-10', 'q3-rank-10']);
  });

  test('answers survive the round trip through the review page', () => {
    const qs = [single, multiple, ranking, points];
    const body = {
      q1: 'other',
      'q1-other': 'Ніч',
      q2: ['10', 'other'],
      'q2-other': 'Деруни',
      'q3-rank-10': '2',
      'q3-rank-11': '1',
      'q3-rank-12': '4',
      'q3-rank-13': '3',
      'q6-score-10': '10',
    };
    const first = readPollForm(qs, body);
    assert.deepEqual(first.errors, {});
    const again = readPollForm(qs, fieldsToBody(answersToFields(qs, first.answers)));
    assert.deepEqual(again.answers, first.answers);
  });
});

describe('the moderator sets up a question', () => {
  test('types, options, bounds', () => {
    const good = readQuestionDraft({ type: 'multiple', text: 'Що?', options: 'А\nБ\n\nВ', minChoices: '1', maxChoices: '2', allowOther: 'on' });
    assert.deepEqual(good.errors, {});
    assert.deepEqual(good.draft?.options, ['А', 'Б', 'В']);
    assert.equal(good.draft?.allowOther, true);
    assert.equal(readQuestionDraft({ type: 'poll', text: 'x', options: 'a\nb' }).errors.type?.uk, 'Оберіть тип питання');
    assert.equal(readQuestionDraft({ type: 'single', text: 'x', options: 'a' }).errors.options?.uk, 'Потрібно щонайменше два варіанти, кожен з нового рядка');
    assert.equal(readQuestionDraft({ type: 'single', text: 'x', options: 'a\nA' }).errors.options?.uk, 'Варіанти не мають повторюватися');
    assert.equal(
      readQuestionDraft({ type: 'multiple', text: 'x', options: 'a\nb', minChoices: '2', maxChoices: '1' }).errors.maxChoices?.uk,
      'Максимум не може бути меншим за мінімум',
    );
    assert.equal(
      readQuestionDraft({ type: 'multiple', text: 'x', options: 'a\nb', maxChoices: '3' }).errors.maxChoices?.uk,
      'Максимум не може перевищувати кількість варіантів (2)',
    );
    assert.equal(readQuestionDraft({ type: 'ranking', text: 'x', options: 'a\nb', rankTop: '3' }).errors.rankTop?.uk, 'Від 1 до 2');
    assert.equal(
      readQuestionDraft({ type: 'scoring', text: 'x', options: 'a\nb', scaleMin: '5', scaleMax: '5' }).errors.scaleMax?.uk,
      'Верх шкали має бути більшим за низ',
    );
    assert.equal(
      readQuestionDraft({ type: 'scoring', text: 'x', options: 'a\nb', pointsTotal: 'abc' }).errors.pointsTotal?.uk,
      'Має бути ціле невідʼємне число',
    );
    const pts = readQuestionDraft({ type: 'scoring', text: 'x', options: 'a\nb', pointsTotal: '100' });
    assert.equal(pts.draft?.pointsTotal, 100);
    assert.equal(pts.draft?.scaleMin, null);
  });
});
