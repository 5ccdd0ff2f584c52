/**
 * A broadcast to 50 000 subscribers of one community, against the local fake Telegram (which records
 * every call): workers stopped or dead mid-broadcast never make anyone get it twice. Pacing is replaced
 * by one that never waits (it is tested on its own), so the test measures what is sent, not time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { connectFakeBot, startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { postMultipart } from '../../helpers/uploads.js';
import { deliverBroadcasts, startDueBroadcasts } from '../../../src/modules/chatbot/service/broadcasts.js';
import type { Pacer } from '../../../src/modules/chatbot/messengers/throttle.js';

/**
 * 50 000 on the first pass; CI's second pass (PostgreSQL, FUZZ_SCALE=0.25) sends a quarter of them, as it
 * does with the fuzz cases, to keep CI short: the claims and leases are the same at any size.
 */
const AUDIENCE = Math.round(50_000 * Math.min(1, Number(process.env.FUZZ_SCALE ?? '1')));
const STOP_AFTER = Math.round(AUDIENCE * 0.4);

const TOKEN = '7000000003:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-push';
/** Sends at once: the pacing itself is tested on its own (throttle.test.ts), here only what is sent counts. */
const NO_WAIT: Pacer = { wait: async () => undefined, pause: () => undefined };

const form = (o: Record<string, string>) => ({
  body: '',
  button_label: '',
  button_url: '',
  audience: 'all',
  settlement: '',
  topic: '',
  when: 'now',
  send_date: '',
  send_time: '',
  action: 'send',
  ...o,
});

describe('chat-bot: broadcasts at scale', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let moderator: TestBrowser;
  let lviv: number;

  before(async () => {
    tg = await startFakeTelegram();
    t = await createTestApp();
    lviv = await connectFakeBot(t, tg, 'lviv', TOKEN, 'lviv_push_bot');
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  const sentTo = (from: number) =>
    tg.calls
      .slice(from)
      .filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && c.token === TOKEN && !tg.blocked.has(String(c.payload.chat_id)))
      .map((c) => ({ chat: String(c.payload.chat_id), ...c }));
  const clearSubscribers = () => sql`delete from chatbot_subscribers where community_id = ${lviv}`.execute(t.ctx.db);

  test(`${AUDIENCE} recipients: a worker stopped mid-broadcast and a second one resuming deliver each message exactly once`, async () => {
    await clearSubscribers();
    await sql`insert into chatbot_subscribers (community_id, channel, chat_id, topics)
      select ${lviv}, 'telegram', (1000000 + g)::text, '{news}' from generate_series(1, ${AUDIENCE}) g`.execute(t.ctx.db);
    await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', form({ body: 'Повітряна тривога скасована.' }));
    const from = tg.calls.length;
    assert.equal(await startDueBroadcasts(t.ctx, t.ctx.clock.now()), 1);
    const first = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT, batchSize: 500, concurrency: 50, shouldStop: () => tg.calls.length - from >= STOP_AFTER });
    assert.ok(first.sent >= STOP_AFTER && first.sent < AUDIENCE, `the first worker stopped part-way (${first.sent})`);
    assert.ok(first.released > 0, 'its unsent rows went back to the queue');
    const second = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT, batchSize: 500, concurrency: 50 });
    assert.equal(first.sent + second.sent, AUDIENCE, JSON.stringify({ first, second }));
    const perChat = new Map<string, number>();
    for (const c of sentTo(from)) perChat.set(c.chat, (perChat.get(c.chat) ?? 0) + 1);
    assert.equal(perChat.size, AUDIENCE, 'everyone got it');
    assert.ok(
      [...perChat.values()].every((n) => n === 1),
      'nobody twice',
    );
    const states = await sql<{ state: string; n: string }>`
      select d.state, count(*) as n from chatbot_deliveries d where d.broadcast_id = (select max(id) from chatbot_broadcasts) group by 1`.execute(t.ctx.db);
    assert.deepEqual(
      states.rows.map((x) => [x.state, Number(x.n)]),
      [['sent', AUDIENCE]],
    );
    const b = await sql<{ state: string; recipients: number }>`select state, recipients from chatbot_broadcasts order by id desc limit 1`.execute(t.ctx.db);
    assert.deepEqual(b.rows[0], { state: 'done', recipients: AUDIENCE });
  });

  test('a worker that dies mid-batch: what it held is never sent again (failed), the rest is delivered once', async () => {
    await clearSubscribers();
    await sql`insert into chatbot_subscribers (community_id, channel, chat_id, topics)
      select ${lviv}, 'telegram', (2000000 + g)::text, '{news}' from generate_series(1, 3000) g`.execute(t.ctx.db);
    await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', form({ body: 'Графік вивозу сміття змінено.' }));
    const from = tg.calls.length;
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    let waits = 0;
    const dying: Pacer = {
      wait: async () => {
        if (++waits > 1234) throw new Error('the instance died');
      },
      pause: () => undefined,
    };
    await assert.rejects(deliverBroadcasts(t.ctx, { pacer: dying, batchSize: 100, concurrency: 10 }), /the instance died/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Within the lease nobody touches the dead worker's rows; after it, they are failed, never resent.
    const early = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT, batchSize: 100, maxMessages: 0 });
    assert.equal(early.sent, 0);
    t.clock.advance(10 * 60_000);
    const resumed = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT, batchSize: 100 });
    const perChat = new Map<string, number>();
    for (const c of sentTo(from)) perChat.set(c.chat, (perChat.get(c.chat) ?? 0) + 1);
    assert.ok(
      [...perChat.values()].every((n) => n === 1),
      'nobody twice',
    );
    const states = new Map(
      (
        await sql<{ state: string; n: string }>`
          select state, count(*) as n from chatbot_deliveries where broadcast_id = (select max(id) from chatbot_broadcasts) group by 1`.execute(t.ctx.db)
      ).rows.map((x) => [x.state, Number(x.n)]),
    );
    assert.equal(states.get('queued') ?? 0, 0);
    assert.equal(states.get('sending') ?? 0, 0);
    assert.ok(
      (states.get('failed') ?? 0) > 0 && (states.get('failed') ?? 0) <= 100,
      `at most the dead worker’s batch is failed: ${JSON.stringify([...states])}`,
    );
    assert.equal((states.get('sent') ?? 0) + (states.get('failed') ?? 0), 3000);
    assert.ok(resumed.sent > 0);
    // Every row marked sent was received exactly once; the failed ones at most once.
    assert.ok(perChat.size >= (states.get('sent') ?? 0));
  });
});
