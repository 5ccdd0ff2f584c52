/**
 * Issue 22, point 5, end to end through the chat: a resident writes to the council in the community's
 * Telegram bot (against the local fake Bot API), the staff find the appeal in their queue on the web and
 * answer it, and the answer arrives in the chat the appeal came from.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { buttonUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { runDueJobs } from '../../../src/core/jobs/worker.js';
import { enableBot, telegramChat } from '../../helpers/linked-chat.js';
import { tables } from '../../../src/modules/appeals/tables.js';

const TOKEN = '7000000011:AAHappealsAppealsAppealsAppeals-demo';
const CHAT = 515151;

describe('appeals through the chat-bot', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let staff: TestBrowser;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'lviv_viche_bot');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
    await enableBot(t, { telegram_token: TOKEN });
    staff = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  const chat = telegramChat(
    () => t,
    () => tg,
    TOKEN,
    CHAT,
  );
  const { deliver, sentSince } = chat;

  test('filed in the chat, answered on the web, the answer comes back into the chat', async () => {
    const body = 'Прошу полагодити ліхтарі у сквері на вулиці Личаківській: увечері там зовсім темно.';
    await deliver(textUpdate(CHAT, '/start'));

    const intro = await deliver(buttonUpdate(CHAT, 'appeal'));
    assert.match(intro[0]!.text, /протягом місяця/);
    const roads = intro.at(-1)!.buttons.find((b) => b.text === 'Дороги й транспорт');
    assert.ok(roads, 'the topics are offered as buttons');

    const [askText] = await deliver(buttonUpdate(CHAT, roads.data));
    assert.match(askText!.text, /Напишіть текст звернення/);
    const [short] = await deliver(textUpdate(CHAT, 'Ліхтарі'));
    assert.match(short!.text, /щонайменше/, 'a too short text is explained and asked again');
    const [askName] = await deliver(textUpdate(CHAT, body));
    assert.match(askName!.text, /прізвище та імʼя/);
    const [anonymous] = await deliver(textUpdate(CHAT, 'Я'));
    assert.match(anonymous!.text, /анонімні звернення не розглядаються/);
    const [askEmail] = await deliver(textUpdate(CHAT, 'Шевчук   Тарас'));
    const noEmail = askEmail!.buttons.find((b) => b.data === 'ap:no-email');
    assert.ok(noEmail);
    const [confirm] = await deliver(buttonUpdate(CHAT, noEmail.data));
    assert.match(confirm!.text, /Від: Шевчук Тарас/);
    assert.match(confirm!.text, /Дороги й транспорт/);
    assert.ok(confirm!.text.includes(body));

    const [filed] = await deliver(buttonUpdate(CHAT, 'ap:send'));
    const number = /Звернення №(\d+) прийнято/.exec(filed!.text)?.[1];
    assert.ok(number, filed!.text);

    const row = await tables(t.ctx.db)
      .selectFrom('appeals')
      .select(['id', 'channel', 'author_name', 'email', 'status'])
      .where('number', '=', Number(number))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { channel: row.channel, author: row.author_name, email: row.email, status: row.status },
      {
        channel: 'telegram',
        author: 'Шевчук Тарас',
        email: null,
        status: 'received',
      },
    );

    const queue = await staff.get('/lviv/manage/appeals');
    assert.ok(queue.body.includes(`/lviv/manage/appeals/${row.id}`), 'the staff see it in their queue');
    assert.equal((await staff.post(`/lviv/manage/appeals/${row.id}/assign`, {})).statusCode, 303);
    const answer = 'Ліхтарі у сквері полагодять до кінця тижня; дякуємо.';
    const from = tg.calls.length;
    const res = await staff.post(`/lviv/manage/appeals/${row.id}/answer`, { answer });
    assert.equal(res.statusCode, 303, res.body);
    await runDueJobs(t.ctx);
    const arrived = sentSince(from);
    assert.equal(arrived.length, 1, 'one message with the answer');
    assert.match(arrived[0]!.text, new RegExp(`Відповідь на ваше звернення №${number}`));
    assert.ok(arrived[0]!.text.includes(answer));

    // Delivered once the answer is final: running the jobs again sends nothing more.
    const again = tg.calls.length;
    await runDueJobs(t.ctx);
    assert.deepEqual(sentSince(again), []);
  });
});
