import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
  addCalendarDays,
  addDaysToLocalDate,
  addWorkingDays,
  endOfKyivDay,
  formatKyivDate,
  formatKyivDateTime,
  holidaysOf,
  isOverdue,
  isPreHolidayDay,
  isWorkingDay,
  kyivDateOf,
  kyivParts,
  nextWorkingDay,
  orthodoxEaster,
  startOfKyivDay,
  transferredDaysOff,
  workingDaysLeft,
} from '../../src/core/calendar/index.js';

const PEACE = { martialLaw: false } as const;
const WAR = { martialLaw: true } as const;

const iso = (d: Date): string => d.toISOString();
const holidayDates = (year: number): string[] => holidaysOf(year).map((h) => h.date);

// Calendar facts used below (checked against `date -d … +%a`):
// 2027-03-12 Fri, 2027-03-28 Sun (last Sunday of March), 2027-08-24 Tue,
// 2027-10-31 Sun (last Sunday of October), 2027-12-31 Fri, 2028-01-01 Sat,
// 2021-05-01 Sat, 2021-05-02 Sun (Easter), 2021-05-09 Sun, 2027-03-08 Mon.

test('Friday event + 2 working days ends at the end of Tuesday (Kyiv, winter +02:00)', () => {
  const friday = new Date('2027-03-12T10:00:00+02:00');
  assert.equal(iso(addWorkingDays(friday, 2, WAR)), '2027-03-16T21:59:59.999Z');
  assert.equal(iso(addWorkingDays(friday, 2, PEACE)), '2027-03-16T21:59:59.999Z');
});

test('the event day does not count even when it is a working day', () => {
  const monday = new Date('2027-03-15T09:00:00+02:00');
  assert.equal(iso(addWorkingDays(monday, 1, WAR)), '2027-03-16T21:59:59.999Z');
});

test('events on Saturday and Sunday count from Monday', () => {
  const saturday = new Date('2027-03-13T12:00:00+02:00');
  const sunday = new Date('2027-03-14T23:59:00+02:00');
  assert.equal(iso(addWorkingDays(saturday, 1, WAR)), '2027-03-15T21:59:59.999Z');
  assert.equal(iso(addWorkingDays(sunday, 1, WAR)), '2027-03-15T21:59:59.999Z');
  assert.equal(iso(addWorkingDays(saturday, 5, WAR)), '2027-03-19T21:59:59.999Z');
});

test('Independence Day 2027-08-24 (Tue) is skipped in peacetime but counted under martial law', () => {
  const monday = new Date('2027-08-23T15:00:00+03:00');
  assert.equal(isWorkingDay('2027-08-24', PEACE), false);
  assert.equal(isWorkingDay('2027-08-24', WAR), true);
  assert.equal(isWorkingDay('2027-08-24'), true, 'default is martial law');
  // Summer time: end of day is 20:59:59.999Z (+03:00).
  assert.equal(iso(addWorkingDays(monday, 1, PEACE)), '2027-08-25T20:59:59.999Z');
  assert.equal(iso(addWorkingDays(monday, 1, WAR)), '2027-08-24T20:59:59.999Z');
});

test('Art. 67 transfer: May 2021 (1 May Sat, Easter Sun, 9 May Sun) gave 3, 4 and 10 May off', () => {
  assert.deepEqual(
    transferredDaysOff(2021).map((t) => [t.date, t.forHoliday]),
    [
      ['2021-05-03', '2021-05-01'],
      ['2021-05-04', '2021-05-02'],
      ['2021-05-10', '2021-05-09'],
      ['2021-06-21', '2021-06-20'],
      ['2021-12-27', '2021-12-25'],
    ],
  );
  for (const d of ['2021-05-03', '2021-05-04', '2021-05-10']) {
    assert.equal(isWorkingDay(d, PEACE), false, d);
    assert.equal(isWorkingDay(d, WAR), true, d);
  }
  assert.equal(isWorkingDay('2021-05-05', PEACE), true);
  const friday = new Date('2021-04-30T12:00:00+03:00');
  assert.equal(iso(addWorkingDays(friday, 1, PEACE)), '2021-05-05T20:59:59.999Z');
  assert.equal(iso(addWorkingDays(friday, 1, WAR)), '2021-05-03T20:59:59.999Z');
});

