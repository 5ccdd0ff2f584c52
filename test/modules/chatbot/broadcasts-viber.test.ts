/**
 * Broadcasts to Viber subscribers (the community's own Viber bot and the platform's), against the local
 * fake of Viber's REST API: a photo goes as a picture message Viber fetches from the platform, the link
 * button as an `open-url` keyboard button; Viber's answers become delivered / failed / blocked (status 6:
 * unsubscribed), a rate breach (status 12, HTTP 429) pauses the bot and the message goes again later; a
 * worker stopped mid-broadcast and another resuming send each message once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { startFakeViber, type FakeViber, type ViberCall } from '../../helpers/fake-viber.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import { deliverBroadcasts, startDueBroadcasts } from '../../../src/modules/chatbot/service/broadcasts.js';
import type { Pacer } from '../../../src/modules/chatbot/messengers/throttle.js';

const TOKEN = '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-broadcasts01';
const PLATFORM = '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-platform0001';

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

/** Sends at once, and records what the worker was told to pause. */
function recordingPacer() {
  const pauses: { bot: string; seconds: number }[] = [];
  const pacer: Pacer = { wait: async () => undefined, pause: (bot, seconds) => void pauses.push({ bot, seconds }) };
  return { pacer, pauses };
}

describe('chat-bot: broadcasts in Viber', () => {
  let t: TestApp;
  let vb: FakeViber;
  let moderator: TestBrowser;
  let lviv: number;

  before(async () => {
    vb = await startFakeViber();
    vb.bots.set(TOKEN, 'Львів Віче');
    vb.bots.set(PLATFORM, 'Віче');
    t = await createTestApp();
    t.ctx.config.viberApiRoot = vb.url;
    t.ctx.config.platformBot.viberToken = PLATFORM;
    vb.poster = async (url, raw, headers) => {
      const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: raw });
      return { status: res.statusCode, body: res.body };
    };
    vb.mediaFetcher = async (url) => {
      const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
      return { status: res.statusCode, type: String(res.headers['content-type'] ?? '') };
    };
    lviv = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const res = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', viber_token: TOKEN });
    assert.equal(res.statusCode, 303, res.body);
  });
  after(async () => {
    t.ctx.config.platformBot.viberToken = null;
    await t.close();
    await vb.close();
  });

  const subscribe = async (chats: string[], topics: string[], channel = 'viber') => {
    for (const chat of chats) {
      await sql`insert into chatbot_subscribers (community_id, channel, chat_id, topics) values (${lviv}, ${channel}, ${chat}, ${topics})`.execute(t.ctx.db);
    }
  };
  const clearSubscribers = () => sql`delete from chatbot_subscribers where community_id = ${lviv}`.execute(t.ctx.db);
  /** The messages Viber took (a call to someone who left is refused, so it is not counted). */
  const sentSince = (from: number): ViberCall[] =>
    vb.calls.slice(from).filter((c) => c.method === 'send_message' && !vb.unsubscribed.has(String(c.payload.receiver)));
  const states = async () =>
    (
      await sql<{ state: string; n: string }>`
        select state, count(*) as n from chatbot_deliveries where broadcast_id = (select max(id) from chatbot_broadcasts) group by 1 order by 1`.execute(
        t.ctx.db,
      )
    ).rows.map((x) => [x.state, Number(x.n)]);

  test('a photo and a link button to a topic: a picture message Viber fetches, an open-url button; who left is unsubscribed', async () => {
    await clearSubscribers();
    await subscribe(['vb-user-1', 'vb-user-2', 'vb-gone'], ['outages']);
    await subscribe(['vb-news-only'], ['news']);
    await subscribe(['vb-platform-1'], ['outages'], 'viber-platform');
    vb.unsubscribed.add('vb-gone');
    const photo = { name: 'photo', filename: 'poster.jpg', type: 'image/jpeg', data: await phonePhoto({ width: 800, height: 600 }) };
    const sent = await postMultipart(
      t,
      moderator,
      '/lviv/manage/chatbot/broadcasts',
      form({
        body: 'Завтра з 9:00 до 13:00 не буде води на вул. Зеленій.',
        button_label: 'Графік',
        button_url: 'https://example.org/water',
        audience: 'topic',
        topic: 'outages',
      }),
      [photo],
    );
    assert.equal(sent.statusCode, 303, sent.body);
    const from = vb.calls.length;
    assert.equal(await startDueBroadcasts(t.ctx, t.ctx.clock.now()), 1);
    const { pacer } = recordingPacer();
    const r = await deliverBroadcasts(t.ctx, { pacer });
    assert.deepEqual({ sent: r.sent, blocked: r.blocked, failed: r.failed }, { sent: 3, blocked: 1, failed: 0 });

    const got = sentSince(from);
    assert.deepEqual(got.map((c) => String(c.payload.receiver)).sort(), ['vb-platform-1', 'vb-user-1', 'vb-user-2']);
    assert.equal(got.find((c) => c.payload.receiver === 'vb-platform-1')?.token, PLATFORM, 'the platform’s chat gets it from the platform bot');
    assert.equal(got.find((c) => c.payload.receiver === 'vb-user-1')?.token, TOKEN);
    for (const c of got) {
      assert.equal(c.payload.type, 'picture');
      assert.match(String(c.payload.text), /не буде води/);
      assert.match(String(c.payload.media), /^http:\/\/viche\.test\/bots\/broadcasts\/\d+\/[A-Za-z0-9_-]{22}\.jpg$/);
      const buttons = (c.payload.keyboard as { Buttons: { ActionType: string; ActionBody: string; Text: string }[] }).Buttons;
      assert.deepEqual(buttons[0], { Columns: 6, Rows: 1, ActionType: 'open-url', ActionBody: 'https://example.org/water', Text: '🔗 Графік', Silent: true });
      assert.equal(buttons[1]?.ActionBody, 'btn:menu', 'and the way back to the menu');
    }
    assert.ok(vb.media.length >= 3 && vb.media.every((m) => m.status === 200 && m.type === 'image/jpeg'), 'Viber could fetch the photo');
    const media = new URL(String(got[0]!.payload.media)).pathname;
    const wrong = await t.app.inject({ method: 'GET', url: media.replace(/\/[^/]+\.jpg$/, '/AAAAAAAAAAAAAAAAAAAAAA.jpg') });
    assert.equal(wrong.statusCode, 404, 'a guessed key shows nothing');

    const left = await sql<{ chat_id: string }>`select chat_id from chatbot_subscribers where community_id = ${lviv} order by chat_id`.execute(t.ctx.db);
    assert.deepEqual(
      left.rows.map((x) => x.chat_id),
      ['vb-news-only', 'vb-platform-1', 'vb-user-1', 'vb-user-2'],
      'the person who left the bot in Viber is unsubscribed',
    );
    const list = await moderator.get('/lviv/manage/chatbot/broadcasts');
    const row = /<tr id="broadcast-\d+">([^]*?)<\/tr>/.exec(list.body)?.[1] ?? '';
    assert.deepEqual(
      [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => m[1]),
      ['3', '0', '1', '0'],
      'delivered, failed, blocked, queued',
    );
    vb.unsubscribed.clear();
  });

  test('a rate breach pauses the bot and the message goes once, later; an error of Viber’s is «failed»', async () => {
    await clearSubscribers();
    await subscribe(['vb-a', 'vb-b', 'vb-c'], ['news']);
    await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', form({ body: 'Збори мешканців о 18:00.' }));
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    const from = vb.calls.length;
    vb.failNext.push('rate-breach', 'http-500');
    const { pacer, pauses } = recordingPacer();
    // The refused message goes back to the queue, behind the pause, and the same worker sends it next round.
    const first = await deliverBroadcasts(t.ctx, { pacer, concurrency: 1 });
    assert.deepEqual({ sent: first.sent, failed: first.failed, released: first.released }, { sent: 2, failed: 1, released: 1 });
    assert.equal(pauses.length, 1, 'the bot was paused');
    assert.match(pauses[0]!.bot, /^viber:/);
    assert.doesNotMatch(pauses[0]!.bot, /broadcasts01/, 'the pacer’s key never carries the token');
    assert.deepEqual(await states(), [
      ['failed', 1],
      ['sent', 2],
    ]);
    const perChat = new Map<string, number>();
    for (const c of sentSince(from)) perChat.set(String(c.payload.receiver), (perChat.get(String(c.payload.receiver)) ?? 0) + 1);
    assert.equal(perChat.size, 2);
    assert.ok(
      [...perChat.values()].every((n) => n === 1),
      'nobody twice',
    );

    vb.failNext.push('http-429');
    await subscribe(['vb-d'], ['news']);
    await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', form({ body: 'Ще одне оголошення.', audience: 'all' }));
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    const third = await deliverBroadcasts(t.ctx, { pacer, concurrency: 1 });
    assert.equal(third.released, 1, 'HTTP 429 too: back to the queue');
    assert.equal(pauses.at(-1)?.seconds, 1, 'for what Retry-After said');
    assert.deepEqual(await states(), [['sent', 4]]);
  });

  test('a long text with a photo: the picture, then the text with the button; stopped mid-broadcast and resumed, each gets it once', async () => {
    await clearSubscribers();
    const chats = Array.from({ length: 120 }, (_, i) => `vb-many-${i}`);
    await subscribe(chats, ['news']);
    const photo = { name: 'photo', filename: 'poster.jpg', type: 'image/jpeg', data: await phonePhoto({ width: 640, height: 480 }) };
    const body = `Зміни в русі транспорту. ${'Маршрут 3 їде через вул. Городоцьку. '.repeat(24)}`.slice(0, 1000).trim();
    const res = await postMultipart(
      t,
      moderator,
      '/lviv/manage/chatbot/broadcasts',
      form({ body, button_label: 'Схема', button_url: 'https://example.org/map' }),
      [photo],
    );
    assert.equal(res.statusCode, 303, res.body);
    await startDueBroadcasts(t.ctx, t.ctx.clock.now());
    const from = vb.calls.length;
    const { pacer } = recordingPacer();
    const first = await deliverBroadcasts(t.ctx, { pacer, batchSize: 20, concurrency: 5, shouldStop: () => vb.calls.length - from >= 80 });
    assert.ok(first.sent > 0 && first.sent < chats.length, `stopped part-way (${first.sent})`);
    const second = await deliverBroadcasts(t.ctx, { pacer, batchSize: 20, concurrency: 5 });
    assert.equal(first.sent + second.sent, chats.length);
    const perChat = new Map<string, ViberCall[]>();
    for (const c of sentSince(from)) perChat.set(String(c.payload.receiver), [...(perChat.get(String(c.payload.receiver)) ?? []), c]);
    assert.equal(perChat.size, chats.length, 'everyone got it');
    for (const [chat, calls] of perChat) {
      assert.deepEqual(
        calls.map((c) => c.payload.type),
        ['picture', 'text'],
        `${chat}: the picture and the text, once`,
      );
      assert.equal(calls[0]!.payload.text, '');
      assert.equal(calls[1]!.payload.text, body);
      assert.ok(calls[1]!.payload.keyboard, 'the button under the text');
    }
    assert.deepEqual(await states(), [['sent', chats.length]]);
  });
});
