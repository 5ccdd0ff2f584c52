/**
 * Broadcasts of the community's bot, against the local fake Telegram: the moderator writes one (photo,
 * link button, audience), previews and sends it; the workers deliver it to each recipient at most once,
 * also when one stops or dies mid-broadcast (50 000 recipients); a person who blocked the bot is
 * unsubscribed; the page shows delivered / failed / blocked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { connectFakeBot, startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import { deliverBroadcasts, startDueBroadcasts } from '../../../src/modules/chatbot/service/broadcasts.js';
import type { Pacer } from '../../../src/modules/chatbot/messengers/throttle.js';

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

describe('chat-bot: broadcasts', () => {
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

  const subscribe = async (chats: number[], topics: string[]) => {
    for (const chat of chats) {
      await sql`insert into chatbot_subscribers (community_id, channel, chat_id, topics) values (${lviv}, 'telegram', ${String(chat)}, ${topics})`.execute(
        t.ctx.db,
      );
    }
  };
  const sentTo = (from: number) =>
    tg.calls
      .slice(from)
      .filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && c.token === TOKEN && !tg.blocked.has(String(c.payload.chat_id)))
      .map((c) => ({ chat: String(c.payload.chat_id), ...c }));
  const clearSubscribers = () => sql`delete from chatbot_subscribers where community_id = ${lviv}`.execute(t.ctx.db);

  test('the moderator previews and sends a broadcast with a photo and a link button to a topic; a blocked chat is unsubscribed', async () => {
    await clearSubscribers();
    await subscribe([501, 502, 503], ['outages']);
    await subscribe([504], ['news']);
    tg.blocked.add('503');
    const page = await moderator.get('/lviv/manage/chatbot/broadcasts');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Відключення світла, води, газу/);

    const photo = { name: 'photo', filename: 'poster.jpg', type: 'image/jpeg', data: await phonePhoto({ width: 800, height: 600 }) };
    const fields = form({
      body: 'Завтра з 9:00 до 13:00 не буде води на вул. Зеленій.',
      button_label: 'Графік',
      button_url: 'https://example.org/water',
      audience: 'topic',
      topic: 'outages',
    });
    const bad = await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', { ...fields, body: 'x'.repeat(1100) }, [photo]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /З фото — не більше 1024 символів/);

    const preview = await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', { ...fields, action: 'preview' }, [photo]);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.match(preview.body, /Попередній перегляд/);
    assert.match(preview.body, /3 людини/);
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from chatbot_broadcasts`.execute(t.ctx.db)).rows[0]!.n), 0, 'a preview stores nothing');

    const from = tg.calls.length;
    const sent = await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', fields, [photo]);
    assert.equal(sent.statusCode, 303, sent.body);
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    const r = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT });
    assert.deepEqual({ sent: r.sent, blocked: r.blocked }, { sent: 2, blocked: 1 });
    const got = sentTo(from);
    assert.deepEqual(got.map((c) => c.chat).sort(), ['501', '502']);
    assert.ok(got.every((c) => c.method === 'sendPhoto'));
    assert.match(String(got[0]!.payload.photo), /^attach:\/\//, 'the first recipient gets the photo uploaded');
    assert.match(String(got[1]!.payload.photo), /^photo-\d+$/, 'the next ones get Telegram’s id of it');
    assert.match(String(got[0]!.payload.caption), /не буде води/);
    assert.match(String(got[0]!.payload.reply_markup), /https:\/\/example\.org\/water/);
    const left = await sql<{ chat_id: string }>`select chat_id from chatbot_subscribers where community_id = ${lviv} order by chat_id`.execute(t.ctx.db);
    assert.deepEqual(
      left.rows.map((x) => x.chat_id),
      ['501', '502', '504'],
      'the person who blocked the bot is unsubscribed',
    );

    const list = await moderator.get('/lviv/manage/chatbot/broadcasts');
    const row = /<tr id="broadcast-\d+">([^]*?)<\/tr>/.exec(list.body)?.[1] ?? '';
    assert.match(row, /надіслано/);
    assert.deepEqual(
      [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => m[1]),
      ['2', '0', '1', '0'],
      'delivered, failed, blocked, queued',
    );
    const audit = await t.ctx.db.selectFrom('audit_log').select(['after']).where('action', '=', 'chatbot.broadcast-created').execute();
    assert.equal(audit.length, 1);
    tg.blocked.clear();
  });

  test('a scheduled broadcast waits for its time (Kyiv) and can be cancelled before', async () => {
    await clearSubscribers();
    await subscribe([601], ['news']);
    const now = t.ctx.clock.now();
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const res = await postMultipart(
      t,
      moderator,
      '/lviv/manage/chatbot/broadcasts',
      form({ body: 'Нагадування про збори.', when: 'later', send_date: tomorrow, send_time: '10:00' }),
    );
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(await startDueBroadcasts(t.ctx, now), 0, 'not yet');
    const past = await postMultipart(
      t,
      moderator,
      '/lviv/manage/chatbot/broadcasts',
      form({ body: 'x', when: 'later', send_date: '2020-01-01', send_time: '10:00' }),
    );
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /Цей час уже минув/);
    const id = (await sql<{ id: number }>`select id from chatbot_broadcasts where state = 'scheduled' order by id desc limit 1`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal((await moderator.post(`/lviv/manage/chatbot/broadcasts/${id}/cancel`, {})).statusCode, 303);
    assert.equal((await moderator.post(`/lviv/manage/chatbot/broadcasts/${id}/cancel`, {})).statusCode, 409);
    t.clock.advance(3 * 86_400_000);
    assert.equal(await startDueBroadcasts(t.ctx, t.ctx.clock.now()), 0, 'a cancelled broadcast never starts');
  });

  test('/stop before a delivery: the row and its chat id go, the delivery is skipped and keeps no one', async () => {
    await clearSubscribers();
    await subscribe([701, 702], ['news']);
    await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', form({ body: 'Новина громади.' }));
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    await sql`delete from chatbot_subscribers where chat_id = '702'`.execute(t.ctx.db);
    const from = tg.calls.length;
    const r = await deliverBroadcasts(t.ctx, { pacer: NO_WAIT });
    assert.deepEqual({ sent: r.sent, skipped: r.skipped }, { sent: 1, skipped: 1 });
    assert.deepEqual(
      sentTo(from).map((c) => c.chat),
      ['701'],
    );
    const rows = await sql<{ subscriber_id: number | null; state: string }>`
      select subscriber_id, state from chatbot_deliveries where broadcast_id = (select max(id) from chatbot_broadcasts) order by id`.execute(t.ctx.db);
    assert.deepEqual(
      rows.rows.map((x) => x.state),
      ['sent', 'skipped'],
    );
    assert.equal(rows.rows[1]!.subscriber_id, null);
  });
});
