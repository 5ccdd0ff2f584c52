/**
 * The community's Telegram bot end to end, against a local fake Bot API: the moderator connects it with a
 * token (stored sealed, never shown again), Telegram's webhook is checked and answered at once, the queued
 * job answers through grammy, and the conversation — /start, the reference, search, /stop — is the one
 * rules.ts holds. The moderator's edit of the reference reaches the bot; other people cannot edit it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { buttonUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-demo';
const CHAT = 424242;

interface SentMessage {
  chat: string;
  text: string;
  buttons: { text: string; data: string }[];
}

describe('chat-bot: Telegram', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let moderator: TestBrowser;
  let lvivId: number;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'lviv_viche_bot');
    t = await createTestApp();
    // The seeded template app is built with the default config; the fake's address is known only now,
    // and the bot reads the config at each call.
    t.ctx.config.telegramApiRoot = tg.url;
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  /** What the bot sent since `from` (an index into the fake's calls). */
  const sentSince = (from: number): SentMessage[] =>
    tg.calls.slice(from).flatMap((c) => {
      if (c.method !== 'sendMessage') return [];
      const markup = c.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
      return [
        {
          chat: String(c.payload.chat_id),
          text: String(c.payload.text),
          buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data })),
        },
      ];
    });

  const webhookPath = () => {
    const hook = tg.webhook(TOKEN);
    assert.ok(hook, 'the webhook was set');
    return { path: new URL(hook.url).pathname, secret: hook.secretToken };
  };

  /** Telegram posts an update; the job queue then answers it. Returns what the bot sent. */
  const deliver = async (update: Record<string, unknown>): Promise<SentMessage[]> => {
    const { path, secret } = webhookPath();
    const res = await t.app.inject({ method: 'POST', url: path, headers: { 'x-telegram-bot-api-secret-token': secret }, payload: update });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['set-cookie'], undefined, 'the webhook sets no cookie');
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    return sentSince(from);
  };

  const subscriberRows = () =>
    t.ctx.db
      .withTables<{ chatbot_subscribers: { chat_id: string; channel: string; community_id: number } }>()
      .selectFrom('chatbot_subscribers')
      .select(['chat_id', 'channel'])
      .where('community_id', '=', lvivId)
      .where('chat_id', '=', String(CHAT))
      .execute();

  test('the moderator connects the bot: the token is checked, the webhook set, the token stored sealed and never shown', async () => {
    const wrong = await moderator.post('/lviv/manage/chatbot/settings', {
      enabled: 'on',
      telegram_token: '7000000002:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-none',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Telegram не прийняв цей токен/);
    assert.doesNotMatch(wrong.body, /AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/, 'a refused token is not echoed either');

    const res = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', telegram_token: TOKEN });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(tg.callsOf('getMe').at(-1)?.token, TOKEN);
    const hook = tg.webhook(TOKEN);
    assert.ok(hook);
    assert.match(hook.url, /^http:\/\/viche\.test\/bots\/telegram\/lviv\/[A-Za-z0-9_-]{32}$/);
    assert.match(hook.secretToken, /^[A-Za-z0-9_-]{20,256}$/);

    const row = await t.ctx.db
      .withTables<{ chatbot_settings: { community_id: number; telegram_token_sealed: string | null } }>()
      .selectFrom('chatbot_settings')
      .select('telegram_token_sealed')
      .where('community_id', '=', lvivId)
      .executeTakeFirstOrThrow();
    assert.ok(row.telegram_token_sealed);
    assert.ok(!row.telegram_token_sealed.includes(TOKEN) && !row.telegram_token_sealed.includes('AAHdqTcv'), 'the database holds no token in clear');

    const page = await moderator.get('/lviv/manage/chatbot');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Telegram: токен збережено/);
    assert.ok(!page.body.includes(TOKEN) && !page.body.includes('AAHdqTcv'), 'the page never shows the token');
    const audit = JSON.stringify(await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'chatbot.settings-changed').execute());
    assert.ok(!audit.includes('AAHdqTcv'), 'nor does the audit log');

    const publicPage = await t.browser().get('/lviv/chatbot');
    assert.match(publicPage.body, /t\.me\/lviv_viche_bot/);
  });

  test('a webhook call with a wrong secret (path or header) is refused and queues nothing', async () => {
    const { path, secret } = webhookPath();
    const jobs = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await jobs();
    const wrongHeader = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'x-telegram-bot-api-secret-token': `${secret}x` },
      payload: textUpdate(CHAT, '/start'),
    });
    assert.equal(wrongHeader.statusCode, 403);
    const noHeader = await t.app.inject({ method: 'POST', url: path, payload: textUpdate(CHAT, '/start') });
    assert.equal(noHeader.statusCode, 403);
    const wrongPath = await t.app.inject({
      method: 'POST',
      url: path.replace(/[^/]+$/, 'A'.repeat(32)),
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: textUpdate(CHAT, '/start'),
    });
    assert.equal(wrongPath.statusCode, 403);
    const otherCommunity = await t.app.inject({
      method: 'POST',
      url: path.replace('/lviv/', '/pryluky/'),
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: textUpdate(CHAT, '/start'),
    });
    assert.equal(otherCommunity.statusCode, 404, 'a community without a Telegram bot has no webhook');
    assert.equal(await jobs(), before);
    assert.deepEqual(await subscriberRows(), []);
  });

  test('/start subscribes and shows the menu; the reference is navigable by buttons, back included', async () => {
    const start = await deliver(textUpdate(CHAT, '/start'));
    assert.equal(start.length, 2);
    assert.ok(start.every((m) => m.chat === String(CHAT)));
    assert.deepEqual(
      start[1]!.buttons.map((b) => b.text),
      ['Довідник', 'Я+Влада', 'Звернутися до влади', 'Пошук', 'Налаштування'],
    );
    assert.deepEqual(
      (await subscriberRows()).map((r) => r.channel),
      ['telegram'],
    );

    const callsBefore = tg.callsOf('answerCallbackQuery').length;
    const [root] = await deliver(buttonUpdate(CHAT, 'ref'));
    assert.equal(tg.callsOf('answerCallbackQuery').length, callsBefore + 1, 'the button press is acknowledged');
    assert.match(root!.text, /Довідник/);
    const cnap = root!.buttons.find((b) => b.text === 'ЦНАП');
    assert.ok(cnap, 'the top level lists ЦНАП');

    const [section] = await deliver(buttonUpdate(CHAT, cnap.data));
    assert.match(section!.text, /Центр надання адміністративних послуг/);
    const office = section!.buttons.find((b) => b.text === 'Головний офіс ЦНАП');
    assert.ok(office);
    assert.deepEqual(section!.buttons.at(-2), { text: '← Назад', data: 'ref' });

    const [entry] = await deliver(buttonUpdate(CHAT, office.data));
    assert.match(entry!.text, /☎ \+380 00 123 45 01/);
    assert.match(entry!.text, /📍 вул\. Центральна, 1/);
    assert.match(entry!.text, /openstreetmap\.org\/\?mlat=49\.8419&mlon=24\.0315/);
    assert.match(entry!.text, /🕒 Пн–Пт 8:00–20:00/);
    assert.deepEqual(entry!.buttons.at(-2), { text: '← Назад', data: cnap.data }, 'back leads to the parent');
  });

  test('free text that is not a command searches the reference', async () => {
    const [found] = await deliver(textUpdate(CHAT, 'водоканал'));
    assert.match(found!.text, /Знайдено 1 запис/);
    assert.equal(found!.buttons[0]!.text, 'Аварійна служба водоканалу');
    const [none] = await deliver(textUpdate(CHAT, 'космодром'));
    assert.match(none!.text, /нічого не знайдено/);
  });

  test('settings: language and topics are kept for the chat', async () => {
    const [s] = await deliver(buttonUpdate(CHAT, 'lang:en'));
    assert.match(s!.text, /Language: English/);
    const [m] = await deliver(textUpdate(CHAT, '/menu'));
    assert.deepEqual(
      m!.buttons.map((b) => b.text),
      ['Reference', 'Me+Council', 'Write to the council', 'Search', 'Settings'],
    );
    await deliver(buttonUpdate(CHAT, 'lang:uk'));
  });

  test('Telegram redelivering an update (same update_id) gets one answer', async () => {
    const { path, secret } = webhookPath();
    const update = textUpdate(CHAT, '/menu');
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url: path, headers: { 'x-telegram-bot-api-secret-token': secret }, payload: update });
      assert.equal(res.statusCode, 200);
    }
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from).length, 1);
  });

  test('on 429 the call waits retry_after and is sent again', async () => {
    tg.floodNext = 1;
    const sent = await deliver(textUpdate(CHAT, '/menu'));
    assert.equal(sent.length, 1);
    assert.equal(tg.floodNext, 0);
  });

  test('the moderator edits an entry and the bot shows the new text at once', async () => {
    const node = await t.ctx.db
      .withTables<{ chatbot_nodes: { id: number; community_id: number; title_uk: string } }>()
      .selectFrom('chatbot_nodes')
      .select('id')
      .where('community_id', '=', lvivId)
      .where('title_uk', '=', 'Вивіз сміття')
      .executeTakeFirstOrThrow();
    const form = await moderator.get(`/lviv/manage/chatbot/nodes/${node.id}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Вивіз сміття/);
    const res = await moderator.post(`/lviv/manage/chatbot/nodes/${node.id}`, {
      parent: '',
      title_uk: 'Вивіз сміття',
      title_en: 'Waste collection',
      body_uk: 'З 1 грудня змішані відходи вивозять щовівторка.',
      body_en: '',
      phone: '',
      address: '',
      lat: '',
      lon: '',
      hours: '',
      url: '',
    });
    assert.equal(res.statusCode, 303, res.body);
    const [entry] = await deliver(buttonUpdate(CHAT, `n:${node.id}`));
    assert.match(entry!.text, /З 1 грудня змішані відходи вивозять щовівторка\./);
    const preview = await moderator.get(`/lviv/manage/chatbot?preview=${node.id}`);
    assert.match(preview.body, /З 1 грудня змішані відходи вивозять щовівторка\./);
  });

  test('/stop deletes the chat’s row', async () => {
    const [bye] = await deliver(textUpdate(CHAT, '/stop'));
    assert.match(bye!.text, /ідентифікатор чату видалено/);
    assert.deepEqual(await subscriberRows(), []);
  });

  test('answered updates (their chat id and text) leave the job queue within the hour', async () => {
    const queued = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('kind', '=', 'chatbot.telegram-update')
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.ok((await queued()) > 0);
    await runTicks(t.ctx);
    assert.ok((await queued()) > 0, 'kept a while, so that a redelivery is still recognised');
    t.clock.advance(2 * 3600_000);
    await runTicks(t.ctx);
    assert.equal(await queued(), 0);
  });
});

describe('chat-bot: who may manage it', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const nodeCount = async () =>
    Number(
      (
        await t.ctx.db
          .withTables<{ chatbot_nodes: { id: number } }>()
          .selectFrom('chatbot_nodes')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a resident, a moderator of another community and the anonymous are refused', async () => {
    const before = await nodeCount();
    const resident = await signedInAs(t, demo.olena);
    assert.equal((await resident.get('/lviv/manage/chatbot')).statusCode, 403);
    assert.equal((await resident.post('/lviv/manage/chatbot/nodes', { title_uk: 'Спам' })).statusCode, 403);
    const elsewhere = await signedInAs(t, demo.moderator('bila-tserkva'));
    assert.equal((await elsewhere.post('/lviv/manage/chatbot/nodes', { title_uk: 'Спам' })).statusCode, 403);
    assert.equal((await elsewhere.get('/bila-tserkva/manage/chatbot')).statusCode, 200, 'in their own community they may');
    const anonymous = t.browser();
    const res = await anonymous.post('/lviv/manage/chatbot/nodes', { title_uk: 'Спам' });
    assert.ok([401, 303].includes(res.statusCode), String(res.statusCode));
    assert.equal(await nodeCount(), before);
  });

  test('a moderator adds, moves and deletes entries; an entry of another community is not found', async () => {
    const m = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    const bad = await m.post('/lviv/manage/chatbot/nodes', { title_uk: '', url: 'javascript:alert(1)' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Напишіть назву пункту/);
    // Coordinates go through the platform's one parser: out of range, or one without the other, is explained.
    const farNorth = await m.post('/lviv/manage/chatbot/nodes', { parent: '', title_uk: 'Мапа', lat: '91', lon: '24' });
    assert.equal(farNorth.statusCode, 400);
    assert.match(farNorth.body, /Широта — число від −90 до 90/);
    const half = await m.post('/lviv/manage/chatbot/nodes', { parent: '', title_uk: 'Мапа', lat: '49,84', lon: '' });
    assert.equal(half.statusCode, 400);
    assert.match(half.body, /Вкажіть обидві координати або жодної/);
    const created = await m.post('/lviv/manage/chatbot/nodes', { parent: '', title_uk: 'Укриття', body_uk: 'Найближчі укриття — на мапі громади.' });
    assert.equal(created.statusCode, 303);
    const id = Number(/preview=(\d+)/.exec(String(created.headers.location))?.[1]);
    const page = await m.get('/lviv/manage/chatbot');
    assert.match(page.body, /Укриття/);
    assert.equal((await m.post(`/lviv/manage/chatbot/nodes/${id}/move`, { direction: 'up' })).statusCode, 303);
    const top = await t.ctx.db
      .withTables<{ chatbot_nodes: { id: number; community_id: number; parent_id: number | null; position: number; title_uk: string } }>()
      .selectFrom('chatbot_nodes as n')
      .innerJoin('communities as c', 'c.id', 'n.community_id')
      .select(['n.title_uk', 'n.position'])
      .where('c.slug', '=', 'lviv')
      .where('n.parent_id', 'is', null)
      .orderBy('n.position')
      .execute();
    assert.deepEqual(
      top.map((r) => r.title_uk),
      ['ЦНАП', 'Корисні телефони', 'Вивіз сміття', 'Укриття', 'Прийом громадян'],
    );
    assert.equal((await m.post(`/bila-tserkva/manage/chatbot/nodes/${id}/delete`, {})).statusCode, 403, 'not their community');
    const otherMod = await signedInAs(t, demo.moderator('bila-tserkva'));
    assert.equal((await otherMod.post(`/bila-tserkva/manage/chatbot/nodes/${id}/delete`, {})).statusCode, 404, 'Lviv’s entry is nothing in Bila Tserkva');
    assert.equal((await m.post(`/lviv/manage/chatbot/nodes/${id}/delete`, {})).statusCode, 303);
    assert.doesNotMatch((await m.get('/lviv/manage/chatbot')).body, /Укриття/);
  });
});
