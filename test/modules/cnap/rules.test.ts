/** The ЦНАП site's pure rules: the Ukrainian suffix normaliser and an office's status in Kyiv time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { officeStatus, searchQuery, shortDaysAhead, stem, statusText, type WeekHours } from '../../../src/modules/cnap/rules.js';

test('inflected forms of a word share a stem', () => {
  for (const group of [
    ['паспорт', 'паспорта', 'паспорту', 'паспортом', 'паспорти', 'паспортів'],
    ['реєстрація', 'реєстрації', 'реєстрацію', 'реєстрацією'],
    ['субсидія', 'субсидії', 'субсидію'],
    ['дитина', 'дитини', 'дитині', 'дитину'],
  ])
    assert.equal(new Set(group.map(stem)).size, 1, group.join(', '));
  assert.equal(stem('ID'), 'id');
  // Short words keep three letters at least.
  assert.equal(stem('ФОП'), 'фоп');
});

test('a query becomes prefix terms of stems, with no tsquery operators left', () => {
  assert.equal(searchQuery('Паспорта  громадянина'), 'паспорт:* & громадянин:*');
  assert.equal(searchQuery('&|!:*()'), null);
  assert.equal(searchQuery('обʼєкта'), 'обʼєкт:*');
});

const HOURS: WeekHours = {
  '1': { open: '08:00', close: '17:00', breakFrom: '12:00', breakTo: '12:45' },
  '5': { open: '08:00', close: '15:45', breakFrom: null, breakTo: null },
};
const PEACE = { martialLaw: false };
const WAR = { martialLaw: true };

test('open, on a break, closed until tomorrow or a later weekday (Kyiv time across DST)', () => {
  // Monday 7 December 2026, 10:00 Kyiv (UTC+2).
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-12-07T08:00:00Z'), WAR), 'uk'), 'Зараз відчинено до 17:00 (перерва 12:00–12:45)');
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-12-07T10:10:00Z'), WAR), 'uk'), 'Перерва до 12:45');
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-12-07T13:00:00Z'), WAR), 'uk'), 'Зараз відчинено до 17:00');
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-12-07T15:00:00Z'), WAR), 'uk'), 'Зачинено, відчиниться у пʼятницю о 8:00');
  // Monday 6 July 2026, 07:30 Kyiv (UTC+3, summer time): opens today.
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-07-06T04:30:00Z'), WAR), 'uk'), 'Зачинено, відчиниться сьогодні о 8:00');
  assert.equal(statusText(officeStatus(HOURS, new Date('2026-07-06T04:30:00Z'), WAR), 'en'), 'Closed, opens today at 8:00');
  assert.equal(statusText(officeStatus({}, new Date('2026-07-06T04:30:00Z'), WAR), 'uk'), 'Зачинено');
});

test('a public holiday of the working-day calendar closes the office (outside martial law only)', () => {
  // Friday 1 January 2027, 10:00 Kyiv: New Year's Day.
  const newYear = new Date('2027-01-01T08:00:00Z');
  assert.equal(statusText(officeStatus(HOURS, newYear, PEACE), 'uk'), 'Зачинено (святковий день), відчиниться у понеділок о 8:00');
  assert.equal(officeStatus(HOURS, newYear, WAR).open, true);
});

test('the eve of a holiday closes an hour earlier in peacetime, keeping a break that still fits; not under martial law', () => {
  const week: WeekHours = {
    '4': { open: '08:00', close: '17:00', breakFrom: '12:00', breakTo: '12:45' },
    '5': { open: '08:00', close: '15:45', breakFrom: '15:00', breakTo: '15:30' },
  };
  // Thursday 31 December 2026, 10:00 Kyiv: New Year's Day is on Friday.
  const eve = new Date('2026-12-31T08:00:00Z');
  assert.equal(statusText(officeStatus(week, eve, PEACE), 'uk'), 'Зараз відчинено до 16:00 (скорочений передсвятковий день; перерва 12:00–12:45)');
  assert.equal(statusText(officeStatus(week, eve, PEACE), 'en'), 'Open now until 16:00 (shortened day before a holiday; break 12:00–12:45)');
  assert.equal(statusText(officeStatus(week, eve, WAR), 'uk'), 'Зараз відчинено до 17:00 (перерва 12:00–12:45)');
  // 16:30 Kyiv that day: closed already; the holiday Friday is skipped.
  assert.equal(statusText(officeStatus(week, new Date('2026-12-31T14:30:00Z'), PEACE), 'uk'), 'Зачинено, відчиниться у четвер о 8:00');
  assert.deepEqual(shortDaysAhead(week, new Date('2026-12-28T08:00:00Z'), PEACE), [{ date: '2026-12-31', weekday: '4', close: '16:00' }]);
  assert.deepEqual(shortDaysAhead(week, new Date('2026-12-28T08:00:00Z'), WAR), []);
  // Friday 7 May 2027 before Saturday's holiday: 15:45 becomes 14:45 and the 15:00 break no longer fits.
  assert.deepEqual(shortDaysAhead(week, new Date('2027-05-07T06:00:00Z'), PEACE), [{ date: '2027-05-07', weekday: '5', close: '14:45' }]);
  assert.equal(statusText(officeStatus(week, new Date('2027-05-07T06:00:00Z'), PEACE), 'uk'), 'Зараз відчинено до 14:45 (скорочений передсвятковий день)');
});