test('Art. 67 transfers for 2020 match the days actually given off', () => {
  assert.deepEqual(
    transferredDaysOff(2020).map((t) => t.date),
    ['2020-03-09', '2020-04-20', '2020-05-11', '2020-06-08', '2020-06-29'],
  );
});

test('Art. 67 transfers for 2027 under current law (8 May on Saturday → Monday 10 May)', () => {
  assert.deepEqual(
    transferredDaysOff(2027).map((t) => t.date),
    ['2027-05-03', '2027-05-04', '2027-05-10', '2027-06-21', '2027-12-27'],
  );
});

test('year boundary: Friday 31 Dec 2027 + 1 working day', () => {
  const dec31 = new Date('2027-12-31T16:00:00+02:00');
  // Martial law: Sat 1 Jan and Sun 2 Jan skipped → Mon 3 Jan.
  assert.equal(iso(addWorkingDays(dec31, 1, WAR)), '2028-01-03T21:59:59.999Z');
  // Peacetime: New Year on Saturday moves the day off to Monday 3 Jan → Tue 4 Jan.
  assert.equal(iso(addWorkingDays(dec31, 1, PEACE)), '2028-01-04T21:59:59.999Z');
  assert.equal(addDaysToLocalDate('2027-12-31', 1), '2028-01-01');
  assert.equal(addDaysToLocalDate('2028-01-01', -1), '2027-12-31');
  assert.equal(addDaysToLocalDate('2028-02-28', 1), '2028-02-29');
});

test('DST spring forward: 23:30 Kyiv on Saturday 2027-03-27 + 1 working day → Monday 29th', () => {
  const event = new Date('2027-03-27T23:30:00+02:00');
  assert.equal(iso(event), '2027-03-27T21:30:00.000Z');
  assert.equal(kyivDateOf(event), '2027-03-27');
  assert.equal(iso(addWorkingDays(event, 1, WAR)), '2027-03-29T20:59:59.999Z');
});

test('start/end of Kyiv day on DST-change days', () => {
  // 28 March 2027: 23-hour day, +02:00 at midnight, +03:00 at the end.
  assert.equal(iso(startOfKyivDay('2027-03-28')), '2027-03-27T22:00:00.000Z');
  assert.equal(iso(endOfKyivDay('2027-03-28')), '2027-03-28T20:59:59.999Z');
  // 31 October 2027: 25-hour day, +03:00 at midnight, +02:00 at the end.
  assert.equal(iso(startOfKyivDay('2027-10-31')), '2027-10-30T21:00:00.000Z');
  assert.equal(iso(endOfKyivDay('2027-10-31')), '2027-10-31T21:59:59.999Z');
  // Ordinary winter and summer days.
  assert.equal(iso(startOfKyivDay('2027-01-15')), '2027-01-14T22:00:00.000Z');
  assert.equal(iso(startOfKyivDay('2027-07-15')), '2027-07-14T21:00:00.000Z');

  for (const d of ['2027-03-28', '2027-10-31']) {
    const end = kyivParts(endOfKyivDay(d));
    assert.deepEqual([end.hour, end.minute, end.second, end.millisecond], [23, 59, 59, 999], `end of ${d} is 23:59:59.999 local`);
    const start = kyivParts(startOfKyivDay(d));
    assert.deepEqual([start.hour, start.minute, start.second], [0, 0, 0], `start of ${d} is 00:00 local`);
  }
  assert.equal(kyivParts(endOfKyivDay('2027-03-28')).offsetMinutes, 180);
  assert.equal(kyivParts(startOfKyivDay('2027-03-28')).offsetMinutes, 120);
  assert.equal(kyivParts(endOfKyivDay('2027-10-31')).offsetMinutes, 120);
  assert.equal(kyivParts(startOfKyivDay('2027-10-31')).offsetMinutes, 180);
  assert.equal(kyivParts(new Date('2027-01-15T12:00:00Z')).offsetMinutes, 120);
  assert.equal(kyivParts(new Date('2027-07-15T12:00:00Z')).offsetMinutes, 180);
});

