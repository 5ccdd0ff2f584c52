/**
 * The rate limits that exist today, proven through HTTP: signing petitions (per person and per
 * network), starting a sign-in (per network), and the e-mail code (new codes per address and per
 * network, tries per code). Each refusal is a 429 with a message that says what happened and when to
 * come back. The limits live in the database, so they hold across app instances.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { browserForNewPerson, createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { makePeople, openPetition } from './support/platform.js';

const SLUG = 'bila-tserkva';
const bc = demoCommunities.find((c) => c.slug === SLUG)!;

/** A request from a given network address, with the browser's cookies and (for forms) its CSRF token. */
async function from(t: TestApp, b: TestBrowser, ip: string, method: 'GET' | 'POST', url: string, form: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  // The token first: reading it gives a new browser its cookie, which the request must then carry.
  const csrf = method === 'POST' ? await b.csrfToken() : '';
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: ip,
    headers: { cookie: b.jar.header(), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(method === 'POST' ? { payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() } : {}),
  });
  b.jar.store(res.headers['set-cookie']);
  return res;
}

function assertLimited(res: LightMyRequestResponse, message: RegExp): void {
  assert.equal(res.statusCode, 429, res.body.slice(0, 300));
  assert.match(res.body, message, 'the page says what happened');
  assert.match(res.body, /<title>[^<]*Віче<\/title>/, 'a whole page of the site, not a bare error');
  assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After tells clients when to come back');
}

const HOUR = 3_600_000;

