/**
 * The community's Viber bot end to end, against a local fake of Viber's REST API: the moderator connects
 * it with a token (tried, the webhook set and checked by Viber's signed `webhook` callback, the token
 * stored sealed), callbacks are checked by their signature and answered at once, the queued job answers
 * with Viber keyboards built from the dialogue's buttons, unsubscribing deletes the chat id, and Viber's
 * failures (429, rate breach, 500) are retried.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { startFakeViber, viberConversationStarted, viberSubscribed, viberText, viberUnsubscribed, type FakeViber } from '../../helpers/fake-viber.js';
import { runDueJobs } from '../../../src/core/jobs/worker.js';

const TOKEN = '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-7f8091a2b3c4d5e6';
const USER = 'd6vAUNu1x9ZsQ0uP/9QJvg==';

interface Sent {
  receiver: string;
  text: string;
  sender: string;
  buttons: { text: string; body: string }[];
}

describe('chat-bot: Viber', () => {
  let t: TestApp;
  let vb: FakeViber;
  let moderator: TestBrowser;
  let lvivId: number;

  before(async () => {
    vb = await startFakeViber();
    vb.bots.set(TOKEN, 'Львів Віче');
    t = await createTestApp();
    t.ctx.config.viberApiRoot = vb.url;
    vb.poster = async (url, raw, headers) => {
      const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: raw });
      return { status: res.statusCode, body: res.body };
    };
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(async () => {
    await t.close();
    await vb.close();
  });

  const sentSince = (from: number): Sent[] =>
    vb.calls.slice(from).flatMap((c) => {
      if (c.method !== 'send_message') return [];
      const kb = c.payload.keyboard as { Buttons?: { Text: string; ActionBody: string }[] } | undefined;
      return [
        {
          receiver: String(c.payload.receiver),
          text: String(c.payload.text),
          sender: String((c.payload.sender as { name: string }).name),
          buttons: (kb?.Buttons ?? []).map((b) => ({ text: b.Text, body: b.ActionBody })),
        },
      ];
    });

  /** Viber posts a callback; the job queue then answers it. Returns what the bot sent. */
  const deliver = async (event: Record<string, unknown>): Promise<Sent[]> => {
    const res = await vb.push(TOKEN, event);
    assert.equal(res.status, 200, res.body);
    const from = vb.calls.length;
    await runDueJobs(t.ctx);
    return sentSince(from);
  };

  const press = (msg: Sent | undefined, label: string) => {
    const b = msg?.buttons.find((x) => x.text === label);
    assert.ok(b, `a button «${label}» in ${JSON.stringify(msg?.buttons)}`);
    return viberText(USER, b.body);
  };

  const subscriberRows = () =>
    t.ctx.db
      .withTables<{ chatbot_subscribers: { chat_id: string; channel: string; community_id: number } }>()
      .selectFrom('chatbot_subscribers')
      .select(['chat_id', 'channel'])
      .where('community_id', '=', lvivId)
      .where('chat_id', '=', USER)
      .execute();

  const jobCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('the moderator connects the Viber bot: the token is tried, the webhook set and checked, the token stored sealed', async () => {
    const wrong = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', viber_token: '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-000000000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Viber не прийняв цей токен/);
    assert.doesNotMatch(wrong.body, /4b1f3e2d5c6a7b8c/, 'a refused token is not echoed');

    const res = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', viber_token: TOKEN });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(vb.callsOf('get_account_info').at(-1)?.token, TOKEN);
    const hook = vb.webhook(TOKEN);
    assert.ok(hook, 'the webhook is set (Viber’s check got 200)');
    assert.match(hook, /^http:\/\/viche\.test\/bots\/viber\/lviv\/[A-Za-z0-9_-]{32}$/);
    const types = vb.callsOf('set_webhook').at(-1)?.payload.event_types;
    assert.deepEqual(types, ['subscribed', 'unsubscribed', 'conversation_started']);

    const row = await t.ctx.db
      .withTables<{ chatbot_settings: { community_id: number; viber_token_sealed: string | null } }>()
      .selectFrom('chatbot_settings')
      .select('viber_token_sealed')
      .where('community_id', '=', lvivId)
      .executeTakeFirstOrThrow();
    assert.ok(row.viber_token_sealed && !row.viber_token_sealed.includes('4b1f3e2d'), 'stored sealed');
    const page = await moderator.get('/lviv/manage/chatbot');
    assert.match(page.body, /Viber: токен збережено/);
    assert.ok(!page.body.includes('4b1f3e2d'));
  });

  test('opening the chat is greeted in the webhook’s answer, with «Підписатися» and the menu; nothing is stored', async () => {
    const res = await vb.push(TOKEN, viberConversationStarted(USER));
    assert.equal(res.status, 200);
    const welcome = JSON.parse(res.body) as {
      type: string;
      text: string;
      sender: { name: string };
      keyboard: { Buttons: { Text: string; ActionBody: string }[] };
    };
    assert.equal(welcome.type, 'text');
    assert.match(welcome.text, /Чат-бот: Львівська/);
    assert.deepEqual(
      welcome.keyboard.Buttons.map((b) => [b.Text, b.ActionBody]),
      [
        ['Підписатися', 'btn:start'],
        ['Довідник', 'btn:ref'],
        ['Я+Влада', 'btn:edem'],
        ['Звернутися до влади', 'btn:appeal'],
        ['Пошук', 'btn:search'],
        ['Налаштування', 'btn:settings'],
      ],
    );
    assert.deepEqual(await subscriberRows(), []);
  });

  test('a conversation: subscribe, the reference by keyboard buttons, search, settings', async () => {
    const hello = await deliver(viberSubscribed(USER));
    assert.equal(hello.length, 2);
    assert.ok(hello.every((m) => m.receiver === USER && m.sender.startsWith('Львівська')));
    assert.match(hello[0]!.text, /Ви підписалися/);
    assert.deepEqual(
      hello[1]!.buttons.map((b) => b.text),
      ['Довідник', 'Я+Влада', 'Звернутися до влади', 'Пошук', 'Налаштування'],
    );
    assert.deepEqual(
      (await subscriberRows()).map((r) => r.channel),
      ['viber'],
    );

    const [root] = await deliver(press(hello[1], 'Довідник'));
    assert.match(root!.text, /Довідник/);
    const [section] = await deliver(press(root, 'ЦНАП'));
    assert.match(section!.text, /Центр надання адміністративних послуг/);
    const [entry] = await deliver(press(section, 'Головний офіс ЦНАП'));
    assert.match(entry!.text, /☎ \+380 00 123 45 01/);
    assert.ok(entry!.buttons.some((b) => b.text === '← Назад'));

    const [found] = await deliver(viberText(USER, 'водоканал'));
    assert.match(found!.text, /Знайдено 1 запис/);

    // The menu's label typed (or sent by an old keyboard) works as its button.
    const [settings] = await deliver(viberText(USER, 'Налаштування'));
    assert.match(settings!.text, /Теми розсилок/);
    const [english] = await deliver(press(settings, 'English'));
    assert.match(english!.text, /Language: English/);
  });

  test('a callback with a wrong signature or path is refused and queues nothing', async () => {
    const before = await jobCount();
    const bad = await vb.push(TOKEN, viberText(USER, 'ЦНАП'), 'ab'.repeat(32));
    assert.equal(bad.status, 403);
    const none = await t.app.inject({
      method: 'POST',
      url: new URL(vb.webhook(TOKEN)!).pathname,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(viberText(USER, 'ЦНАП')),
    });
    assert.equal(none.statusCode, 403);
    // Signed right, but the body changed on the way: the signature no longer fits.
    const event = viberText(USER, 'ЦНАП');
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', TOKEN).update(JSON.stringify(event)).digest('hex');
    const tampered = await t.app.inject({
      method: 'POST',
      url: new URL(vb.webhook(TOKEN)!).pathname,
      headers: { 'content-type': 'application/json', 'x-viber-content-signature': signature },
      payload: JSON.stringify({ ...event, sender: { id: 'someone-else' } }),
    });
    assert.equal(tampered.statusCode, 403);
    const wrongPath = await t.app.inject({
      method: 'POST',
      url: new URL(vb.webhook(TOKEN)!).pathname.replace(/[^/]+$/, 'A'.repeat(32)),
      headers: { 'content-type': 'application/json', 'x-viber-content-signature': signature },
      payload: JSON.stringify(event),
    });
    assert.equal(wrongPath.statusCode, 403);
    const unsubscribe = await vb.push(TOKEN, viberUnsubscribed(USER), '00'.repeat(32));
    assert.equal(unsubscribe.status, 403);
    assert.equal(await jobCount(), before);
    assert.equal((await subscriberRows()).length, 1, 'a forged «unsubscribed» deletes nothing');
  });

  test('Viber’s failures are retried: 429 and a rate breach waited out, a 500 by the job queue', async () => {
    vb.failNext.push('http-429', 'rate-breach');
    const [menu] = await deliver(viberText(USER, '/menu'));
    assert.match(menu!.text, /Choose a section/);

    vb.failNext.push('http-500');
    const from = vb.calls.length;
    const res = await vb.push(TOKEN, viberText(USER, '/menu'));
    assert.equal(res.status, 200);
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from).length, 0, 'the first attempt failed');
    const failed = await t.ctx.db
      .selectFrom('jobs')
      .select(['attempts', 'last_error'])
      .where('kind', '=', 'chatbot.viber-event')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(failed.attempts, 1);
    assert.match(String(failed.last_error), /viber send_message: 500/);
    assert.ok(!String(failed.last_error).includes(TOKEN));
    t.clock.advance(60_000);
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from).length, 1, 'sent on the retry');
  });

  test('a redelivered callback is answered once', async () => {
    const event = viberText(USER, '/menu');
    const from = vb.calls.length;
    assert.equal((await vb.push(TOKEN, event)).status, 200);
    assert.equal((await vb.push(TOKEN, event)).status, 200);
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from).length, 1);
  });

  test('unsubscribing in Viber deletes the chat id at once', async () => {
    assert.equal((await subscriberRows()).length, 1);
    const res = await vb.push(TOKEN, viberUnsubscribed(USER));
    assert.equal(res.status, 200);
    assert.deepEqual(await subscriberRows(), []);
  });

  test('a new token moves the webhook; removing it unsets the webhook and the bot stops answering', async () => {
    const res = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', remove_viber: 'on' });
    assert.equal(res.statusCode, 303);
    assert.equal(vb.webhook(TOKEN), null, 'the old webhook is removed');
    const hook = `/bots/viber/lviv/${'A'.repeat(32)}`;
    const after = await t.app.inject({
      method: 'POST',
      url: hook,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(viberText(USER, 'x')),
    });
    assert.equal(after.statusCode, 404, 'no Viber bot: no webhook');
  });
});
