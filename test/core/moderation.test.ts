import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser, signedInAs, demo } from '../helpers/test-app.js';

describe('moderation core: complaints, hiding, blocking, audit (through the notice board)', () => {
  let t: TestApp;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let moderator: TestBrowser;
  let otherModerator: TestBrowser;
  let noticeId: number;
  const text = 'Продам гараж <script>alert(1)</script> дешево';

  before(async () => {
    t = await createTestApp({ seedModules: false });
    olena = await signedInAs(t, demo.olena);
    andrii = await signedInAs(t, demo.andrii);
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    otherModerator = await signedInAs(t, demo.moderator('bila-tserkva'));
  });
  after(async () => t.close());

  test('a resident posts a notice; it is shown escaped, and bad input is explained', async () => {
    const empty = await olena.post('/lviv/notices', { body: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Помилка: /);
    assert.match(empty.body, /href="#body">Напишіть текст оголошення/);
    const long = await olena.post('/lviv/notices', { body: 'я'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Не більше 500 символів \(зараз 501\)/);
    assert.ok(long.body.includes('я'.repeat(501)), 'what was typed is kept');
    const ok = await olena.post('/lviv/notices', { body: text });
    assert.equal(ok.statusCode, 303);
    noticeId = Number(/notice-(\d+)/.exec(String(ok.headers.location))![1]);
    const page = await t.browser().get('/lviv/notices');
    assert.ok(page.body.includes('Продам гараж &lt;script>alert(1)&lt;/script> дешево'));
    assert.ok(!page.body.includes('<script>alert(1)'));
    assert.match(page.body, /Коваленко Олена Петрівна/);
  });

  test('signed-out visitors are asked to sign in instead of getting a failing form', async () => {
    const page = await t.browser().get('/lviv/notices');
    assert.match(page.body, /Щоб узяти участь, увійдіть/);
    assert.doesNotMatch(page.body, /Опублікувати/);
    const post = await t.browser().post('/lviv/notices', { body: 'hello' });
    assert.equal(post.statusCode, 401);
  });

  test('a signed-in resident files a complaint (once); the moderator sees it in the queue', async () => {
    const form = await andrii.get(`/complaints/new?type=notice&id=${noticeId}`);
    assert.equal(form.statusCode, 200);
    const noReason = await andrii.post('/complaints', { type: 'notice', id: String(noticeId), reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Оберіть причину скарги/);
    const first = await andrii.post('/complaints', { type: 'notice', id: String(noticeId), reason: 'spam', details: 'реклама' });
    assert.match(first.body, /Скаргу надіслано/);
    const second = await andrii.post('/complaints', { type: 'notice', id: String(noticeId), reason: 'spam' });
    assert.match(second.body, /Ви вже скаржилися на це/);
    const missing = await andrii.post('/complaints', { type: 'notice', id: '999999', reason: 'spam' });
    assert.equal(missing.statusCode, 404);
    const queue = await moderator.get('/lviv/manage/complaints');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /spam: реклама/);
    assert.ok(queue.body.includes('Продам гараж &lt;script>'));
  });

  test('only moderators of this community reach its moderation pages and acts', async () => {
    assert.equal((await andrii.get('/lviv/manage')).statusCode, 403);
    assert.equal((await otherModerator.get('/lviv/manage/complaints')).statusCode, 403);
    assert.equal((await otherModerator.post('/lviv/manage/hide', { type: 'notice', id: String(noticeId), reason: 'x' })).statusCode, 403);
    assert.equal((await andrii.post('/lviv/manage/hide', { type: 'notice', id: String(noticeId), reason: 'x' })).statusCode, 403);
    assert.equal((await t.browser().get('/lviv/manage')).statusCode, 303);
    assert.equal((await otherModerator.get('/bila-tserkva/manage')).statusCode, 200);
    // A moderator cannot act on another community's content through their own community's URL.
    assert.equal((await otherModerator.post('/bila-tserkva/manage/hide', { type: 'notice', id: String(noticeId), reason: 'x' })).statusCode, 404);
  });

  test('the moderator hides the notice with a reason; the public sees «Приховано модератором»', async () => {
    const noReason = await moderator.post('/lviv/manage/hide', { type: 'notice', id: String(noticeId), reason: '' });
    assert.equal(noReason.statusCode, 400);
    const hide = await moderator.post('/lviv/manage/hide', { type: 'notice', id: String(noticeId), reason: 'Реклама' });
    assert.equal(hide.statusCode, 303);
    const pub = await t.browser().get('/lviv/notices');
    assert.match(pub.body, /Приховано модератором/);
    assert.ok(!pub.body.includes('Продам гараж'));
    const mod = await moderator.get('/lviv/notices');
    assert.ok(mod.body.includes('Продам гараж'), 'the moderator still sees the text');
    assert.match(mod.body, /Показати знову/);
    const open = await sql<{ n: number }>`select count(*)::int as n from complaints where status = 'open'`.execute(t.ctx.db);
    assert.equal(open.rows[0]!.n, 0, 'the complaint is resolved by hiding');
  });

  test('the moderator blocks the author; she sees why and cannot post; unblocking restores it', async () => {
    const author = await sql<{ id: number }>`select author_user_id as id from notices where id = ${noticeId}`.execute(t.ctx.db);
    const userId = author.rows[0]!.id;
    const block = await moderator.post('/lviv/manage/blocks', { user_id: String(userId), reason: 'Повторна реклама' });
    assert.equal(block.statusCode, 303);
    const page = await olena.get('/lviv/notices');
    assert.match(page.body, /обмежив вашу участь тут\. Причина: Повторна реклама/);
    assert.doesNotMatch(page.body, /Опублікувати/);
    const post = await olena.post('/lviv/notices', { body: 'ще одне' });
    assert.equal(post.statusCode, 403);
    assert.match(post.body, /Повторна реклама/);
    // The block is per community: elsewhere she may post.
    assert.equal((await olena.post('/bila-tserkva/notices', { body: 'Привіт, Біла Церква' })).statusCode, 303);
    const mail = await sql<{ subject: string }>`select subject from mail_outbox where subject like 'Обмеження участі%'`.execute(t.ctx.db);
    assert.equal(mail.rows.length, 1);
    const list = await moderator.get('/lviv/manage/blocks');
    assert.match(list.body, /Коваленко Олена/);
    assert.equal((await moderator.post(`/lviv/manage/blocks/${userId}/unblock`, {})).statusCode, 303);
    assert.equal((await olena.post('/lviv/notices', { body: 'Дякую, більше не буду' })).statusCode, 303);
  });

  test('unhiding needs a reason and shows the text again', async () => {
    assert.equal((await moderator.post('/lviv/manage/unhide', { type: 'notice', id: String(noticeId), reason: 'Помилково' })).statusCode, 303);
    assert.ok((await t.browser().get('/lviv/notices')).body.includes('Продам гараж'));
  });

  test('every act is in the audit log, which cannot be changed', async () => {
    const page = await moderator.get('/lviv/manage/audit');
    assert.equal(page.statusCode, 200);
    for (const action of ['notice.created', 'complaint.filed', 'content.hidden', 'user.blocked', 'user.unblocked', 'content.unhidden']) {
      assert.ok(page.body.includes(action), action);
    }
    assert.equal((await andrii.get('/lviv/manage/audit')).statusCode, 403);
    assert.equal((await moderator.get('/manage/audit')).statusCode, 403, 'platform-wide log is for the national moderator');
    await assert.rejects(sql`update audit_log set action = 'x'`.execute(t.ctx.db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(t.ctx.db), /append-only/);
  });

  test('a moderator blocks only people who took part in this community, and the blocks page shows no e-mail', async () => {
    const blocks = async () => (await sql<{ n: number }>`select count(*)::int as n from user_blocks`.execute(t.ctx.db)).rows[0]!.n;
    const letters = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from mail_outbox where subject like 'Обмеження участі%'`.execute(t.ctx.db)).rows[0]!.n;
    const [blocksBefore, lettersBefore] = [await blocks(), await letters()];
    // A resident of Bila Tserkva who never wrote anything in Lviv: to Lviv's moderator she does not exist.
    await t.browser().signInAs(demoPerson((p) => p.lastName === 'Бондар').index);
    const stranger = (await sql<{ id: number }>`select id from users where last_name = 'Бондар'`.execute(t.ctx.db)).rows[0]!.id;
    const refused = await moderator.post('/lviv/manage/blocks', { user_id: String(stranger), reason: 'Спам' });
    assert.equal(refused.statusCode, 404);
    // Nor does a Lviv resident who only filed a complaint here (he authored and commented nothing).
    const andriiId = (await sql<{ id: number }>`select id from users where last_name = 'Шевчук'`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal((await moderator.post('/lviv/manage/blocks', { user_id: String(andriiId), reason: 'Спам' })).statusCode, 404);
    assert.equal(await blocks(), blocksBefore, 'nobody blocked');
    assert.equal(await letters(), lettersBefore, 'nobody mailed');

    // An e-mail account that posted a notice in Lviv may be blocked; the list still shows no address.
    const email = 'anon.poster@example.com';
    const u = (
      await sql<{ id: number }>`insert into users (verification_level, email, phone) values ('email', ${email}, '+380501112233') returning id`.execute(t.ctx.db)
    ).rows[0]!.id;
    await sql`insert into notices (community_id, author_user_id, author_name, body) select id, ${u}, '', 'Куплю гараж' from communities where slug = 'lviv'`.execute(
      t.ctx.db,
    );
    assert.equal((await moderator.post('/lviv/manage/blocks', { user_id: String(u), reason: 'Реклама' })).statusCode, 303);
    const list = await moderator.get('/lviv/manage/blocks');
    assert.match(list.body, /Реклама/);
    assert.ok(!list.body.includes(email) && !list.body.includes('anon.poster'), 'no e-mail address on the blocks page');
    assert.doesNotMatch(list.body, /@[a-z0-9-]+\.[a-z]/i);
  });
});
