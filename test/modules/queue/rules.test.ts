/**
 * The e-queue's pure rules: slots from hours minus the break, days off and holidays (with and without
 * martial law), windows that take online bookings, bookings that overlap, slots already begun, Kyiv
 * time across both clock changes, the week a limit counts in and the booking code.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bookingCode,
  BOOKING_CODE_RE,
  freeSlots,
  reminderDue,
  hoursOn,
  kyivInstant,
  kyivTime,
  weekOf,
  type SlotInput,
  type WeekHours,
} from '../../../src/modules/queue/rules.js';

const DAY = { open: '09:00', close: '12:00', breakFrom: '10:00', breakTo: '10:30' };
const WEEK: WeekHours = { '1': DAY, '2': DAY, '3': DAY, '4': DAY, '5': DAY, '0': { open: '09:00', close: '10:00', breakFrom: null, breakTo: null } };
const EARLY = new Date('2026-01-01T00:00:00Z');

const input = (o: Partial<SlotInput>): SlotInput => ({
  day: '2026-12-08',
  hours: WEEK,
  calendar: { martialLaw: true },
  daysOff: [],
  windows: [{ id: 1, online: true }],
  visitMinutes: 30,
  bookings: [],
  now: EARLY,
  ...o,
});

const times = (i: SlotInput) => freeSlots(i).map((s) => kyivTime(s.start));

describe('e-queue slots', () => {
  test('from opening in steps of the visit, none overlapping the break or past closing', () => {
    assert.deepEqual(times(input({})), ['09:00', '09:30', '10:30', '11:00', '11:30']);
    // 40-minute visits: 09:00–09:40 fits; 09:40 would run into the break, so the next starts at its end.
    assert.deepEqual(times(input({ visitMinutes: 40 })), ['09:00', '10:30', '11:10']);
    assert.deepEqual(times(input({ visitMinutes: 200 })), []);
  });

  test('a weekday without hours, a day off and (outside martial law) a holiday have no slots', () => {
    assert.deepEqual(times(input({ day: '2026-12-12' })), []); // Saturday: no hours
    assert.deepEqual(times(input({ daysOff: ['2026-12-08'] })), []);
    // Christmas, Friday 25 December 2026: a holiday in peacetime, a working day under martial law.
    assert.equal(times(input({ day: '2026-12-25', calendar: { martialLaw: false } })).length, 0);
    assert.equal(times(input({ day: '2026-12-25', calendar: { martialLaw: true } })).length, 5);
    assert.equal(hoursOn('2026-12-25', WEEK, { martialLaw: false }, []), null);
  });

  test('on the eve of a holiday (outside martial law) the office closes an hour earlier, as the ЦНАП site says', () => {
    // Thursday 31 December 2026, the eve of New Year's Day: 09:00–11:00 with the break; no slot runs past 11:00.
    assert.deepEqual(times(input({ day: '2026-12-31', calendar: { martialLaw: false } })), ['09:00', '09:30', '10:30']);
    assert.equal(hoursOn('2026-12-31', WEEK, { martialLaw: false }, [])?.close, '11:00');
    // Under martial law holidays are working days, so their eves are not shortened.
    assert.deepEqual(times(input({ day: '2026-12-31', calendar: { martialLaw: true } })), ['09:00', '09:30', '10:30', '11:00', '11:30']);
  });

  test('only windows that take online bookings, and a slot is free while one window is', () => {
    assert.deepEqual(times(input({ windows: [{ id: 1, online: false }] })), []);
    const two = input({
      windows: [
        { id: 2, online: true },
        { id: 1, online: true },
      ],
    });
    const nine = kyivInstant('2026-12-08', 9 * 60);
    const ninethirty = kyivInstant('2026-12-08', 9 * 60 + 30);
    const oneBusy = freeSlots({ ...two, bookings: [{ windowId: 1, start: nine, end: ninethirty }] });
    assert.deepEqual(oneBusy[0]!.windowIds, [2]);
    const bothBusy = freeSlots({ ...two, bookings: [1, 2].map((windowId) => ({ windowId, start: nine, end: ninethirty })) });
    assert.deepEqual(bothBusy.map((s) => kyivTime(s.start)).slice(0, 1), ['09:30']);
    // A longer visit of another service overlapping two slots takes both.
    const long = freeSlots(input({ bookings: [{ windowId: 1, start: kyivInstant('2026-12-08', 9 * 60 + 15), end: kyivInstant('2026-12-08', 9 * 60 + 45) }] }));
    assert.deepEqual(
      long.map((s) => kyivTime(s.start)),
      ['10:30', '11:00', '11:30'],
    );
  });

  test('slots already begun are not offered', () => {
    assert.deepEqual(times(input({ now: kyivInstant('2026-12-08', 10 * 60 + 40) })), ['11:00', '11:30']);
    assert.deepEqual(times(input({ now: kyivInstant('2026-12-08', 9 * 60) })), ['09:30', '10:30', '11:00', '11:30']);
  });

  test('Kyiv wall-clock times across the clock changes (last Sundays of March and October)', () => {
    // Friday before and Monday after 28 March 2027: 09:00 Kyiv is 07:00 UTC in winter, 06:00 UTC in summer.
    assert.equal(freeSlots(input({ day: '2027-03-26' }))[0]!.start.toISOString(), '2027-03-26T07:00:00.000Z');
    assert.equal(freeSlots(input({ day: '2027-03-29' }))[0]!.start.toISOString(), '2027-03-29T06:00:00.000Z');
    // On the day of the change itself (a Sunday with hours): the clocks moved at 03:00, 09:00 is summer time.
    const march = freeSlots(input({ day: '2027-03-28' }));
    assert.deepEqual(
      march.map((s) => s.start.toISOString()),
      ['2027-03-28T06:00:00.000Z', '2027-03-28T06:30:00.000Z'],
    );
    const october = freeSlots(input({ day: '2026-10-25' }));
    assert.deepEqual(
      october.map((s) => s.start.toISOString()),
      ['2026-10-25T07:00:00.000Z', '2026-10-25T07:30:00.000Z'],
    );
    assert.equal(kyivTime(october[1]!.end), '10:00');
    assert.equal(kyivInstant('2026-10-25', 0).toISOString(), '2026-10-24T21:00:00.000Z');
  });

  test('a week runs Monday to Sunday; booking codes are six unambiguous characters', () => {
    assert.deepEqual(weekOf('2026-12-08'), { from: '2026-12-07', to: '2026-12-14' });
    assert.deepEqual(weekOf('2026-12-13'), { from: '2026-12-07', to: '2026-12-14' });
    assert.deepEqual(weekOf('2026-12-14'), { from: '2026-12-14', to: '2026-12-21' });
    const code = bookingCode(new Uint8Array([0, 31, 32, 255, 8, 14]));
    assert.match(code, BOOKING_CODE_RE);
    assert.equal(code.length, 6);
    assert.doesNotMatch(code, /[O0I1]/);
  });
  test('reminders: the day before only for a booking made a day ahead or more, the hour before, none once begun', () => {
    const start = new Date('2026-12-10T08:00:00Z');
    const b = { start, createdAt: new Date('2026-12-09T20:00:00Z'), dayAt: null, hourAt: null };
    assert.equal(reminderDue(b, new Date('2026-12-09T21:00:00Z')), null);
    assert.equal(reminderDue(b, new Date('2026-12-10T07:10:00Z')), 'hour');
    assert.equal(reminderDue({ ...b, hourAt: new Date() }, new Date('2026-12-10T07:10:00Z')), null);
    assert.equal(reminderDue(b, new Date('2026-12-10T08:00:00Z')), null);
    assert.equal(reminderDue({ ...b, createdAt: new Date('2026-12-01T00:00:00Z') }, new Date('2026-12-09T09:00:00Z')), 'day');
  });
});
