/**
 * Following by e-mail (issue #20, point 4), through HTTP: the follow box for the signed-out, the
 * unconfirmed and the confirmed; an event gives exactly one letter with the RFC 8058 headers; a daily
 * digest gathers several events into one letter and is sent once, also by two runs at the same time
 * (on PostgreSQL, two connections); the one-click POST unsubscribes without a session, a GET does not;
 * the cabinet lists and changes follows; deleting the account deletes them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { browserForNewPerson, createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { collectingPetition } from '../helpers/petitions.js';
import { runDigests, runFollowWork, SCAN_INTERVAL_MS } from '../../src/core/follows/service.js';
import { outboxMailOptions } from '../../src/core/mail/mailer.js';
import { demoSettlementCode, demoCommunities } from '../../src/core/demo/communities.js';

const DAY = 86_400_000;

async function lettersTo(t: TestApp, email: string) {
  return t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).where('list_unsubscribe', 'is not', null).orderBy('id').execute();
}

/** The worker's tick for following, a scan interval later (as the worker would run it). */
async function tick(t: TestApp): Promise<void> {
  t.clock.advance(SCAN_INTERVAL_MS + 1000);
  await runFollowWork(t.ctx);
}

async function follows(t: TestApp, email: string) {
  return t.ctx.db
    .selectFrom('follows')
    .innerJoin('users', 'users.id', 'follows.user_id')
    .select(['follows.id', 'follows.tool', 'follows.item', 'follows.frequency'])
    .where('users.email', '=', email)
    .execute();
}

