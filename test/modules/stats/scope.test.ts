import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, monthsBetween, parseFilters } from '../../../src/modules/stats/rules.js';

test('months: arithmetic across years and the inclusive list', () => {
  assert.equal(addMonths('2026-11', 2), '2027-01');
  assert.equal(addMonths('2027-01', -13), '2025-12');
  assert.deepEqual(monthsBetween('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
});

test('the default period is the last 12 months up to the current Kyiv month', () => {
  const { filters, errors } = parseFilters({}, [], new Date('2026-12-31T22:30:00Z'));
  assert.deepEqual(errors, {});
  // 22:30 UTC on 31 Dec is 00:30 on 1 Jan in Kyiv.
  assert.deepEqual([filters.fromMonth, filters.toMonth], ['2026-02', '2027-01']);
});

test('a period runs from the start of its first Kyiv day to the start of the next month, across DST', () => {
  const { period } = parseFilters({ from: '2027-03', to: '2027-10' }, [], new Date('2027-06-01T00:00:00Z'));
  assert.equal(period.from.toISOString(), '2027-02-28T22:00:00.000Z');
  assert.equal(period.to.toISOString(), '2027-10-31T22:00:00.000Z');
});

test('bad filters are explained', () => {
  const now = new Date('2027-06-01T00:00:00Z');
  assert.equal(parseFilters({ oblast: 'Марс' }, ['Львівська'], now).errors.oblast?.uk, 'Області «Марс» серед підключених громад немає');
  assert.ok(parseFilters({ from: '2027-13' }, [], now).errors.from);
  assert.equal(parseFilters({ from: '2027-05', to: '2027-04' }, [], now).errors.to?.uk, 'Кінець періоду раніше за початок');
  assert.ok(parseFilters({ from: '2010-01', to: '2027-01' }, [], now).errors.from, 'more than 10 years');
  assert.deepEqual(parseFilters({ from: '2017-02', to: '2027-01' }, [], now).errors, {}, 'exactly 10 years is fine');
});
