import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectionEndsAt,
  considerationDueAt,
  defaultThreshold,
  moderationDueAt,
  searchTerms,
  searchTextOf,
  stateAt,
  validatePetitionInput,
} from '../../../src/modules/petitions/rules.js';

const peace = { martialLaw: false };
const war = { martialLaw: true };
const iso = (d: Date) => d.toISOString();

describe('petition rules', () => {
  test('thresholds by population follow the usual regulation scale', () => {
    const cases: [number, number][] = [
      [5_000, 25],
      [5_001, 50],
      [10_000, 50],
      [20_000, 100],
      [50_000, 150],
      [100_000, 250],
      [250_000, 500],
      [500_000, 1_000],
      [1_000_000, 2_000],
      [2_950_000, 10_000],
    ];
    for (const [pop, t] of cases) assert.equal(defaultThreshold(pop), t, String(pop));
  });

  test('moderation: 2 working days, across a weekend', () => {
    // Submitted Friday 2027-03-12 14:00 Kyiv (12:00 UTC): Mon 15 and Tue 16 → due end of Tue 16 (21:59:59.999 UTC, UTC+2).
    assert.equal(iso(moderationDueAt(new Date('2027-03-12T12:00:00Z'), 2, war)), '2027-03-16T21:59:59.999Z');
    // Submitted Saturday: Mon and Tue count.
    assert.equal(iso(moderationDueAt(new Date('2027-03-13T09:00:00Z'), 2, war)), '2027-03-16T21:59:59.999Z');
  });

  test('consideration: 10 working days; holidays count only under martial law', () => {
    // Threshold reached Mon 2027-08-16 (summer, UTC+3). Independence Day Tue 24 Aug is a holiday in peacetime.
    const start = new Date('2027-08-16T10:00:00Z');
    // War: 17,18,19,20,23,24,25,26,27,30 → Mon 30 Aug.
    assert.equal(iso(considerationDueAt(start, 10, war)), '2027-08-30T20:59:59.999Z');
    // Peace: 24 Aug skipped → Tue 31 Aug.
    assert.equal(iso(considerationDueAt(start, 10, peace)), '2027-08-31T20:59:59.999Z');
  });

  test('collection: calendar days to the end of the Kyiv day, across the DST change', () => {
    // Published Sat 2027-03-20 at 23:30 Kyiv (21:30 UTC); 10 days → end of Tue 30 Mar, now UTC+3.
    assert.equal(iso(collectionEndsAt(new Date('2027-03-20T21:30:00Z'), 10, war)), '2027-03-30T20:59:59.999Z');
  });

  test('the state is derived from time: after the term, enough signatures → consideration, else failed', () => {
    const base = {
      status: 'collecting' as const,
      signatureThreshold: 100,
      considerationWorkingDays: 10,
      collectionEndsAt: new Date('2027-03-30T20:59:59.999Z'),
      considerationStartedAt: null,
      considerationDueAt: null,
      failedAt: null,
    };
    const during = new Date('2027-03-30T20:00:00Z');
    const after = new Date('2027-03-31T06:00:00Z');
    assert.equal(stateAt({ ...base, signatureCount: 40 }, during, war).status, 'collecting');
    const failed = stateAt({ ...base, signatureCount: 40 }, after, war);
    assert.equal(failed.status, 'failed');
    assert.equal(iso(failed.failedAt!), '2027-03-30T20:59:59.999Z');
    const enough = stateAt({ ...base, signatureCount: 100 }, after, war);
    assert.equal(enough.status, 'consideration');
    assert.equal(iso(enough.considerationStartedAt!), '2027-03-30T20:59:59.999Z');
    // From Tue 30 Mar: Wed 31, Thu 1, Fri 2, Mon 5 … 10th working day is Tue 13 Apr.
    assert.equal(iso(enough.considerationDueAt!), '2027-04-13T20:59:59.999Z');
    assert.equal(stateAt({ ...base, status: 'answered', signatureCount: 1 }, after, war).status, 'answered');
  });

  test('validation of a new petition', () => {
    const ok = { title: 'Назва', body: 'Текст', categoryId: 3, email: 'a@b.ua' };
    assert.deepEqual(validatePetitionInput(ok, [3]), {});
    const bad = validatePetitionInput({ title: '', body: 'я'.repeat(5001), categoryId: 9, email: 'nope' }, [3]);
    assert.deepEqual(Object.keys(bad).sort(), ['body', 'category', 'email', 'title']);
    assert.equal(bad.body?.uk, 'Текст — не більше 5000 символів (зараз 5001)');
    assert.equal(validatePetitionInput({ ...ok, title: 'ї'.repeat(200) }, [3]).title, undefined, 'characters, not bytes');
    assert.match(validatePetitionInput({ ...ok, email: '' }, [3]).email?.uk ?? '', /Закон вимагає/);
  });

  test('search folds case and apostrophes and matches word beginnings', () => {
    const text = searchTextOf("Об'єднання ДОРІГ", 'ремонт вулиці');
    assert.equal(text, ' обʼєднання доріг ремонт вулиці ');
    for (const q of ['ДОР', 'обʼєдн', "об'єдн", 'вул']) {
      assert.ok(
        searchTerms(q).every((term) => text.includes(` ${term}`)),
        q,
      );
    }
    assert.ok(!text.includes(' іг'), 'not in the middle of a word');
  });
});
