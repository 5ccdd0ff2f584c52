/**
 * PLATFORM_TELEGRAM_TOKEN: one bot for the whole platform. Its webhook is set on the worker's tick; a
 * person first finds and picks their community, the choice is remembered per chat, the chat is then that
 * community's dialogue, «Змінити громаду» picks another, and /stop forgets the chat. Community bots keep
 * working beside it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { buttonUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { runTicks } from '../../../src/core/jobs/worker.js';
import { telegramChat, type ChatMessage } from '../../helpers/linked-chat.js';

const TOKEN = '7000000077:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDplatform';
const CHAT = 616161;

type Sent = ChatMessage;

describe('chat-bot: the platform bot', () => {
  let t: TestApp;
  let tg: FakeTelegram;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'viche_platform_bot');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
    t.ctx.config.platformBot = { telegramToken: TOKEN, viberToken: null };
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  // Every chat's messages: the platform bot answers each chat that writes to it.
  const { deliver } = telegramChat(
    () => t,
    () => tg,
    TOKEN,
    null,
  );
  const button = (m: Sent | undefined, label: string | RegExp) => {
    const b = m?.buttons.find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
    assert.ok(b, `a button ${String(label)} in ${JSON.stringify(m?.buttons)}`);
    return b.data;
  };
  const rows = async () => ({
    choice: await t.ctx.db
      .withTables<{ chatbot_platform_chats: { chat_id: string; community_id: number } }>()
      .selectFrom('chatbot_platform_chats')
      .select('community_id')
      .where('chat_id', '=', String(CHAT))
      .execute(),
    subscribers: await t.ctx.db
      .withTables<{ chatbot_subscribers: { chat_id: string; channel: string; community_id: number } }>()
      .selectFrom('chatbot_subscribers')
      .select(['channel', 'community_id'])
      .where('chat_id', '=', String(CHAT))
      .execute(),
  });
  const idOf = async (slug: string) => (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  test('the tick sets its webhook once; a wrong secret is refused', async () => {
    await runTicks(t.ctx);
    await runTicks(t.ctx);
    assert.equal(tg.callsOf('setWebhook').filter((c) => c.token === TOKEN).length, 1);
    const hook = tg.webhook(TOKEN)!;
    assert.match(hook.url, /^http:\/\/viche\.test\/bots\/platform\/telegram\/[A-Za-z0-9_-]{32}$/);
    const bad = await t.app.inject({
      method: 'POST',
      url: new URL(hook.url).pathname,
      headers: { 'x-telegram-bot-api-secret-token': 'nope' },
      payload: textUpdate(CHAT, '/start'),
    });
    assert.equal(bad.statusCode, 403);
  });

  test('pick a community by searching, talk to its reference, change it in the settings, /stop forgets the chat', async () => {
    const [hello] = await deliver(textUpdate(CHAT, '/start'));
    assert.match(hello!.text, /Оберіть свою громаду/);
    assert.ok(hello!.buttons.length >= 2, 'a few communities to press');
    assert.deepEqual((await rows()).choice, [], 'nothing stored before a choice');

    const [none] = await deliver(textUpdate(CHAT, 'Атлантида'));
    assert.match(none!.text, /Громади «Атлантида» не знайдено/);
    const [found] = await deliver(textUpdate(CHAT, 'прилуц'));
    assert.match(found!.text, /Знайдено 1 громаду/);
    const picked = await deliver(buttonUpdate(CHAT, button(found, /Прилуцька/)));
    assert.match(picked[0]!.text, /Вашу громаду обрано: Прилуцька/);
    assert.match(picked.at(-1)!.text, /Чат-бот: Прилуцька/);
    const pryluky = await idOf('pryluky');
    assert.deepEqual(await rows(), { choice: [{ community_id: pryluky }], subscribers: [{ channel: 'telegram-platform', community_id: pryluky }] });

    // Remembered: free text is now a search of Pryluky's reference.
    const [root] = await deliver(buttonUpdate(CHAT, 'ref'));
    assert.match(root!.text, /Довідник/);
    const [settings] = await deliver(textUpdate(CHAT, '/settings'));
    const [pickerAgain] = await deliver(buttonUpdate(CHAT, button(settings, '🏘 Змінити громаду')));
    assert.match(pickerAgain!.text, /Оберіть свою громаду/);
    const [lvivFound] = await deliver(textUpdate(CHAT, '/community'));
    const lvivData = button(lvivFound, /Львівська/);
    await deliver(buttonUpdate(CHAT, lvivData));
    const lviv = await idOf('lviv');
    assert.deepEqual(
      await rows(),
      { choice: [{ community_id: lviv }], subscribers: [{ channel: 'telegram-platform', community_id: lviv }] },
      'one community per chat',
    );
    const [cnap] = await deliver(textUpdate(CHAT, 'водоканал'));
    assert.match(cnap!.text, /Знайдено 1 запис/);

    const [bye] = await deliver(textUpdate(CHAT, '/stop'));
    assert.match(bye!.text, /ідентифікатор чату видалено/);
    assert.deepEqual(await rows(), { choice: [], subscribers: [] });
  });
});
