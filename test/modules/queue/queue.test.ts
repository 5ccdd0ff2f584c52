/**
 * The e-queue through HTTP: the steps of booking without JavaScript, a booking with its code, QR code and
 * calendar file, the limits (per week, overlapping), moving and cancelling, someone else's booking not
 * found, administration with field errors and audit, and the demo.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';

/** Monday 7 December 2026, 10:00 Kyiv (UTC+2). */
const MONDAY_10 = new Date('2026-12-07T08:00:00Z');
const TUESDAY = '2026-12-08';

describe('e-queue', () => {
  let t: TestApp;
  let anon: TestBrowser;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let admin: TestBrowser;
  let lvivId: number;
  const idOf = async (table: 'cnap_services' | 'cnap_offices', code: string) =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lvivId} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;
  /** The free times offered on a day, as the form's values. */
  const times = async (b: TestBrowser, service: number, office: number, day: string) =>
    [...(await b.get(`/lviv/queue?service=${service}&office=${office}&day=${day}`)).body.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]!);

  before(async () => {
    t = await createTestApp();
    t.clock.set(MONDAY_10);
    anon = t.browser();
    olena = await signedInAs(t, demo.olena);
    andrii = await signedInAs(t, demo.andrii);
    admin = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'));
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  });
  after(() => t.close());

  test('the steps are plain links: a service, an office, a day, then the times (signing in to book)', async () => {
    const idCard = await idOf('cnap_services', 'id-card');
    const centre = await idOf('cnap_offices', 'centre');
    const start = (await anon.get('/lviv/queue')).body;
    assert.match(start, /Оберіть послугу/);
    assert.ok(start.includes(`href="/lviv/queue?service=${idCard}"`));
    const offices = (await anon.get(`/lviv/queue?service=${idCard}`)).body;
    assert.ok(offices.includes(`href="/lviv/queue?service=${idCard}&office=${centre}"`), 'the centre is offered');
    const days = (await anon.get(`/lviv/queue?service=${idCard}&office=${centre}`)).body;
    assert.match(days, /08\.12\.2026, вівторок<\/a> — <span>\d+ вільн/);
    // Saturday has short hours, Sunday none.
    assert.match(days, /13\.12\.2026, неділя<\/span> — <span>немає вільного часу/);
    const anonTimes = (await anon.get(`/lviv/queue?service=${idCard}&office=${centre}&day=${TUESDAY}`)).body;
    assert.match(anonTimes, /Увійти, щоб записатися/);
    assert.match(anonTimes, /<li>09:00–09:20<\/li>/);
    assert.deepEqual((await times(olena, idCard, centre, TUESDAY)).slice(0, 2), ['2026-12-08T07:00:00.000Z', '2026-12-08T07:20:00.000Z']);
    // Today's times that have begun are not offered.
    assert.equal((await times(olena, idCard, centre, '2026-12-07'))[0], '2026-12-07T08:20:00.000Z');
    assert.equal(
      (await anon.post('/lviv/queue/bookings', { service_id: String(idCard), office_id: String(centre), start: '2026-12-08T07:00:00.000Z' })).statusCode,
      401,
    );
  });

  test('a booking has a code, a QR code, a calendar file and a place in «my bookings»; limits hold', async () => {
    const idCard = await idOf('cnap_services', 'id-card');
    const residence = await idOf('cnap_services', 'residence-registration');
    const centre = await idOf('cnap_offices', 'centre');
    const [first, second] = await times(olena, idCard, centre, TUESDAY);
    const res = await olena.post('/lviv/queue/bookings', { service_id: String(idCard), office_id: String(centre), start: first! });
    assert.equal(res.statusCode, 303);
    const code = /\/lviv\/queue\/bookings\/([A-Z0-9]{6})\?done=booked$/.exec(String(res.headers.location))![1]!;
    const page = (await olena.get(`/lviv/queue/bookings/${code}?done=booked`)).body;
    assert.ok(page.includes(`Ваш код — ${code}`));
    assert.match(page, /08\.12\.2026, вівторок, 09:00–09:20/);
    assert.match(page, /<svg class="queue-qr"[^>]*role="img"/);
    const ics = await olena.get(`/lviv/queue/bookings/${code}/calendar.ics`);
    assert.equal(ics.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.match(ics.body, /DTSTART:20261208T070000Z/);
    assert.match(ics.body, /DTEND:20261208T072000Z/);
    assert.ok(ics.body.includes(code));
    assert.ok((await olena.get('/lviv/queue/bookings')).body.includes(`/lviv/queue/bookings/${code}`));
    // Another person may neither see nor cancel it.
    assert.equal((await andrii.get(`/lviv/queue/bookings/${code}`)).statusCode, 404);
    assert.equal((await andrii.post(`/lviv/queue/bookings/${code}/cancel`, {})).statusCode, 404);
    assert.match(String((await anon.get(`/lviv/queue/bookings/${code}`)).headers.location), /^\/auth\/sign-in/);

    // The same service again this week: refused (the limit is one a week); an overlapping visit too.
    const again = await olena.post('/lviv/queue/bookings', { service_id: String(idCard), office_id: String(centre), start: second! });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /стільки записів на цю послугу цього тижня/);
    const sykhiv = await idOf('cnap_offices', 'sykhiv');
    const near = (await times(olena, residence, sykhiv, TUESDAY)).find((x) => x >= '2026-12-08T07:00' && x < '2026-12-08T07:20')!;
    const overlap = await olena.post('/lviv/queue/bookings', { service_id: String(residence), office_id: String(sykhiv), start: near });
    assert.equal(overlap.statusCode, 409);
    assert.match(overlap.body, /уже є інший запис/);
    // A time that is not a slot is refused as taken.
    assert.equal(
      (await olena.post('/lviv/queue/bookings', { service_id: String(residence), office_id: String(centre), start: '2026-12-08T07:07:00.000Z' })).statusCode,
      409,
    );

    // Moving keeps the code; the old time is free again, the new one taken on that window.
    const later = (await times(olena, idCard, centre, '2026-12-09'))[3]!;
    const moved = await olena.post(`/lviv/queue/bookings/${code}/move`, { service_id: String(idCard), office_id: String(centre), start: later });
    assert.equal(moved.statusCode, 303);
    assert.equal(moved.headers.location, `/lviv/queue/bookings/${code}?done=moved`);
    const row = (await sql<{ starts_at: Date; status: string }>`select starts_at, status from queue_bookings where code = ${code}`.execute(t.ctx.db)).rows[0]!;
    assert.equal(row.starts_at.toISOString(), later);
    // Cancelling frees the week's limit.
    assert.equal((await olena.post(`/lviv/queue/bookings/${code}/cancel`, {})).statusCode, 303);
    assert.match((await olena.get('/lviv/queue/bookings?done=cancelled')).body, /скасовано/);
    assert.equal((await olena.post(`/lviv/queue/bookings/${code}/cancel`, {})).statusCode, 409);
    assert.equal((await olena.post('/lviv/queue/bookings', { service_id: String(idCard), office_id: String(centre), start: second! })).statusCode, 303);
    const audit = await sql<{ action: string }>`select action from audit_log where action like 'queue.booking.%' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['queue.booking.created', 'queue.booking.moved', 'queue.booking.cancelled', 'queue.booking.created'],
    );
  });

  test('the database refuses a second live booking of the same window and start', async () => {
    const b = (await sql<Record<string, unknown>>`select * from queue_bookings where status = 'booked' limit 1`.execute(t.ctx.db)).rows[0]!;
    await assert.rejects(
      sql`insert into queue_bookings (community_id, code, office_id, window_id, service_id, user_id, person_key, starts_at, ends_at, created_at)
        values (${b.community_id}, 'ZZZZZZ', ${b.office_id}, ${b.window_id}, ${b.service_id}, ${b.user_id}, 'other', ${b.starts_at}, ${b.ends_at}, now())`.execute(
        t.ctx.db,
      ),
      /duplicate key|unique/,
    );
  });

  test('administration: windows, services and days off, audited; others refused', async () => {
    const centre = await idOf('cnap_offices', 'centre');
    const subsidy = await idOf('cnap_services', 'housing-subsidy');
    assert.equal((await olena.get('/lviv/manage/queue')).statusCode, 403);
    assert.equal((await olena.post('/lviv/manage/queue/windows/new', { name: 'Вікно 9', office_id: String(centre) })).statusCode, 403);
    const page = (await admin.get('/lviv/manage/queue')).body;
    assert.match(page, /Вікно 3/);
    assert.match(page, /лише жива черга/);
    const bad = await admin.post('/lviv/manage/queue/windows/new', { name: '', office_id: '999999' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Вкажіть назву вікна/);
    assert.match(bad.body, /Оберіть офіс/);
    const dup = await admin.post('/lviv/manage/queue/windows/new', { name: 'Вікно 1', office_id: String(centre) });
    assert.equal(dup.statusCode, 400);
    const ok = await admin.post('/lviv/manage/queue/windows/new', {
      name: 'Вікно 9',
      office_id: String(centre),
      online: 'on',
      active: 'on',
      service_ids: [String(subsidy)],
    });
    assert.equal(ok.statusCode, 303);
    assert.match((await admin.get('/lviv/manage/queue?saved=1')).body, /Вікно 9/);
    // The visit length changes the slots.
    assert.equal((await admin.post(`/lviv/manage/queue/services/${subsidy}`, { enabled: 'on', visit_minutes: '3', weekly_limit: '1' })).statusCode, 400);
    assert.equal((await admin.post(`/lviv/manage/queue/services/${subsidy}`, { enabled: 'on', visit_minutes: '60', weekly_limit: '2' })).statusCode, 303);
    const slots = await times(olena, subsidy, centre, '2026-12-10');
    assert.deepEqual(slots.slice(0, 2), ['2026-12-10T07:00:00.000Z', '2026-12-10T08:00:00.000Z']);
    // A day off closes the day for booking.
    assert.equal((await admin.post(`/lviv/manage/queue/offices/${centre}/days-off`, { day: '2026-12-10', off: '1' })).statusCode, 303);
    assert.deepEqual(await times(olena, subsidy, centre, '2026-12-10'), []);
    assert.equal((await admin.post(`/lviv/manage/queue/offices/${centre}/days-off`, { day: 'завтра', off: '1' })).statusCode, 400);
    assert.equal((await admin.post(`/lviv/manage/queue/offices/${centre}/days-off`, { day: '2026-12-10', off: '0' })).statusCode, 303);
    assert.equal((await times(olena, subsidy, centre, '2026-12-10')).length, slots.length);
    // Taking a service out of the queue hides it from booking.
    assert.equal((await admin.post(`/lviv/manage/queue/services/${subsidy}`, { visit_minutes: '60' })).statusCode, 303);
    assert.ok(!(await anon.get('/lviv/queue')).body.includes(`service=${subsidy}"`));
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where action like 'queue.%' and action not like 'queue.booking.%' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['queue.window.created', 'queue.service.set', 'queue.day-off.added', 'queue.day-off.removed', 'queue.service.removed'],
    );
  });

  test('hostile queries and codes: no server error, nothing echoed unescaped', async () => {
    for (const q of [
      'service=abc',
      'service=99999999999',
      'service=1&office=-1',
      'service=9&office=1&day=2026-02-30',
      'day=%3Cscript%3E',
      'move=%3Cscript%3Ealert(1)%3C/script%3E',
      'service[]=1',
    ]) {
      const r = await olena.get(`/lviv/queue?${q}`);
      assert.ok(r.statusCode < 500, `${q}: ${r.statusCode}`);
      assert.doesNotMatch(r.body, /<script>alert/);
    }
    for (const code of ['abc', '%3Cscript%3E', 'ZZZZZZ', '0OOOOO']) assert.equal((await olena.get(`/lviv/queue/bookings/${code}`)).statusCode, 404);
    const bad = await olena.post('/lviv/queue/bookings', { service_id: '1; drop table queue_bookings', office_id: 'x', start: 'yesterday' });
    assert.equal(bad.statusCode, 400);
  });

  test('the demo is idempotent', async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from queue_windows`.execute(t.ctx.db)).rows[0]!.n);
    const before = await count();
    const { queueModule } = await import('../../../src/modules/queue/index.js');
    await queueModule.demo!(t.ctx);
    assert.equal(await count(), before);
  });
});
