/**
 * The community website connected to Віче (issue #23, point 4): its home page shows the community's
 * collecting petitions, the participatory budget's phase and the chat-bot's link with a QR code, only for
 * the tools the community has switched on, and stays one public cacheable page; a published news item is
 * sent to the bot's subscribers by the community's moderators, once (a second push is refused with 409),
 * and refused when the community has no bot; a resident and the site's editor get 403.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { connectFakeBot, startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { startFakeViber } from '../../helpers/fake-viber.js';
import { PHASE_LABELS } from '../../../src/modules/budgets/index.js';
import type { DemoPerson } from '../../../src/core/demo/people.js';

const TOKEN = '7000000004:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-site';
const lvivEditor = (p: DemoPerson) => p.roles.some((r) => r.kind === 'editor' && r.community === 'lviv') && !p.roles.some((r) => r.kind !== 'editor');

describe('community website: connected to Віче', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let lviv: number;
  let moderator: TestBrowser;
  before(async () => {
    tg = await startFakeTelegram();
    t = await createTestApp();
    lviv = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  const setTools = (tools: string[]) => sql`update communities set enabled_tools = ${tools} where id = ${lviv}`.execute(t.ctx.db);
  const toolsNow = async () =>
    (await sql<{ tools: string[] }>`select enabled_tools as tools from communities where id = ${lviv}`.execute(t.ctx.db)).rows[0]!.tools;
  const broadcastsTo = async (url: string) =>
    (await sql<{ id: number; body: string }>`select id, body from chatbot_broadcasts where community_id = ${lviv} and button_url = ${url}`.execute(t.ctx.db))
      .rows;

  test('the home page shows a collecting petition with its signatures, the budget’s phase and the bot’s QR code; cacheable, under 100 KB', async () => {
    await connectFakeBot(t, tg, 'lviv', TOKEN, 'lviv_site_bot');
    await sql`update chatbot_settings set telegram_username = 'lviv_site_bot' where community_id = ${lviv}`.execute(t.ctx.db);
    const tools = await toolsNow();
    assert.ok(tools.includes('petitions') && tools.includes('budgets'), 'Lviv’s demo has petitions and the budget switched on');
    const top = (
      await sql<{ id: number; title: string }>`select p.id, p.title from petitions p where p.community_id = ${lviv} and p.status = 'collecting'
        and p.collection_ends_at >= now() order by coalesce((select sum(s.counted) from petition_signature_slots s where s.petition_id = p.id), 0) desc, p.id desc limit 1`.execute(
        t.ctx.db,
      )
    ).rows[0];
    assert.ok(top, 'Lviv has a collecting petition');

    const res = await t.browser().get('/lviv/site');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['cache-control']), /public/);
    assert.ok(Buffer.byteLength(res.body) < 100_000, `the page is ${Buffer.byteLength(res.body)} bytes`);
    assert.doesNotMatch(res.body, /name="_csrf"/, 'nothing of a reader on the public page');
    assert.match(res.body, /Петиції збирають підписи/);
    const escaped = top.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
    assert.ok(res.body.includes(`href="/lviv/petitions/${top.id}"`), 'the petition is linked');
    assert.ok(res.body.includes(escaped) || res.body.includes(top.title), 'the petition’s title is shown');
    assert.match(res.body, /\d+ підпис(ів|и)? з \d/);
    assert.match(res.body, /Громадський бюджет/);
    const phase = Object.values(PHASE_LABELS).find((l) => res.body.includes(`<dt>Етап</dt><dd>${l.uk}</dd>`));
    assert.ok(phase, 'the budget’s phase is shown');
    assert.match(res.body, /href="https:\/\/t\.me\/lviv_site_bot"/);
    assert.match(res.body, /<svg[^>]*aria-label="QR-код: Telegram: @lviv_site_bot"/);
  });

  test('a tool switched off has no block; a bot switched off has no QR code', async () => {
    const tools = await toolsNow();
    try {
      await setTools(tools.filter((x) => x !== 'petitions'));
      await sql`update chatbot_settings set enabled = false where community_id = ${lviv}`.execute(t.ctx.db);
      const res = await t.browser().get('/lviv/site');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /Петиції збирають підписи/);
      assert.doesNotMatch(res.body, /href="\/lviv\/petitions\/\d+"/);
      assert.match(res.body, /Громадський бюджет/, 'the other tools stay');
      assert.doesNotMatch(res.body, /t\.me\/lviv_site_bot/);
    } finally {
      await setTools(tools);
      await sql`update chatbot_settings set enabled = true where community_id = ${lviv}`.execute(t.ctx.db);
    }
  });

  test('a moderator sends a published news item to the bot’s subscribers once; without a bot it is refused', async () => {
    const news = (
      await sql<{ id: number; slug: string; title_uk: string }>`select id, slug, title_uk from site_pages where community_id = ${lviv} and kind = 'news'
        and status = 'published' and published_at <= now() order by id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const link = `${t.ctx.config.publicUrl}/lviv/site/news/${news.slug}`;
    const url = `/lviv/manage/site/pages/${news.id}/push`;

    const edit = await moderator.get(`/lviv/manage/site/pages/${news.id}`);
    assert.ok(edit.body.includes(`href="${url}"`), 'the news item’s page has the button');
    assert.match(edit.body, /Надіслати підписникам чат-бота/);

    await sql`update chatbot_settings set enabled = false where community_id = ${lviv}`.execute(t.ctx.db);
    assert.match((await moderator.get(url)).body, /немає підключеного чат-бота/);
    const noBot = await moderator.post(url, {});
    assert.equal(noBot.statusCode, 409);
    assert.match(noBot.body, /немає підключеного чат-бота/);
    assert.equal((await broadcastsTo(link)).length, 0);
    await sql`update chatbot_settings set enabled = true where community_id = ${lviv}`.execute(t.ctx.db);

    const confirm = await moderator.get(url);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /name="_csrf"/);
    assert.match(confirm.body, /Повідомлення піде одразу всім підписникам/);
    const sent = await moderator.post(url, {});
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/lviv/manage/site/pages/${news.id}?pushed=1`);
    assert.match((await moderator.get(String(sent.headers.location))).body, /поставлено в чергу розсилки/);
    const rows = await broadcastsTo(link);
    assert.equal(rows.length, 1, 'exactly one broadcast, with the link to the news item');
    assert.ok(rows[0]!.body.startsWith(news.title_uk));
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'chatbot.broadcast-created' and subject_id = ${rows[0]!.id}
      and after->>'source' = ${`site-news:${news.id}`}`.execute(t.ctx.db);
    assert.equal(audit.rows[0]!.n, 1, 'audited');

    const again = await moderator.post(url, {});
    assert.equal(again.statusCode, 409, 'a second push is refused');
    assert.match(again.body, /вже надіслано/);
    assert.equal((await broadcastsTo(link)).length, 1);
  });

  test('a resident and the site’s editor may not send news to the bot', async () => {
    const news = (
      await sql<{
        id: number;
      }>`select id from site_pages where community_id = ${lviv} and kind = 'news' and status = 'published' order by id desc limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const url = `/lviv/manage/site/pages/${news.id}/push`;
    const resident = await signedInAs(t, demo.olena);
    assert.equal((await resident.get(url)).statusCode, 403);
    assert.equal((await resident.post(url, {})).statusCode, 403);
    const editor = await signedInAs(t, lvivEditor);
    assert.equal((await editor.post(url, {})).statusCode, 403);
    const edit = await editor.get(`/lviv/manage/site/pages/${news.id}`);
    assert.equal(edit.statusCode, 200);
    assert.doesNotMatch(edit.body, new RegExp(`href="${url}"`));
    assert.match(edit.body, /можуть модератори чи адміністратор громади/);
    assert.equal(
      (await sql<{ n: number }>`select count(*)::int as n from chatbot_broadcasts where button_url like ${'%/site/news/%'}`.execute(t.ctx.db)).rows[0]!.n,
      1,
    );
  });

  test('the bot’s Viber link and QR code stand next to the Telegram one once the Viber token is connected', async () => {
    const vb = await startFakeViber();
    try {
      const viberToken = '4b1f3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-7f8091a2b3c4d5e6';
      vb.bots.set(viberToken, 'Lviv Viche');
      t.ctx.config.viberApiRoot = vb.url;
      vb.poster = async (url, raw, headers) => {
        const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: raw });
        return { status: res.statusCode, body: res.body };
      };
      await connectFakeBot(t, tg, 'lviv', TOKEN, 'lviv_site_bot');
      await sql`update chatbot_settings set telegram_username = 'lviv_site_bot' where community_id = ${lviv}`.execute(t.ctx.db);
      assert.doesNotMatch((await t.browser().get('/lviv/site')).body, /viber:\/\//, 'no Viber bot yet');
      const saved = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', viber_token: viberToken });
      assert.equal(saved.statusCode, 303, saved.body);
      const home = (await t.app.inject({ method: 'GET', url: '/', headers: { host: 'lviv.localhost' } })).body;
      // The URI Viber gave for the token (get_account_info) is kept next to it.
      const uri = (await sql<{ uri: string }>`select viber_uri as uri from chatbot_settings where community_id = ${lviv}`.execute(t.ctx.db)).rows[0]!.uri;
      assert.equal(uri, 'lvivviche');
      assert.ok(home.includes(`href="viber://pa?chatURI=${encodeURIComponent(uri)}"`), 'the Viber link');
      assert.ok(home.includes(`aria-label="QR-код: Viber: ${uri}"`), 'its QR code');
      assert.match(home, /href="https:\/\/t\.me\/lviv_site_bot"/, 'the Telegram link stays');
      assert.ok(home.indexOf('t.me/lviv_site_bot') < home.indexOf('viber://'), 'Telegram, then Viber');
      const removed = await moderator.post('/lviv/manage/chatbot/settings', { enabled: 'on', remove_viber: 'on' });
      assert.equal(removed.statusCode, 303, removed.body);
      assert.doesNotMatch((await t.browser().get('/lviv/site')).body, /viber:\/\//, 'gone with the token');
    } finally {
      await vb.close();
    }
  });
});