describe('following by e-mail', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('a signed-out visitor sees a sign-in link, never a follow button', async () => {
    for (const path of ['/lviv', '/lviv/petitions']) {
      const res = await t.browser().get(path);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Увійдіть, щоб стежити за новинами ел\. поштою/);
      assert.doesNotMatch(res.body, /action="\/lviv\/follow"/);
    }
  });

  test('without a confirmed address: a link to confirm it, and a refusal that says why', async () => {
    const lviv = demoCommunities.find((c) => c.slug === 'lviv')!;
    const { browser } = await browserForNewPerson(t, {
      lastName: 'Непідтверджена',
      firstName: 'Тест',
      territorialCode: demoSettlementCode(lviv),
      email: 'unconfirmed@example.com',
    });
    const page = await browser.get('/lviv');
    assert.match(page.body, /підтвердьте свою адресу/);
    assert.doesNotMatch(page.body, /action="\/lviv\/follow"/);
    const res = await browser.post('/lviv/follow', { tool: '', item: '', frequency: 'instant', return: '/lviv' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /підтверджена адреса ел\. пошти/);
    assert.deepEqual(await follows(t, 'unconfirmed@example.com'), []);
  });

  let instant: TestBrowser;
  test('follow a tool → a new petition → exactly one letter, with the List-Unsubscribe headers', async () => {
    instant = await signedInByEmail(t, 'instant@example.com', { phone: '+380671110001' });
    const list = await instant.get('/lviv/petitions');
    assert.match(list.body, /action="\/lviv\/follow"/);
    const res = await instant.post('/lviv/follow', { tool: 'petitions', item: '', frequency: 'instant', return: '/lviv/petitions' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, '/lviv/petitions');
    assert.match((await instant.get('/lviv/petitions')).body, /Ви стежите за цим/);

    await tick(t);
    assert.equal((await lettersTo(t, 'instant@example.com')).length, 0, 'what was there before the follow is not news');

    const id = await collectingPetition(t, 'lviv', 'Лавки в парку Франка');
    await tick(t);
    await tick(t);
    const letters = await lettersTo(t, 'instant@example.com');
    assert.equal(letters.length, 1, 'one letter, however many ticks');
    const letter = letters[0]!;
    assert.match(letter.subject, /Лавки в парку Франка/);
    assert.ok(letter.body_text.includes(`http://viche.test/lviv/petitions/${id}`));
    assert.match(letter.list_unsubscribe ?? '', /^http:\/\/viche\.test\/unsubscribe\/[A-Za-z0-9_-]+$/);
    assert.ok(letter.body_text.includes(letter.list_unsubscribe!), 'the body has the same unsubscribe link');

    // What goes over SMTP: the two headers of RFC 8058.
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const sent = await stream.sendMail(outboxMailOptions(letter, 'Віче <noreply@viche.test>'));
    const raw = (sent.message as Buffer).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
    assert.ok(raw.includes(`List-Unsubscribe: <${letter.list_unsubscribe}>`), raw.slice(0, 800));
    assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });

  test('a GET of the unsubscribe link changes nothing; the one-click POST, without a session, unsubscribes', async () => {
    const [letter] = await lettersTo(t, 'instant@example.com');
    const path = new URL(letter!.list_unsubscribe!).pathname;
    const get = await t.browser().get(path);
    assert.equal(get.statusCode, 200);
    assert.match(get.body, /<form method="post" action="\/unsubscribe\//);
    assert.equal((await follows(t, 'instant@example.com')).length, 1, 'a link scanner unsubscribes nobody');

    const forged = await t.app.inject({
      method: 'POST',
      url: `${path.slice(0, -2)}xx`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(forged.statusCode, 404);
    assert.equal((await follows(t, 'instant@example.com')).length, 1);

    const post = await t.app.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(post.statusCode, 200, post.body.slice(0, 300));
    assert.match(post.body, /Ви відписалися/);
    assert.deepEqual(await follows(t, 'instant@example.com'), []);

    await collectingPetition(t, 'lviv', 'Після відписки');
    await tick(t);
    assert.equal((await lettersTo(t, 'instant@example.com')).length, 1, 'no letter after unsubscribing');
  });

  test('follow one petition: its answer reaches the person, another petition does not', async () => {
    const b = await signedInByEmail(t, 'item@example.com', { phone: '+380671110002' });
    const id = await collectingPetition(t, 'lviv', 'Світлофор на Личаківській');
    await tick(t);
    const page = await b.get(`/lviv/petitions/${id}`);
    assert.match(page.body, /Стежити за цим/);
    assert.equal(
      (await b.post('/lviv/follow', { tool: 'petitions', item: String(id), frequency: 'instant', return: `/lviv/petitions/${id}` })).statusCode,
      303,
    );
    const unknown = await b.post('/lviv/follow', { tool: 'petitions', item: '999999', frequency: 'instant', return: '/lviv' });
    assert.equal(unknown.statusCode, 404, 'an item nobody can see is not followed');

    await collectingPetition(t, 'lviv', 'Інша петиція');
    await tick(t);
    assert.deepEqual(
      (await lettersTo(t, 'item@example.com')).map((l) => l.subject),
      [],
    );
    await sql`update petitions set status = 'answered', answered_at = ${t.clock.now()} where id = ${id}`.execute(t.ctx.db);
    await tick(t);
    const letters = await lettersTo(t, 'item@example.com');
    assert.equal(letters.length, 1);
    assert.match(letters[0]!.subject, /Відповідь на петицію: Світлофор на Личаківській/);
  });

  test('a daily digest gathers several events into one letter, and a second run sends nothing', async () => {
    const b = await signedInByEmail(t, 'daily@example.com', { phone: '+380671110003' });
    assert.equal((await b.post('/lviv/follow', { tool: '', item: '', frequency: 'daily', return: '/lviv' })).statusCode, 303);
    await collectingPetition(t, 'lviv', 'Перша для підбірки');
    await tick(t);
    await collectingPetition(t, 'lviv', 'Друга для підбірки');
    await tick(t);
    assert.equal((await lettersTo(t, 'daily@example.com')).length, 0, 'no instant letters for a digest reader');
    t.clock.advance(DAY);
    await runFollowWork(t.ctx);
    await runFollowWork(t.ctx);
    const letters = await lettersTo(t, 'daily@example.com');
    assert.equal(letters.length, 1);
    assert.match(letters[0]!.body_text, /Перша для підбірки[\s\S]*Друга для підбірки/);
    assert.match(letters[0]!.subject, /за день/);

    // Its unsubscribe link ends the daily digest; a mail client may post multipart.
    const path = new URL(letters[0]!.list_unsubscribe!).pathname;
    const boundary = 'x-boundary';
    const post = await t.app.inject({
      method: 'POST',
      url: path,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(post.statusCode, 200, post.body.slice(0, 300));
    assert.deepEqual(await follows(t, 'daily@example.com'), []);
  });

  test('two digest runs at the same time send one letter', async () => {
    const b = await signedInByEmail(t, 'race@example.com', { phone: '+380671110004' });
    assert.equal((await b.post('/lviv/follow', { tool: 'petitions', item: '', frequency: 'daily', return: '/lviv' })).statusCode, 303);
    await collectingPetition(t, 'lviv', 'Петиція для перегонів');
    await tick(t);
    t.clock.advance(DAY);
    await Promise.all([runDigests(t.ctx), runDigests(t.ctx), runDigests(t.ctx)]);
    assert.equal((await lettersTo(t, 'race@example.com')).length, 1);
  });

  test('the cabinet lists follows with their frequency; one’s own only can be changed; deletion removes them', async () => {
    const b = await signedInByEmail(t, 'cabinet@example.com', { phone: '+380671110005' });
    assert.equal((await b.post('/lviv/follow', { tool: '', item: '', frequency: 'instant', return: '/lviv' })).statusCode, 303);
    const [f] = await follows(t, 'cabinet@example.com');
    const cabinet = await b.get('/cabinet');
    assert.match(cabinet.body, /id="follows"/);
    assert.match(cabinet.body, new RegExp(`action="/cabinet/follows/${f!.id}"`));
    assert.equal((await b.post(`/cabinet/follows/${f!.id}`, { frequency: 'weekly' })).statusCode, 303);
    assert.equal((await follows(t, 'cabinet@example.com'))[0]!.frequency, 'weekly');

    const other = await signedInByEmail(t, 'other@example.com', { phone: '+380671110006' });
    assert.equal((await other.post(`/cabinet/follows/${f!.id}`, { frequency: 'daily' })).statusCode, 404);
    assert.equal((await other.post(`/cabinet/follows/${f!.id}/delete`, {})).statusCode, 404);
    assert.equal((await follows(t, 'cabinet@example.com'))[0]!.frequency, 'weekly');

    const userId = (await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'cabinet@example.com').executeTakeFirstOrThrow()).id;
    assert.equal((await b.post('/cabinet/delete', { confirm: 'on' })).statusCode, 303);
    const left = await t.ctx.db.selectFrom('follows').select('id').where('user_id', '=', userId).execute();
    assert.deepEqual(left, []);
  });
});
