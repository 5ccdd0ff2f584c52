/**
 * Push notifications end to end in the /dev/bot simulator (channel `sim`): a resident subscribes, picks
 * the topics and their settlement (КАТОТТГ) in the bot's settings, a moderator broadcasts to that
 * settlement, and the message appears in the resident's chat, not in anyone else's. Then the bot's
 * figures on /stats and in open data (counts only, no chat id), /stop, and account deletion.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { postMultipart } from '../../helpers/uploads.js';
import { runTicks } from '../../../src/core/jobs/worker.js';

describe('chat-bot: push notifications in the simulator', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  const resident = () => t.browser();
  let vynnyky: TestBrowser;
  let other: TestBrowser;

  before(async () => {
    t = await createTestApp();
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    vynnyky = resident();
    other = resident();
  });
  after(async () => {
    await t.close();
  });

  const buttonsOf = (html: string): Map<string, string> =>
    new Map([...html.matchAll(/<button type="submit" class="button secondary" name="button" value="([^"]*)">([^<]*)<\/button>/g)].map((m) => [m[2]!, m[1]!]));
  const press = async (b: TestBrowser, label: RegExp) => {
    const page = await b.get('/dev/bot?community=lviv');
    const hit = [...buttonsOf(page.body)].find(([l]) => label.test(l));
    assert.ok(hit, `a button ${label} among ${[...buttonsOf(page.body).keys()].join(' | ')}`);
    assert.equal((await b.post('/dev/bot', { community: 'lviv', button: hit[1] })).statusCode, 303);
    return (await b.get('/dev/bot?community=lviv')).body;
  };

  test('a resident picks a topic and their settlement in the bot’s settings', async () => {
    await vynnyky.post('/dev/bot', { community: 'lviv', button: 'start' });
    await other.post('/dev/bot', { community: 'lviv', button: 'start' });
    const settings = await press(vynnyky, /^Налаштування$/);
    assert.match(settings, /Населений пункт: не вказано/);
    await press(vynnyky, /Укриття й тривоги/);
    const places = await press(vynnyky, /Населений пункт/);
    assert.match(places, /Оберіть свій населений пункт/);
    const chosen = await press(vynnyky, /Винники/);
    assert.match(chosen, /Населений пункт: Винники\./);
    assert.match(chosen, /Теми розсилок: [^.]*Укриття й тривоги/);
  });

  test('a broadcast to the settlement reaches its residents only; the page counts it delivered', async () => {
    const page = await moderator.get('/lviv/manage/chatbot/broadcasts');
    assert.match(page.body, /<option value="UA46060250020081921">Винники<\/option>/);
    const res = await postMultipart(t, moderator, '/lviv/manage/chatbot/broadcasts', {
      body: 'У Винниках відкрито нове укриття в школі № 1.',
      button_label: '',
      button_url: '',
      audience: 'settlement',
      settlement: 'UA46060250020081921',
      topic: '',
      when: 'now',
      send_date: '',
      send_time: '',
      action: 'send',
    });
    assert.equal(res.statusCode, 303, res.body);
    await runTicks(t.ctx);
    assert.match((await vynnyky.get('/dev/bot?community=lviv')).body, /нове укриття в школі № 1/);
    assert.doesNotMatch((await other.get('/dev/bot?community=lviv')).body, /нове укриття/);
    const list = await moderator.get('/lviv/manage/chatbot/broadcasts');
    const row = /<tr id="broadcast-\d+">([^]*?)<\/tr>/.exec(list.body)?.[1] ?? '';
    assert.match(row, /населений пункт Винники/);
    assert.deepEqual(
      [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => m[1]),
      ['1', '0', '0', '0'],
    );
  });

  test('the bot’s figures are on /stats and in open data, with no chat id', async () => {
    const stats = await t.browser().get('/lviv/stats');
    assert.equal(stats.statusCode, 200);
    assert.match(stats.body, /id="tool-chatbot"/);
    assert.match(stats.body, /Підписників \(нині\)/);
    assert.match(stats.body, /Розсилок/);
    const csv = await t.browser().get('/open-data/chatbot-activity.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body.split('\n')[0]!, /community.*month.*messages_in/);
    assert.match(csv.body, /lviv,\d{4}-\d{2},\d+,\d+,1,1,0,0,/);
    const chats = await sql<{ chat_id: string }>`select chat_id from chatbot_subscribers`.execute(t.ctx.db);
    for (const c of chats.rows) assert.ok(!csv.body.includes(c.chat_id) && !stats.body.includes(c.chat_id), 'no chat id');
  });

  test('/stop deletes the subscription; deleting an account deletes the chats linked to it', async () => {
    const before = Number((await sql<{ n: string }>`select count(*) as n from chatbot_subscribers where channel = 'sim'`.execute(t.ctx.db)).rows[0]!.n);
    await other.post('/dev/bot', { community: 'lviv', text: '/stop' });
    const after = Number((await sql<{ n: string }>`select count(*) as n from chatbot_subscribers where channel = 'sim'`.execute(t.ctx.db)).rows[0]!.n);
    assert.equal(after, before - 1);
    const deliveries = await sql<{ subscriber_id: number | null }>`select subscriber_id from chatbot_deliveries`.execute(t.ctx.db);
    assert.ok(deliveries.rows.length > 0);

    // A chat linked to an account (account linking is another part of the bot): the account's deletion takes it.
    const person = await signedInAs(t, demo.olena);
    const olenaId = (await sql<{ user_id: number }>`select user_id from sessions order by created_at desc limit 1`.execute(t.ctx.db)).rows[0]?.user_id;
    assert.ok(olenaId, 'the signed-in person');
    await sql`update chatbot_subscribers set user_id = ${olenaId} where id = (select min(id) from chatbot_subscribers where channel = 'sim')`.execute(t.ctx.db);
    const deleted = await person.post('/cabinet/delete', { confirm: 'on' });
    assert.ok(deleted.statusCode < 400, String(deleted.statusCode));
    const linked = await sql<{ n: string }>`select count(*) as n from chatbot_subscribers where user_id = ${olenaId}`.execute(t.ctx.db);
    assert.equal(Number(linked.rows[0]!.n), 0);
  });
});