test('23:30 UTC is already the next day in Kyiv', () => {
  const event = new Date('2027-03-11T23:30:00Z'); // Thu in UTC, Fri 01:30 in Kyiv
  assert.equal(kyivDateOf(event), '2027-03-12');
  const p = kyivParts(event);
  assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute, p.weekday], [2027, 3, 12, 1, 30, 5]);
  // Counting from Friday, not Thursday: next working day is Monday 15th.
  assert.equal(iso(addWorkingDays(event, 1, WAR)), '2027-03-15T21:59:59.999Z');
  // Summer: 21:30 UTC is 00:30 next day in Kyiv.
  assert.equal(kyivDateOf(new Date('2027-08-23T21:30:00Z')), '2027-08-24');
  assert.equal(kyivDateOf(new Date('2027-08-23T20:59:59.999Z')), '2027-08-23');
});

test('Orthodox Easter dates: table, computus and known dates agree', () => {
  const known: Record<number, string> = {
    2021: '2021-05-02',
    2023: '2023-04-16',
    2024: '2024-05-05',
    2025: '2025-04-20',
    2026: '2026-04-12',
    2027: '2027-05-02',
  };
  for (const [year, date] of Object.entries(known)) {
    assert.equal(orthodoxEaster(Number(year)), date, `computus ${year}`);
    assert.ok(holidayDates(Number(year)).includes(date), `table ${year}`);
  }
  for (let y = FIRST_SUPPORTED_YEAR; y <= LAST_SUPPORTED_YEAR; y++) {
    const listed = holidaysOf(y).find((h) => h.name.en === 'Orthodox Easter');
    assert.equal(listed?.date, orthodoxEaster(y), `table vs computus ${y}`);
  }
  // Trinity = Easter + 49 days.
  assert.ok(holidayDates(2024).includes('2024-06-23'));
  assert.ok(holidayDates(2027).includes('2027-06-20'));
  assert.throws(() => orthodoxEaster(2100), RangeError);
});

test('holiday list follows the 2023 laws', () => {
  assert.deepEqual(holidayDates(2021), [
    '2021-01-01',
    '2021-01-07',
    '2021-03-08',
    '2021-05-01',
    '2021-05-02',
    '2021-05-09',
    '2021-06-20',
    '2021-06-28',
    '2021-08-24',
    '2021-10-14',
    '2021-12-25',
  ]);
  // 2023 is mixed: 7 Jan, 9 May and 28 Jul had passed under the old wording;
  // Defenders Day was already on 1 October.
  assert.deepEqual(holidayDates(2023), [
    '2023-01-01',
    '2023-01-07',
    '2023-03-08',
    '2023-04-16',
    '2023-05-01',
    '2023-05-09',
    '2023-06-04',
    '2023-06-28',
    '2023-07-28',
    '2023-08-24',
    '2023-10-01',
    '2023-12-25',
  ]);
  assert.deepEqual(holidayDates(2027), [
    '2027-01-01',
    '2027-03-08',
    '2027-05-01',
    '2027-05-02',
    '2027-05-08',
    '2027-06-20',
    '2027-06-28',
    '2027-07-15',
    '2027-08-24',
    '2027-10-01',
    '2027-12-25',
  ]);
  const christmas = holidaysOf(2027).find((h) => h.date === '2027-12-25');
  assert.deepEqual(christmas?.name, { uk: 'Різдво Христове', en: 'Christmas' });
  assert.throws(() => holidaysOf(2019), RangeError);
  assert.throws(() => holidaysOf(2036), RangeError);
  assert.throws(() => holidaysOf(2027.5), RangeError);
});

