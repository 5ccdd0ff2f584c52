/**
 * TELEGRAM_POLLING=1: a community bot fetches its updates with getUpdates (after deleting its webhook,
 * which Telegram requires) on the worker's tick, and the same job answers them as a webhook's; a
 * confirmed update is not fetched again. Against the local fake Bot API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp } from '../../helpers/test-app.js';
import { buttonUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

const TOKEN = '7000000031:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDpoll-demo';
const CHAT = 515151;

describe('chat-bot: Telegram long polling', () => {
  let t: TestApp;
  let tg: FakeTelegram;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'pryluky_poll_bot');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  const sentSince = (from: number) => tg.calls.slice(from).filter((c) => c.method === 'sendMessage');

  test('without TELEGRAM_POLLING nothing is fetched', async () => {
    const m = await signedInAs(t, demo.moderator('pryluky'));
    // Connected the usual way first: the webhook is set.
    assert.equal((await m.post('/pryluky/manage/chatbot/settings', { enabled: 'on', telegram_token: TOKEN })).statusCode, 303);
    assert.ok(tg.webhook(TOKEN));
    tg.queueUpdate(TOKEN, textUpdate(CHAT, '/start'));
    await runTicks(t.ctx);
    assert.equal(tg.callsOf('getUpdates').length, 0);
  });

  test('with it, the webhook is deleted, the updates fetched and answered by the same job, each once', async () => {
    t.ctx.config.telegramPolling = true;
    await runTicks(t.ctx);
    assert.equal(tg.webhook(TOKEN), null, 'deleteWebhook first (getUpdates is refused while a webhook is set)');
    const polls = tg.callsOf('getUpdates');
    assert.ok(polls.length >= 1);
    assert.equal(polls.at(-1)!.payload.timeout, 0, 'a tick never hangs on one bot');
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    const sent = sentSince(from);
    assert.equal(sent.length, 2, 'the welcome and the menu');
    assert.equal(String(sent[0]!.payload.chat_id), String(CHAT));
    assert.match(String(sent[0]!.payload.text), /Ви підписалися/);

    const pressed = buttonUpdate(CHAT, 'ref');
    tg.queueUpdate(TOKEN, pressed);
    await runTicks(t.ctx);
    const from2 = tg.calls.length;
    await runDueJobs(t.ctx);
    const [root] = sentSince(from2);
    assert.match(String(root!.payload.text), /Довідник/);
    assert.equal(tg.callsOf('answerCallbackQuery').length, 1);

    // The next poll confirms what was fetched: nothing is answered twice.
    await runTicks(t.ctx);
    const from3 = tg.calls.length;
    assert.equal(await runDueJobs(t.ctx), 0);
    assert.equal(sentSince(from3).length, 0);
    assert.equal(tg.callsOf('getUpdates').at(-1)!.payload.offset, Number(pressed.update_id) + 1);
  });

  test('a token saved while polling sets no webhook (a local run has no public address)', async () => {
    const m = await signedInAs(t, demo.moderator('pryluky'));
    const other = '7000000032:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDpoll-two';
    tg.bots.set(other, 'pryluky_two_bot');
    const setBefore = tg.callsOf('setWebhook').length;
    assert.equal((await m.post('/pryluky/manage/chatbot/settings', { enabled: 'on', telegram_token: other })).statusCode, 303);
    assert.equal(tg.callsOf('setWebhook').length, setBefore);
    tg.queueUpdate(other, textUpdate(CHAT, '/menu'));
    await runTicks(t.ctx);
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from).at(-1)?.token, other);
  });
});
