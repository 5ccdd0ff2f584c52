/**
 * «Я+Влада» in Telegram, against the local fake Bot API: the chat is linked to an account only by a
 * one-time link confirmed on the web after signing in (a used or expired link is refused); then, through
 * the tools' own services, the person signs a petition (with a confirmation step; a second time is refused
 * with the web's words), votes in the participatory budget as the chat-bot channel (a ballot on the web
 * afterwards is refused: one ballot per person across channels), reports a problem with a shared location
 * and a photo, and is told in the chat when the report changes state. Unlinking works in the bot and in
 * the cabinet, and each link and unlink is audited.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { locationUpdate, photoUpdate, startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import { enableBot, linkPathIn, telegramChat } from '../../helpers/linked-chat.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

const TOKEN = '7000000004:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-edem';
const CHAT = 515151;

describe('chat-bot: e-DEM tools in Telegram', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let olena: TestBrowser;
  let lvivId: number;
  let olenaId: number;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'lviv_edem_bot');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    await enableBot(t, { telegram_token: TOKEN });
    olena = await signedInAs(t, demo.olena);
    olenaId = Number((await sql<{ id: number }>`select id from users where first_name = 'Олена' and last_name = 'Коваленко'`.execute(t.ctx.db)).rows[0]!.id);
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
  const { press, say } = chat;

  const linkedUser = async () =>
    (
      await sql<{ user_id: number | null }>`select user_id from chatbot_subscribers where community_id = ${lvivId} and chat_id = ${String(CHAT)}`.execute(
        t.ctx.db,
      )
    ).rows[0]?.user_id ?? null;

  let petitionId = 0;

  test('before linking, the e-DEM menu offers the link and an act asks for it', async () => {
    await say('/start');
    const menu = await press('edem');
    assert.match(menu.text, /Я\+Влада/);
    assert.ok(menu.buttons.some((b) => b.data === 'link'));
    petitionId = Number(
      (
        await sql<{
          id: number;
        }>`select id from petitions p where community_id = ${lvivId} and status = 'collecting' and collection_ends_at > ${t.ctx.clock.now()}
          and not exists (select 1 from petition_signatures s where s.petition_id = p.id and s.user_id = ${olenaId}) order by id limit 1`.execute(t.ctx.db)
      ).rows[0]!.id,
    );
    const ask = await press(`pet-sign:${petitionId}`);
    assert.match(ask.text, /привʼяжіть чат/);
    assert.equal(await linkedUser(), null);
  });

  test('a link typed or guessed links nothing; the one-time link works once, after sign-in and confirmation', async () => {
    const offer = await say('/link');
    const path = linkPathIn(offer.text);
    assert.match(offer.text, /15 хвилин/);
    const token = path.split('/').at(-1)!;
    const stored = await sql<{ token_hash: string }>`select token_hash from chatbot_link_tokens`.execute(t.ctx.db);
    assert.ok(stored.rows.length > 0 && stored.rows.every((r) => !r.token_hash.includes(token)), 'only a hash of the token is stored');

    // Signed out: sent to sign in and back to this page; nothing is linked by opening it.
    const anon = await t.browser().get(path);
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/auth\/sign-in/);
    const page = await olena.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Привʼязати цей чат до мого облікового запису/);
    assert.equal(await linkedUser(), null, 'opening the page links nothing');

    assert.equal((await olena.post(path, {}, { csrf: false })).statusCode, 403, 'CSRF');
    assert.equal((await olena.get('/lviv/chatbot/link/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
    assert.equal((await olena.get('/bila-tserkva/chatbot/link/' + token)).statusCode, 404, 'a link of another community names nothing');

    const res = await olena.post(path, {});
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Чат привʼязано/);
    assert.equal(await linkedUser(), olenaId);
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    assert.match(sentSince(from)[0]!.text, /Чат привʼязано до облікового запису/);
    const audit = await sql<{ actor_user_id: number }>`select actor_user_id from audit_log where action = 'chatbot.chat-linked'`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => Number(r.actor_user_id)),
      [olenaId],
    );

    // Used: refused, on the page and on a second confirmation.
    const again = await olena.get(path);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /вже використано/);
    assert.equal((await olena.post(path, {})).statusCode, 410);
  });

  test('an expired link is refused', async () => {
    const other = await signedInAs(t, demo.andrii);
    const path = linkPathIn((await say('/link')).text);
    t.clock.advance(16 * 60_000);
    const page = await other.get(path);
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /Час дії посилання минув/);
    assert.equal((await other.post(path, {})).statusCode, 410);
    assert.equal(await linkedUser(), olenaId, 'still Olena’s chat');
  });

  test('sign a petition: list, card, confirmation, signature with a receipt; a second attempt is refused as on the web', async () => {
    const list = await press('pet');
    assert.ok(
      list.buttons.some((b) => b.data === `pet:${petitionId}`),
      'the open petition is listed',
    );
    const card = await press(`pet:${petitionId}`);
    assert.ok(card.buttons.some((b) => b.data === `pet-sign:${petitionId}`));
    const confirm = await press(`pet-sign:${petitionId}`);
    assert.match(confirm.text, /Підписати петицію № \d+/);
    assert.match(confirm.text, /Олена/);
    const signatures = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from petition_signatures where petition_id = ${petitionId} and user_id = ${olenaId}`.execute(t.ctx.db))
          .rows[0]!.n,
      );
    assert.equal(await signatures(), 0, 'the confirmation step signs nothing');
    const signed = await press(`pet-ok:${petitionId}`);
    assert.match(signed.text, /ваш підпис під петицією № \d+ додано/);
    assert.match(signed.text, /Квитанція в журналі прозорості: № \d+/);
    assert.equal(await signatures(), 1);

    const twice = await press(`pet-ok:${petitionId}`);
    assert.equal(twice.text, 'Ви вже підписали цю петицію раніше: другий підпис не додано.');
    const web = await olena.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.equal(web.statusCode, 303);
    assert.match(String(web.headers.location), /already=1/);
    assert.match((await olena.get(String(web.headers.location))).body, /Ви вже підписали цю петицію раніше: другий підпис не додано\./);
    assert.equal(await signatures(), 1);
    const card2 = await press(`pet:${petitionId}`);
    assert.match(card2.text, /Ви підписали її/);
    assert.ok(!card2.buttons.some((b) => b.data.startsWith('pet-sign:')));
  });

  test('vote in the budget in the chat (channel «chatbot»), then on the web: refused', async () => {
    const contests = await press('bud');
    const contestButton = contests.buttons.find((b) => b.data.startsWith('bud:'));
    assert.ok(contestButton, contests.text);
    const contestId = Number(contestButton.data.slice(4));
    const ballot = await press(contestButton.data);
    const project = ballot.buttons.find((b) => b.data.startsWith(`bud-t:${contestId}:`));
    assert.ok(project);
    const projectId = Number(project.data.split(':')[2]);
    const ticked = await press(project.data);
    assert.ok(ticked.buttons.some((b) => b.data === project.data && b.text.startsWith('☑')));
    const review = await press(`bud-rv:${contestId}`);
    assert.match(review.text, /Ваш бюлетень/);
    const cast = await press(`bud-ok:${contestId}`);
    assert.match(cast.text, /Ваш голос враховано\. Номер бюлетеня: \d+-/);
    const receipt = /Номер бюлетеня: (\S+)\./.exec(cast.text)![1]!;
    const ballots = await sql<{ channel: string }>`select b.channel from budget_ballots b where b.contest_id = ${contestId} and b.receipt = ${receipt}`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      ballots.rows.map((r) => r.channel),
      ['chatbot'],
    );

    // The web afterwards: the ballot page shows the counted ballot; a cast is refused as a duplicate.
    const web = await olena.post(`/lviv/budgets/${contestId}/vote/confirm`, { project: String(projectId) });
    assert.equal(web.statusCode, 200);
    assert.match(web.body, /у чат-боті|чат-бот/i);
    const rejects = await sql<{ channel: string; first_channel: string }>`select channel, first_channel from budget_ballot_rejects
      where contest_id = ${contestId} and voter_key = (select voter_key from budget_ballots where receipt = ${receipt})`.execute(t.ctx.db);
    assert.deepEqual(rejects.rows, [{ channel: 'web', first_channel: 'chatbot' }]);
    const again = await press(`bud:${contestId}`);
    assert.match(again.text, /Ви вже проголосували в цьому конкурсі \(у чат-боті/);
  });

  let reportId = 0;

  test('report a problem with the shared location and a photo; told in the chat when it is accepted', async () => {
    tg.files.set('photo-1', await phonePhoto());
    const cats = await press('rep');
    const cat = cats.buttons.find((b) => b.data.startsWith('rep-c:'));
    assert.ok(cat);
    assert.match((await press(cat.data)).text, /Надішліть місце проблеми/);
    const far = (await deliver(locationUpdate(CHAT, 50.45, 30.52)))[0]!;
    assert.match(far.text, /поза межами громади/, 'the web’s territory check');
    assert.match((await deliver(locationUpdate(CHAT, 49.8419, 24.0315)))[0]!.text, /надішліть фото/);
    assert.match((await deliver(photoUpdate(CHAT, 'photo-1')))[0]!.text, /Опишіть проблему/);
    assert.match((await say('Яма')).text, /від 10 до 2000 знаків/);
    const review = await say('Глибока яма на проїжджій частині біля зупинки');
    assert.match(review.text, /Фото: є/);
    const filed = await press('rep-ok');
    assert.match(filed.text, /Звернення № \d+ надіслано/);
    assert.ok(tg.callsOf('getFile').length > 0, 'the photo was fetched from Telegram');
    reportId = Number(/open-city\/reports\/(\d+)/.exec(filed.text)![1]);
    const row = await sql<{ reporter_user_id: number; lat: number; photos: string; source: string }>`
      select r.reporter_user_id, r.lat, r.source, (select count(*) from oc_photos p where p.report_id = r.id) as photos
      from oc_reports r where r.id = ${reportId}`.execute(t.ctx.db);
    assert.equal(Number(row.rows[0]!.reporter_user_id), olenaId);
    assert.equal(Number(row.rows[0]!.photos), 1);
    assert.equal(row.rows[0]!.source, 'telegram', 'the report keeps the messenger it came from');

    // The moderator accepts it: on the next look at the events the chat is told.
    const moderator = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    await runTicks(t.ctx);
    const acc = await postMultipart(t, moderator, `/lviv/open-city/reports/${reportId}/status`, { status: 'accepted', answer: '' });
    assert.equal(acc.statusCode, 303, acc.body);
    t.clock.advance(2 * 60_000);
    const from = tg.calls.length;
    await runTicks(t.ctx);
    await runDueJobs(t.ctx);
    const told = sentSince(from);
    assert.equal(told.filter((m) => m.text.includes(`/lviv/open-city/reports/${reportId}`)).length, 1, JSON.stringify(told));
    const page = await moderator.get(`/lviv/open-city/reports/${reportId}`);
    assert.match(page.body, /<dt>Канал<\/dt>\s*<dd>Чат-бот у Telegram<\/dd>/, 'its page names the channel');
    assert.match(told[0]!.text, /^🔔/);
    // Once only.
    t.clock.advance(2 * 60_000);
    const from2 = tg.calls.length;
    await runTicks(t.ctx);
    await runDueJobs(t.ctx);
    assert.equal(sentSince(from2).length, 0);
  });

  test('unlink in the cabinet (only one’s own chat), and in the bot', async () => {
    const cabinet = await olena.get('/cabinet');
    assert.match(cabinet.body, /Чати з ботом/);
    const page = await olena.get('/cabinet/chatbot');
    const id = Number(/\/cabinet\/chatbot\/(\d+)\/unlink/.exec(page.body)?.[1]);
    assert.ok(id > 0, page.body);
    const stranger = await signedInAs(t, demo.andrii);
    assert.equal((await stranger.post(`/cabinet/chatbot/${id}/unlink`, {})).statusCode, 404);
    assert.equal(await linkedUser(), olenaId);
    assert.equal((await olena.post(`/cabinet/chatbot/${id}/unlink`, {})).statusCode, 303);
    assert.equal(await linkedUser(), null);
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    assert.match(sentSince(from)[0]!.text, /Чат відвʼязано/);
    assert.match((await press(`pet-ok:${petitionId}`)).text, /привʼяжіть чат/, 'no act without a link');

    // Linked again, then unlinked from the bot.
    const path = linkPathIn((await say('/link')).text);
    assert.equal((await olena.post(path, {})).statusCode, 200);
    await runDueJobs(t.ctx);
    assert.equal(await linkedUser(), olenaId);
    assert.match((await press('unlink')).text, /Чат відвʼязано/);
    assert.equal(await linkedUser(), null);
    const audit = await sql<{ n: string }>`select count(*) as n from audit_log where action = 'chatbot.chat-unlinked'`.execute(t.ctx.db);
    assert.equal(Number(audit.rows[0]!.n), 2);
  });
});