test('peacetime checks refuse years without data; martial law does not need them', () => {
  assert.throws(() => isWorkingDay('2036-01-02', PEACE), RangeError);
  assert.equal(isWorkingDay('2036-01-02', WAR), true); // Wednesday
  assert.equal(isWorkingDay('2036-01-05', WAR), false); // Saturday
});

test('formatting in both languages uses Kyiv time', () => {
  const winter = new Date('2027-03-12T12:05:00Z'); // 14:05 Kyiv
  assert.equal(formatKyivDate(winter, 'uk'), '12.03.2027');
  assert.equal(formatKyivDate(winter, 'en'), '12 Mar 2027');
  assert.equal(formatKyivDateTime(winter, 'uk'), '12.03.2027 о 14:05');
  assert.equal(formatKyivDateTime(winter, 'en'), '12 Mar 2027, 14:05');
  const summerNight = new Date('2027-08-24T21:30:00Z'); // 00:30 on the 25th in Kyiv
  assert.equal(formatKyivDateTime(summerNight, 'uk'), '25.08.2027 о 00:30');
  assert.equal(formatKyivDateTime(summerNight, 'en'), '25 Aug 2027, 00:30');
  assert.equal(formatKyivDate(new Date('2027-01-05T10:00:00Z'), 'en'), '5 Jan 2027');
  assert.equal(formatKyivDate(new Date('2027-01-05T10:00:00Z'), 'uk'), '05.01.2027');
});

test('RangeError on non-positive or non-integer day counts and bad input', () => {
  const from = new Date('2027-03-12T10:00:00+02:00');
  for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => addWorkingDays(from, n, WAR), RangeError, `addWorkingDays n=${n}`);
    assert.throws(() => addCalendarDays(from, n, WAR), RangeError, `addCalendarDays n=${n}`);
  }
  assert.throws(() => addWorkingDays(new Date('nope'), 1, WAR), RangeError);
  assert.throws(() => startOfKyivDay('2027-02-30'), RangeError);
  assert.throws(() => startOfKyivDay('2027-3-1'), RangeError);
  assert.throws(() => addDaysToLocalDate('2027-03-01', 0.5), RangeError);
});

test('addCalendarDays: Civil Code Art. 254 roll-over to the next working day', () => {
  const wednesday = new Date('2027-03-03T10:00:00+02:00');
  // +5 → Mon 8 March (Women's Day): working day under martial law, holiday in peacetime.
  assert.equal(iso(addCalendarDays(wednesday, 5, WAR)), '2027-03-08T21:59:59.999Z');
  assert.equal(iso(addCalendarDays(wednesday, 5, PEACE)), '2027-03-09T21:59:59.999Z');
  // +3 → Sat 6 March: weekends always roll, to Mon 8 (war) or Tue 9 (peace).
  assert.equal(iso(addCalendarDays(wednesday, 3, WAR)), '2027-03-08T21:59:59.999Z');
  assert.equal(iso(addCalendarDays(wednesday, 3, PEACE)), '2027-03-09T21:59:59.999Z');
  assert.equal(iso(addCalendarDays(wednesday, 3)), '2027-03-08T21:59:59.999Z', 'defaults');
  // Without roll-over the term ends on Saturday itself.
  assert.equal(iso(addCalendarDays(wednesday, 3, { martialLaw: true, rollToWorkingDay: false })), '2027-03-06T21:59:59.999Z');
  // Across the year boundary and DST: 31 Dec + 1 → Sat 1 Jan → Mon 3 / Tue 4 Jan.
  const dec31 = new Date('2027-12-31T16:00:00+02:00');
  assert.equal(iso(addCalendarDays(dec31, 1, WAR)), '2028-01-03T21:59:59.999Z');
  assert.equal(iso(addCalendarDays(dec31, 1, PEACE)), '2028-01-04T21:59:59.999Z');
  // 25 March 2027 (Thu) + 3 → Sun 28 March (DST day) → Mon 29 March, +03:00.
  assert.equal(iso(addCalendarDays(new Date('2027-03-25T12:00:00+02:00'), 3, WAR)), '2027-03-29T20:59:59.999Z');
});

