/**
 * The ЦНАП site links to the e-queue (issue #23, point 5): a service that can be booked online has a
 * «Записатися на прийом онлайн» link to its booking page, an office with such a service links to the
 * e-queue, and a service that cannot be booked says to come in person; taking a service out of the
 * e-queue takes the link away.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signedInAs, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const BOOK = /Записатися на прийом онлайн/;
const IN_PERSON = /Онлайн-запису сюди немає/;

test('service and office pages of the ЦНАП link to booking exactly when it can be booked online', async () => {
  const lviv = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  const idOf = async (table: 'cnap_services' | 'cnap_offices', code: string) =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lviv} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;
  const idCard = await idOf('cnap_services', 'id-card');
  const centre = await idOf('cnap_offices', 'centre');
  const notBookable = (
    await sql<{ id: number }>`select id from cnap_services s where community_id = ${lviv} and not archived
      and not exists (select 1 from queue_services q where q.service_id = s.id) order by id limit 1`.execute(t.ctx.db)
  ).rows[0]!.id;
  const anon = t.browser();

  const service = (await anon.get(`/lviv/cnap/services/${idCard}`)).body;
  assert.match(service, BOOK);
  assert.ok(service.includes(`href="/lviv/queue?service=${idCard}"`), 'the link opens the booking of this service');
  assert.doesNotMatch(service, IN_PERSON);
  const office = (await anon.get(`/lviv/cnap/offices/${centre}`)).body;
  assert.match(office, BOOK);
  assert.ok(office.includes('href="/lviv/queue"'));
  const other = (await anon.get(`/lviv/cnap/services/${notBookable}`)).body;
  assert.match(other, IN_PERSON);
  assert.doesNotMatch(other, BOOK);
  // The booking page the link opens offers this service's offices.
  assert.equal((await anon.get(`/lviv/queue?service=${idCard}`)).statusCode, 200);

  // The centre takes the service out of the e-queue: its page says to come in person.
  const admin = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'));
  assert.equal((await admin.post(`/lviv/manage/queue/services/${idCard}`, { visit_minutes: '20' })).statusCode, 303);
  const after = (await anon.get(`/lviv/cnap/services/${idCard}`)).body;
  assert.match(after, IN_PERSON);
  assert.doesNotMatch(after, BOOK);
});