describe('rate limits', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  }, { timeout: 60_000 });
  after(async () => t.close());

  describe('signing a petition', () => {
    let petition = 0;
    let path = '';
    before(async () => {
      const [author] = await makePeople(t.ctx, SLUG, 1, 'Автор');
      petition = await openPetition({ ctx: t.ctx, db: t.ctx.db }, { slug: SLUG, authorId: author!.userId, moderatorId: author!.userId, threshold: 10_000, title: 'Петиція для перевірки лімітів', email: 'limits.author@example.com' });
      path = `/${SLUG}/petitions/${petition}/sign`;
    });

    test('one person gets 60 signing requests an hour; the 61st is refused with 429 and a clear message, others are not affected', { timeout: 60_000 }, async () => {
      const { browser: hasty } = await browserForNewPerson(t, { lastName: 'Квапливий', firstName: 'Тест', territorialCode: demoSettlementCode(bc) });
      for (let i = 0; i < 60; i++) {
        const r = await hasty.post(path, {});
        assert.equal(r.statusCode, 303, `request ${i + 1} of 60`);
      }
      assertLimited(await hasty.post(path, {}), /Забагато дій за короткий час\. Спробуйте пізніше\./);

      const { browser: other } = await browserForNewPerson(t, { lastName: 'Спокійний', firstName: 'Тест', territorialCode: demoSettlementCode(bc) });
      const r = await other.post(path, {});
      assert.equal(r.statusCode, 303, 'another person from the same network signs');
      assert.equal(r.headers.location, `/${SLUG}/petitions/${petition}`);

      // The window is an hour: then the person is let through again.
      t.clock.advance(HOUR + 1_000);
      assert.equal((await hasty.post(path, {})).statusCode, 303);
    });

    test('a network that sent 2000 signing requests this hour is refused, another network is not', { timeout: 60_000 }, async () => {
      // The per-network limit (2000 an hour per /24) is too many requests for a unit test to send, so
      // the network's earlier hour is written as the limiter itself would have counted it.
      await sql`insert into rate_limits (key, window_start, hits) values ('petition-sign:ip:203.0.113.0/24', ${t.clock.now()}, 2000)`.execute(t.ctx.db);
      const { browser } = await browserForNewPerson(t, { lastName: 'Зблокованої-мережі', firstName: 'Тест', territorialCode: demoSettlementCode(bc) });
      assertLimited(await from(t, browser, '203.0.113.77', 'POST', path), /Забагато дій за короткий час/);
      const ok = await from(t, browser, '198.51.100.77', 'POST', path);
      assert.equal(ok.statusCode, 303, 'the same person from another network');
      const stored = await sql<{ n: number }>`select count(*)::int as n from petition_signatures where petition_id = ${petition} and ip_prefix = '203.0.113.0/24'`.execute(t.ctx.db);
      assert.equal(stored.rows[0]!.n, 0, 'the refused request stored nothing');
    });
  });

  describe('signing in', () => {
    test('60 sign-in starts per network in 10 minutes; the 61st gets 429 saying when to retry', { timeout: 60_000 }, async () => {
      const b = t.browser();
      const ip = '192.0.2.10';
      for (let i = 0; i < 60; i++) {
        const r = await from(t, b, ip, 'GET', '/auth/idgovua/start?return=/lviv');
        assert.equal(r.statusCode, 303, `start ${i + 1} of 60`);
      }
      const refused = await from(t, b, ip, 'GET', '/auth/idgovua/start?return=/lviv');
      assertLimited(refused, /Забагато спроб входу\. Спробуйте знову через \d+ хв\./);
      const states = await sql<{ n: number }>`select count(*)::int as n from oauth_states`.execute(t.ctx.db);

      assert.equal((await from(t, t.browser(), '192.0.3.10', 'GET', '/auth/idgovua/start')).statusCode, 303, 'another network is not affected');
      t.clock.advance(10 * 60_000 + 1_000);
      assert.equal((await from(t, b, ip, 'GET', '/auth/idgovua/start')).statusCode, 303, 'after 10 minutes the network may start again');
      const statesAfter = await sql<{ n: number }>`select count(*)::int as n from oauth_states`.execute(t.ctx.db);
      assert.equal(statesAfter.rows[0]!.n, states.rows[0]!.n + 2, 'a refused start made no sign-in state');
    });
  });

  describe('the e-mail code', () => {
    const ret = '/koriukivka';

    async function askCode(b: TestBrowser, ip: string, email: string): Promise<LightMyRequestResponse> {
      return from(t, b, ip, 'POST', '/auth/email', { return: ret, email, phone: '+380671234567' });
    }

    async function codeOf(email: string, id: string): Promise<string> {
      const mail = await t.ctx.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const code = /Ваш код для входу: (\d{6})/.exec(mail.body_text)?.[1];
      assert.ok(code, `the mail for code ${id} holds the code`);
      return code;
    }

    test('five codes an hour per address (whatever its case), five tries each: at most 25 guesses an hour', { timeout: 60_000 }, async () => {
      const b = t.browser();
      const ip = '100.64.1.10';
      const email = 'guesser@example.com';
      let wrongAnswers = 0;
      for (let n = 0; n < 5; n++) {
        const asked = await askCode(b, ip, n % 2 ? email.toUpperCase() : email);
        assert.equal(asked.statusCode, 303, `code ${n + 1} of 5`);
        const id = /id=(\d+)$/.exec(String(asked.headers.location))![1]!;
        const right = await codeOf(email, id);
        const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
        // Twenty guesses at once: the tries are counted in the database before comparing, so only five
        // are even compared, whatever the timing.
        const guesses = await Promise.all(Array.from({ length: 20 }, () => from(t, b, ip, 'POST', '/auth/email/verify', { id, code: wrong })));
        const compared = guesses.filter((g) => /Код неправильний\. Залишилося спроб: \d/.test(g.body)).length;
        const exhausted = guesses.filter((g) => g.body.includes('Вичерпано 5 спроб. Запросіть новий код.')).length;
        assert.equal(compared, 5, 'five tries were compared');
        assert.equal(exhausted, 15, 'the rest were told the tries are used up');
        assert.ok(guesses.every((g) => g.statusCode === 400));
        wrongAnswers += compared;
        // Even the right code is refused now.
        const late = await from(t, b, ip, 'POST', '/auth/email/verify', { id, code: right });
        assert.equal(late.statusCode, 400);
        assert.ok(late.body.includes('Вичерпано 5 спроб'));
        assert.equal(b.jar.get('viche_session'), undefined);
      }
      assert.equal(wrongAnswers, 25);

      const sixth = await askCode(b, ip, email);
      assertLimited(sixth, /Забагато спроб входу\. Спробуйте знову через \d+ хв\./);
      const codes = await sql<{ n: number }>`select count(*)::int as n from email_codes where email = ${email}`.execute(t.ctx.db);
      assert.equal(codes.rows[0]!.n, 5, 'no sixth code was made');
      const mails = await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute();
      assert.equal(mails.length, 5, 'and no sixth letter sent');

      assert.equal((await askCode(b, ip, 'someone.else@example.com')).statusCode, 303, 'another address is not affected');
      t.clock.advance(HOUR + 1_000);
      assert.equal((await askCode(b, ip, email)).statusCode, 303, 'after an hour the address gets a new code');
    });

    test('60 code requests per network in 10 minutes, across addresses; the 61st gets 429', { timeout: 60_000 }, async () => {
      const b = t.browser();
      const ip = '100.64.2.10';
      for (let i = 0; i < 60; i++) {
        const r = await askCode(b, ip, `many.${i}@example.com`);
        assert.equal(r.statusCode, 303, `request ${i + 1} of 60`);
      }
      assertLimited(await askCode(b, ip, 'many.60@example.com'), /Забагато спроб входу/);
      const mails = await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'many.60@example.com').execute();
      assert.equal(mails.length, 0, 'no letter for the refused request');
      assert.equal((await askCode(b, '100.64.3.10', 'many.60@example.com')).statusCode, 303, 'another network is not affected');
    });
  });
});
