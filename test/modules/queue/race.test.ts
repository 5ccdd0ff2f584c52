/**
 * No slot is booked twice: 200 different people post the last free time of a day at once; exactly one
 * gets it, everyone else is told it is taken, and the table holds one live booking at that time. Run on
 * PGlite and (with DATABASE_URL) on PostgreSQL, where the requests really run in parallel.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { browserForNewPerson, createTestApp, type TestApp, type TestBrowser } from '../../helpers/test-app.js';

const MONDAY_10 = new Date('2026-12-07T08:00:00Z');
const TUESDAY = '2026-12-08';
const PEOPLE = 200;

let t: TestApp;
before(async () => {
  t = await createTestApp();
  t.clock.set(MONDAY_10);
});
after(() => t.close());

test(`${PEOPLE} people at once on the last free slot: exactly one booking`, async () => {
  const lviv = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  const id = async (table: string, code: string) =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lviv} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;
  const service = await id('cnap_services', 'birth-registration');
  const office = await id('cnap_offices', 'vynnyky');
  const people: TestBrowser[] = [];
  const userIds: number[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const p = await browserForNewPerson(t, { lastName: `Черга${i}`, firstName: 'Тест', territorialCode: 'UA46060250020081921' });
    people.push(p.browser);
    userIds.push(p.userId);
  }
  const url = `/lviv/queue?service=${service}&office=${office}&day=${TUESDAY}`;
  const starts = [...(await people[0]!.get(url)).body.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(starts.length > 3, `slots: ${starts.length}`);
  // Every window that serves the service online is booked at every time but the last one.
  const windows = (
    await sql<{ id: number }>`select w.id from queue_windows w join queue_window_services s on s.window_id = w.id
      where w.office_id = ${office} and s.service_id = ${service} and w.online and w.active`.execute(t.ctx.db)
  ).rows.map((r) => r.id);
  assert.equal(windows.length, 1, 'Vynnyky has one window taking online bookings');
  const visit = (await sql<{ m: number }>`select visit_minutes as m from queue_services where service_id = ${service}`.execute(t.ctx.db)).rows[0]!.m;
  let n = 0;
  for (const w of windows)
    for (const s of starts.slice(0, -1)) {
      const start = new Date(s);
      await sql`insert into queue_bookings (community_id, code, office_id, window_id, service_id, user_id, person_key, starts_at, ends_at, created_at)
        values (${lviv}, ${`R${String(n).padStart(5, '0')}`}, ${office}, ${w}, ${service}, ${userIds[0]!}, ${`race:${n}`}, ${start}, ${new Date(start.getTime() + visit * 60_000)}, now())`.execute(
        t.ctx.db,
      );
      n++;
    }
  const last = starts.at(-1)!;
  assert.deepEqual(
    [...(await people[0]!.get(url)).body.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1]!),
    [last],
  );
  // Tokens first, so that the posts themselves start together.
  const tokens = await Promise.all(people.map((b) => b.csrfToken()));
  const results = await Promise.all(
    people.map((b, i) => b.post('/lviv/queue/bookings', { _csrf: tokens[i]!, service_id: String(service), office_id: String(office), start: last })),
  );
  const statuses = results.map((r) => r.statusCode);
  assert.equal(statuses.filter((s) => s === 303).length, windows.length, `statuses: ${[...new Set(statuses)].join(', ')}`);
  assert.equal(statuses.filter((s) => s === 409).length, PEOPLE - windows.length);
  const rows = await sql<{
    n: string;
  }>`select count(*) as n from queue_bookings where office_id = ${office} and starts_at = ${new Date(last)} and status = 'booked'`.execute(t.ctx.db);
  assert.equal(Number(rows.rows[0]!.n), windows.length);
  assert.match(results.find((r) => r.statusCode === 409)!.body, /Цей час уже зайняли/);
});