test('nextWorkingDay skips weekends and, in peacetime, holidays and transfers', () => {
  assert.equal(nextWorkingDay('2027-04-30', WAR), '2027-05-03');
  assert.equal(nextWorkingDay('2027-04-30', PEACE), '2027-05-05');
});

test('workingDaysLeft counts from tomorrow through the deadline day', () => {
  const friday = new Date('2027-03-12T10:00:00+02:00');
  const deadline = addWorkingDays(friday, 2, WAR); // end of Tue 16 March
  assert.equal(workingDaysLeft(friday, deadline, WAR), 2); // Mon, Tue
  assert.equal(workingDaysLeft(new Date('2027-03-15T09:00:00+02:00'), deadline, WAR), 1); // Tue
  assert.equal(workingDaysLeft(new Date('2027-03-16T09:00:00+02:00'), deadline, WAR), 0); // last day
  assert.equal(workingDaysLeft(new Date('2027-03-17T00:00:00+02:00'), deadline, WAR), 0); // passed
  // Peacetime: Mon 23 Aug → deadline end of Fri 27 Aug spans Independence Day (Tue).
  const aug = new Date('2027-08-23T10:00:00+03:00');
  const augDeadline = endOfKyivDay('2027-08-27');
  assert.equal(workingDaysLeft(aug, augDeadline, PEACE), 3); // Wed, Thu, Fri
  assert.equal(workingDaysLeft(aug, augDeadline, WAR), 4); // Tue–Fri
});

test('isOverdue is strict: the last millisecond is still on time', () => {
  const deadline = endOfKyivDay('2027-03-16');
  assert.equal(isOverdue(new Date(deadline.getTime()), deadline), false);
  assert.equal(isOverdue(new Date(deadline.getTime() + 1), deadline), true);
  assert.equal(isOverdue(new Date('2027-03-16T21:00:00+02:00'), deadline), false);
});

test('Art. 53: the last working day before a holiday or its transferred day off is shortened, in peacetime only', () => {
  // 1 January 2022 was a Saturday: Friday 31 December 2021 was the eve (Monday 3 January the day off instead).
  assert.equal(isPreHolidayDay('2021-12-31', PEACE), true);
  assert.equal(isPreHolidayDay('2021-12-30', PEACE), false);
  // Christmas 25 December 2021 (Saturday): Friday the 24th; Christmas 7 January 2022 (Friday): Thursday the 6th.
  assert.equal(isPreHolidayDay('2021-12-24', PEACE), true);
  assert.equal(isPreHolidayDay('2022-01-06', PEACE), true);
  // Independence Day 2027 is a Tuesday: Monday the 23rd.
  assert.equal(isPreHolidayDay('2027-08-23', PEACE), true);
  assert.equal(isPreHolidayDay('2027-08-20', PEACE), false);
  // 1 May 2021 (Saturday) and Easter (Sunday) with 3 and 4 May off: Friday 30 April only; the days off themselves are not.
  assert.equal(isPreHolidayDay('2021-04-30', PEACE), true);
  assert.equal(isPreHolidayDay('2021-05-03', PEACE), false);
  assert.equal(isPreHolidayDay('2021-05-01', PEACE), false);
  // New Year's Day 2027 is a Friday: Thursday 31 December 2026; after the holiday, 8 January is ordinary.
  assert.equal(isPreHolidayDay('2026-12-31', PEACE), true);
  assert.equal(isPreHolidayDay('2027-01-08', PEACE), false);
  // Under martial law holidays are working days, so no eve is shortened; martial law is the default.
  assert.equal(isPreHolidayDay('2021-12-31', WAR), false);
  assert.equal(isPreHolidayDay('2027-08-23', WAR), false);
  assert.equal(isPreHolidayDay('2027-08-23'), false);
});
