/** The terms of the law on citizens' appeals (Art. 20) on the platform's working-day calendar, without I/O. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kyivDateOf, startOfKyivDay } from '../../../src/core/calendar/index.js';
import { addOneMonth, deadlineState, extendedDeadline, isEmail, isFullName, termsOf } from '../../../src/modules/appeals/rules.js';

const WAR = { martialLaw: true };
const PEACE = { martialLaw: false };
/** 10:00 Kyiv time of a date. */
const at = (date: string) => new Date(startOfKyivDay(date).getTime() + 10 * 3600_000);
const day = (d: Date) => kyivDateOf(d);

describe('appeals: terms (Art. 20)', () => {
  test('one month is the same day of the next month, or its last day', () => {
    assert.equal(addOneMonth('2026-03-02'), '2026-04-02');
    assert.equal(addOneMonth('2026-01-31'), '2026-02-28');
    assert.equal(addOneMonth('2028-01-31'), '2028-02-29');
    assert.equal(addOneMonth('2026-12-15'), '2027-01-15');
  });

  test('received on a Monday: 15 days, one month and 45 days, each to the end of a Kyiv day', () => {
    const t = termsOf(at('2026-03-02'), WAR);
    assert.equal(day(t.short), '2026-03-17');
    assert.equal(day(t.month), '2026-04-02');
    assert.equal(day(t.max), '2026-04-16');
    // The last millisecond of the day is still on time.
    assert.equal(t.month.getTime(), startOfKyivDay('2026-04-03').getTime() - 1);
  });

  test('a term that ends on a day off ends on the next working day', () => {
    // 31 January + 1 month = Saturday 28 February → Monday 2 March.
    assert.equal(day(termsOf(at('2026-01-31'), WAR).month), '2026-03-02');
    // 15 days from Friday 6 March is Saturday 21 March → Monday 23 March.
    assert.equal(day(termsOf(at('2026-03-06'), WAR).short), '2026-03-23');
  });

  test('holidays are days off only without martial law', () => {
    // 13 March + 1 month = Monday 13 April 2026, the day after Easter.
    assert.equal(day(termsOf(at('2026-03-13'), WAR).month), '2026-04-13');
    assert.equal(day(termsOf(at('2026-03-13'), PEACE).month), '2026-04-14');
  });

  test('an extension goes beyond the current term and never past 45 days; an answered appeal is not extended', () => {
    const receivedAt = at('2026-03-02');
    const dueAt = termsOf(receivedAt, WAR).month;
    const ok = extendedDeadline({ status: 'in_progress', receivedAt, dueAt }, 45, WAR);
    assert.ok('dueAt' in ok);
    assert.equal(day(ok.dueAt), '2026-04-16');
    assert.deepEqual(extendedDeadline({ status: 'in_progress', receivedAt, dueAt }, 46, WAR), { refusal: 'too-long' });
    assert.deepEqual(extendedDeadline({ status: 'in_progress', receivedAt, dueAt }, 30, WAR), { refusal: 'not-longer' });
    assert.deepEqual(extendedDeadline({ status: 'answered', receivedAt, dueAt }, 40, WAR), { refusal: 'answered' });
    // A second extension only lengthens it further.
    const again = extendedDeadline({ status: 'in_progress', receivedAt, dueAt: ok.dueAt }, 40, WAR);
    assert.deepEqual(again, { refusal: 'not-longer' });
  });

  test('where an appeal stands: open, overdue, answered on time or late', () => {
    const dueAt = termsOf(at('2026-03-02'), WAR).month;
    assert.equal(deadlineState({ status: 'received', dueAt, answeredAt: null }, dueAt), 'open');
    assert.equal(deadlineState({ status: 'in_progress', dueAt, answeredAt: null }, new Date(dueAt.getTime() + 1)), 'overdue');
    assert.equal(deadlineState({ status: 'answered', dueAt, answeredAt: dueAt }, new Date(dueAt.getTime() + 9e9)), 'answered-on-time');
    assert.equal(deadlineState({ status: 'answered', dueAt, answeredAt: new Date(dueAt.getTime() + 1) }, dueAt), 'answered-late');
  });

  test('a name is at least two words (anonymous appeals are not considered); e-mail addresses', () => {
    assert.ok(isFullName('Коваленко Олена'));
    assert.ok(!isFullName('Олена'));
    assert.ok(!isFullName('  '));
    assert.ok(!isFullName('A B'));
    assert.ok(isEmail('olena@example.com'));
    assert.ok(!isEmail('olena@example'));
    assert.ok(!isEmail('olena example.com'));
  });
});
