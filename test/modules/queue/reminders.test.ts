/**
 * Reminders with the clock moved: nothing two days ahead; the day before, one letter (through a real SMTP
 * receiver) and one message in the chat the person linked to the bot; an hour before, one more of each;
 * ticking again sends nothing twice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

/** Monday 7 December 2026, 10:00 Kyiv (UTC+2). */
const MONDAY_10 = new Date('2026-12-07T08:00:00Z');
/** The visit: Wednesday 9 December, 10:00 Kyiv. */
const VISIT = '2026-12-09T08:00:00.000Z';

const received: { rcptTo: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData: (stream, session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ rcptTo: session.envelope.rcptTo.map((a) => a.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

/** The letter's plain-text part (base64 or quoted-printable, as the sender chose), decoded. */
function plainText(raw: string): string {
  const m = /Content-Type: text\/plain[^\r]*\r\nContent-Transfer-Encoding: (\S+)\r\n\r\n([\s\S]*?)\r\n--/i.exec(raw);
  assert.ok(m, 'the letter has a plain-text part');
  if (m[1]!.toLowerCase() === 'base64') return Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64').toString('utf8');
  return m[2]!.replace(/=\r\n/g, '');
}

let t: TestApp;
let olena: TestBrowser;
before(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ now: MONDAY_10, config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
  olena = await signedInAs(t, demo.olena);
});
after(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const tickAt = async (iso: string) => {
  t.clock.set(new Date(iso));
  await runTicks(t.ctx);
  await runDueJobs(t.ctx);
};

test('the day before and an hour before: one letter and one chat message each, never twice', async () => {
  const lviv = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  const id = async (table: string, code: string) =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lviv} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;
  const res = await olena.post('/lviv/queue/bookings', {
    service_id: String(await id('cnap_services', 'id-card')),
    office_id: String(await id('cnap_offices', 'centre')),
    start: VISIT,
  });
  assert.equal(res.statusCode, 303);
  const code = /bookings\/([A-Z0-9]{6})/.exec(String(res.headers.location))![1]!;
  const userId = (await sql<{ user_id: number }>`select user_id from queue_bookings where code = ${code}`.execute(t.ctx.db)).rows[0]!.user_id;
  await sql`update users set email = 'olena.queue@example.test', lang = 'uk' where id = ${userId}`.execute(t.ctx.db);
  await sql`insert into chatbot_subscribers (community_id, channel, chat_id, user_id, lang, linked_at)
    values (${lviv}, 'sim', 'sim-queue-reminders', ${userId}, 'uk', ${MONDAY_10})`.execute(t.ctx.db);
  const chat = async () =>
    (await sql<{ body: string }>`select body from chatbot_sim_log where chat_id = 'sim-queue-reminders' and from_bot order by id`.execute(t.ctx.db)).rows.map(
      (r) => r.body,
    );
  const letters = () => received.filter((m) => m.rcptTo.includes('olena.queue@example.test'));
  const settle = async (n: number) => {
    for (let i = 0; i < 50 && letters().length < n; i++) await new Promise((r) => setTimeout(r, 40));
  };

  await tickAt('2026-12-07T09:00:00Z');
  assert.equal(letters().length, 0);
  assert.deepEqual(await chat(), []);

  // Tuesday 11:00 Kyiv: 23 hours ahead.
  await tickAt('2026-12-08T09:00:00Z');
  await settle(1);
  assert.equal(letters().length, 1);
  const text = plainText(letters()[0]!.raw);
  assert.match(text, /Нагадуємо: завтра у вас запис до ЦНАП/);
  assert.ok(text.includes(`Код запису: ${code}.`));
  assert.match(text, /Коли: 09\.12\.2026, середа, 10:00–10:20/);
  const day = await chat();
  assert.equal(day.length, 1);
  assert.match(day[0]!, /завтра у вас запис до ЦНАП/);
  assert.match(day[0]!, /09\.12\.2026, середа, 10:00–10:20/);
  assert.ok(day[0]!.includes(`/lviv/queue/bookings/${code}`));
  await tickAt('2026-12-08T12:00:00Z');
  await tickAt('2026-12-09T06:30:00Z');
  assert.equal(letters().length, 1, 'the day-before reminder is sent once');
  assert.equal((await chat()).length, 1);

  // Wednesday 09:30 Kyiv: half an hour ahead.
  await tickAt('2026-12-09T07:30:00Z');
  await settle(2);
  assert.equal(letters().length, 2);
  assert.match(plainText(letters()[1]!.raw), /за годину у вас запис до ЦНАП/);
  const hour = await chat();
  assert.equal(hour.length, 2);
  assert.match(hour[1]!, /за годину у вас запис до ЦНАП/);
  await tickAt('2026-12-09T07:45:00Z');
  await tickAt('2026-12-09T08:30:00Z');
  assert.equal(letters().length, 2, 'the hour-before reminder is sent once');
  assert.equal((await chat()).length, 2);
});
