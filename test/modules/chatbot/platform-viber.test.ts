/**
 * PLATFORM_VIBER_TOKEN: the platform's one bot in Viber, through the same code as the Telegram one
 * (service/platform.ts `platformTurn`): its webhook is set on the worker's tick and checked by Viber's
 * signed callback; opening the chat greets with the community picker; a person finds and picks their
 * community, the choice is remembered, the chat is then that community's dialogue on `viber-platform`;
 * «Змінити громаду» picks another; /stop and leaving the bot forget the chat.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { startFakeViber, viberConversationStarted, viberSubscribed, viberText, viberUnsubscribed, type FakeViber } from '../../helpers/fake-viber.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

const TOKEN = '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-platformviber';
const USER = 'pLaTfOrMvIbEr0000000A==';

interface Sent {
  text: string;
  sender: string;
  buttons: { text: string; body: string }[];
}

describe('chat-bot: the platform bot in Viber', () => {
  let t: TestApp;
  let vb: FakeViber;

  before(async () => {
    vb = await startFakeViber();
    vb.bots.set(TOKEN, 'Віче');
    t = await createTestApp();
    t.ctx.config.viberApiRoot = vb.url;
    t.ctx.config.platformBot = { telegramToken: null, viberToken: TOKEN };
    vb.poster = async (url, raw, headers) => {
      const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: raw });
      return { status: res.statusCode, body: res.body };
    };
  });
  after(async () => {
    t.ctx.config.platformBot = { telegramToken: null, viberToken: null };
    await t.close();
    await vb.close();
  });

  const deliver = async (event: Record<string, unknown>): Promise<Sent[]> => {
    const res = await vb.push(TOKEN, event);
    assert.equal(res.status, 200, res.body);
    const from = vb.calls.length;
    await runDueJobs(t.ctx);
    return vb.calls.slice(from).flatMap((c) => {
      if (c.method !== 'send_message' || c.payload.receiver !== USER) return [];
      const kb = c.payload.keyboard as { Buttons?: { Text: string; ActionBody: string }[] } | undefined;
      return [
        {
          text: String(c.payload.text),
          sender: String((c.payload.sender as { name: string }).name),
          buttons: (kb?.Buttons ?? []).map((b) => ({ text: b.Text, body: b.ActionBody })),
        },
      ];
    });
  };
  const press = (m: Sent | undefined, label: string | RegExp) => {
    const b = m?.buttons.find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
    assert.ok(b, `a button ${String(label)} in ${JSON.stringify(m?.buttons)}`);
    return viberText(USER, b.body);
  };
  const rows = async () => ({
    choice: await t.ctx.db
      .withTables<{ chatbot_platform_chats: { chat_id: string; channel: string; community_id: number } }>()
      .selectFrom('chatbot_platform_chats')
      .select(['channel', 'community_id'])
      .where('chat_id', '=', USER)
      .execute(),
    subscribers: await t.ctx.db
      .withTables<{ chatbot_subscribers: { chat_id: string; channel: string; community_id: number } }>()
      .selectFrom('chatbot_subscribers')
      .select(['channel', 'community_id'])
      .where('chat_id', '=', USER)
      .execute(),
  });
  const idOf = async (slug: string) => (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  test('the tick sets its webhook once (Viber’s check answered); a callback not signed with its token is refused', async () => {
    await runTicks(t.ctx);
    await runTicks(t.ctx);
    assert.equal(vb.callsOf('set_webhook').filter((c) => c.token === TOKEN).length, 1);
    const hook = vb.webhook(TOKEN);
    assert.ok(hook, 'Viber’s signed check got 200');
    assert.match(hook, /^http:\/\/viche\.test\/bots\/platform\/viber\/[A-Za-z0-9_-]{32}$/);
    const forged = await vb.push(TOKEN, viberText(USER, 'Львів'), 'a'.repeat(64));
    assert.equal(forged.status, 403);
    const wrongPath = await t.app.inject({
      method: 'POST',
      url: '/bots/platform/viber/not-the-secret',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(wrongPath.statusCode, 403);
  });

  test('opening the chat greets with the picker; pick by search, talk to the community, change it, /stop and leaving forget the chat', async () => {
    const opened = await vb.push(TOKEN, viberConversationStarted(USER));
    assert.equal(opened.status, 200);
    const welcome = JSON.parse(opened.body) as { text: string; sender: { name: string }; keyboard: { Buttons: { Text: string; ActionBody: string }[] } };
    assert.match(welcome.text, /Оберіть свою громаду/);
    assert.equal(welcome.sender.name, 'Віче');
    assert.ok(
      welcome.keyboard.Buttons.some((b) => /^btn:pc:\d+$/.test(b.ActionBody)),
      'communities to press',
    );
    assert.deepEqual(await rows(), { choice: [], subscribers: [] }, 'nothing stored before a choice');

    const [hello] = await deliver(viberSubscribed(USER));
    assert.match(hello!.text, /Оберіть свою громаду/);
    const [none] = await deliver(viberText(USER, 'Атлантида'));
    assert.match(none!.text, /Громади «Атлантида» не знайдено/);
    const [found] = await deliver(viberText(USER, 'прилуц'));
    assert.match(found!.text, /Знайдено 1 громаду/);
    const picked = await deliver(press(found, /Прилуцька/));
    assert.match(picked[0]!.text, /Вашу громаду обрано: Прилуцька/);
    assert.match(picked.at(-1)!.text, /Чат-бот: Прилуцька/);
    assert.ok(picked.every((m) => m.sender === 'Віче'));
    const pryluky = await idOf('pryluky');
    assert.deepEqual(await rows(), {
      choice: [{ channel: 'viber', community_id: pryluky }],
      subscribers: [{ channel: 'viber-platform', community_id: pryluky }],
    });

    const [root] = await deliver(viberText(USER, 'btn:ref'));
    assert.match(root!.text, /Довідник/);
    const [settings] = await deliver(viberText(USER, '/settings'));
    const [pickerAgain] = await deliver(press(settings, '🏘 Змінити громаду'));
    assert.match(pickerAgain!.text, /Оберіть свою громаду/);
    await deliver(press(pickerAgain, /Львівська/));
    const lviv = await idOf('lviv');
    assert.deepEqual(
      await rows(),
      { choice: [{ channel: 'viber', community_id: lviv }], subscribers: [{ channel: 'viber-platform', community_id: lviv }] },
      'one community per chat',
    );

    const [bye] = await deliver(viberText(USER, '/stop'));
    assert.match(bye!.text, /Ви відписалися/);
    assert.deepEqual(await rows(), { choice: [], subscribers: [] }, '/stop forgets the chat');

    await deliver(press(pickerAgain, /Львівська/));
    assert.equal((await rows()).subscribers.length, 1);
    const left = await vb.push(TOKEN, viberUnsubscribed(USER));
    assert.equal(left.status, 200);
    assert.deepEqual(await rows(), { choice: [], subscribers: [] }, 'leaving the bot in Viber forgets the chat at once');
  });
});
