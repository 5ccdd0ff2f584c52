/**
 * The rate limits that exist today, proven through HTTP: signing petitions (per person and per
 * network), starting a sign-in (per network, shared by both ways of signing in), the e-mail code (new
 * codes per address and per network, tries per code), casting a budget ballot on the web (per person),
 * the budget channel API (per key) and Open311 service requests (per key). Each refusal is a 429 with a
 * message that says what happened and when to come back. The limits live in the database, so they hold
 * across app instances. (Guessing school-budget codes is proven in the school budget's own tests.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { browserForNewPerson, createTestApp, type TestApp, type TestBrowser, signedInAs } from '../helpers/test-app.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { CHANNEL_RATE_PER_MINUTE } from '../../src/modules/budgets/routes/api.js';
import { createChannel } from '../../src/modules/budgets/index.js';
import { ballotCounts, makePeople, openPetition, openVotingContest } from './support/platform.js';

const SLUG = 'bila-tserkva';
const bc = demoCommunities.find((c) => c.slug === SLUG)!;

/** A request from a given network address, with the browser's cookies and (for forms) its CSRF token. */
async function from(
  t: TestApp,
  b: TestBrowser,
  ip: string,
  method: 'GET' | 'POST',
  url: string,
  form: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
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

/** A 429 of the JSON APIs: the error's message says what happened, Retry-After when to come back. */
function assertLimitedJson(res: LightMyRequestResponse, message: RegExp): void {
  assert.equal(res.statusCode, 429, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /json/);
  const body = res.json() as { error?: { message?: string } } | { description?: string }[];
  const text = Array.isArray(body) ? body[0]?.description : body.error?.message;
  assert.match(String(text), message);
  assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After tells clients when to come back');
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
  before(
    async () => {
      t = await createTestApp({ seedModules: false });
    },
    { timeout: 60_000 },
  );
  after(async () => t.close());

  describe('signing a petition', () => {
    let petition = 0;
    let path = '';
    before(async () => {
      const [author] = await makePeople(t.ctx, SLUG, 1, 'Автор');
      petition = await openPetition(
        { ctx: t.ctx, db: t.ctx.db },
        {
          slug: SLUG,
          authorId: author!.userId,
          moderatorId: author!.userId,
          threshold: 10_000,
          title: 'Петиція для перевірки лімітів',
          email: 'limits.author@example.com',
        },
      );
      path = `/${SLUG}/petitions/${petition}/sign`;
    });

    test(
      'one person gets 60 signing requests an hour; the 61st is refused with 429 and a clear message, others are not affected',
      { timeout: 60_000 },
      async () => {
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
      },
    );

    test('a network that sent 2000 signing requests this hour is refused, another network is not', { timeout: 60_000 }, async () => {
      // The per-network limit (2000 an hour per /24) is too many requests for a unit test to send, so
      // the network's earlier hour is written as the limiter itself would have counted it.
      await sql`insert into rate_limits (key, window_start, hits) values ('petition-sign:ip:203.0.113.0/24', ${t.clock.now()}, 2000)`.execute(t.ctx.db);
      const { browser } = await browserForNewPerson(t, { lastName: 'Зблокованої-мережі', firstName: 'Тест', territorialCode: demoSettlementCode(bc) });
      assertLimited(await from(t, browser, '203.0.113.77', 'POST', path), /Забагато дій за короткий час/);
      const ok = await from(t, browser, '198.51.100.77', 'POST', path);
      assert.equal(ok.statusCode, 303, 'the same person from another network');
      const stored = await sql<{
        n: number;
      }>`select count(*)::int as n from petition_signatures where petition_id = ${petition} and ip_prefix = '203.0.113.0/24'`.execute(t.ctx.db);
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

  describe('signing in, both ways', () => {
    test(
      'starting id.gov.ua sign-in and asking for e-mail codes share one budget of 60 per network; a /48 of IPv6 is one network',
      { timeout: 60_000 },
      async () => {
        const b = t.browser();
        const [ip1, ip2] = ['2001:db8:aaaa:1::10', '2001:db8:aaaa:2::20'];
        for (let i = 0; i < 30; i++)
          assert.equal((await from(t, b, i % 2 ? ip1 : ip2, 'GET', '/auth/idgovua/start?return=/koriukivka')).statusCode, 303, `start ${i + 1}`);
        for (let i = 0; i < 30; i++) {
          const r = await from(t, b, i % 2 ? ip2 : ip1, 'POST', '/auth/email', {
            return: '/koriukivka',
            email: `shared.${i}@example.com`,
            phone: '+380671234567',
          });
          assert.equal(r.statusCode, 303, `code ${i + 1}`);
        }
        // The 61st attempt of the network, either way, is refused; the two addresses are one /48.
        assertLimited(await from(t, b, ip1, 'GET', '/auth/idgovua/start'), /Забагато спроб входу\. Спробуйте знову через \d+ хв\./);
        assertLimited(
          await from(t, b, ip2, 'POST', '/auth/email', { return: '/koriukivka', email: 'shared.60@example.com', phone: '+380671234567' }),
          /Забагато спроб входу/,
        );
        assert.equal(
          (await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'shared.60@example.com').execute()).length,
          0,
          'no letter for the refused request',
        );
        assert.equal((await from(t, t.browser(), '2001:db8:bbbb:1::10', 'GET', '/auth/idgovua/start')).statusCode, 303, 'another /48 is not affected');
      },
    );
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

    test('five codes an hour per address (whatever its case)', { timeout: 60_000 }, async () => {
      const b = t.browser();
      const ip = '100.64.1.10';
      const email = 'many.codes@example.com';
      for (let n = 0; n < 5; n++) {
        const asked = await askCode(b, ip, n % 2 ? email.toUpperCase() : email);
        assert.equal(asked.statusCode, 303, `code ${n + 1} of 5`);
      }
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

    test('five tries per code, and ten wrong codes a day per address over all its codes', { timeout: 60_000 }, async () => {
      const b = t.browser();
      const ip = '100.64.1.20';
      const email = 'guesser@example.com';
      let wrongAnswers = 0;
      for (let n = 0; n < 2; n++) {
        const asked = await askCode(b, ip, n % 2 ? email.toUpperCase() : email);
        assert.equal(asked.statusCode, 303, `code ${n + 1}`);
        const id = /id=(\d+)$/.exec(String(asked.headers.location))![1]!;
        const right = await codeOf(email, id);
        const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
        // Twenty guesses at once: the tries are counted in the database before comparing, so only five
        // are even compared, whatever the timing.
        const guesses = await Promise.all(Array.from({ length: 20 }, () => from(t, b, ip, 'POST', '/auth/email/verify', { id, code: wrong })));
        const compared = guesses.filter((g) => /Код неправильний\. Залишилося спроб: \d/.test(g.body)).length;
        const exhausted = guesses.filter((g) => g.body.includes('Вичерпано 5 спроб. Запросіть новий код.')).length;
        const outOfDay = guesses.filter((g) => g.statusCode === 429 && g.body.includes('Забагато неправильних кодів для цієї адреси')).length;
        assert.equal(compared, 5, 'five tries were compared');
        // The second code's last guesses may already meet the address's daily limit.
        assert.equal(exhausted + outOfDay, 15, 'the rest were told the tries are used up');
        if (n === 0) assert.equal(outOfDay, 0);
        wrongAnswers += compared;
        // Even the right code is refused now.
        const late = await from(t, b, ip, 'POST', '/auth/email/verify', { id, code: right });
        assert.equal(late.statusCode, 400);
        assert.ok(late.body.includes('Вичерпано 5 спроб'));
        assert.equal(b.jar.get('viche_session'), undefined);
      }
      assert.equal(wrongAnswers, 10);

      // New codes would mean new guesses: none is sent for the rest of the day.
      const third = await askCode(b, ip, email);
      assertLimited(third, /Забагато неправильних кодів для цієї адреси\. Спробуйте знову через \d+ год/);
      const codes = await sql<{ n: number }>`select count(*)::int as n from email_codes where email = ${email}`.execute(t.ctx.db);
      assert.equal(codes.rows[0]!.n, 2, 'no third code was made');
      assert.equal((await askCode(b, ip, 'someone.else.2@example.com')).statusCode, 303, 'another address is not affected');
      t.clock.advance(HOUR + 1_000);
      assertLimited(await askCode(b, ip, email), /Забагато неправильних кодів/);
      t.clock.advance(24 * HOUR);
      assert.equal((await askCode(b, ip, email)).statusCode, 303, 'a day later the address gets a new code');
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
  describe('casting a budget ballot on the web', () => {
    let base = '';
    let projectId = 0;
    let contestId = 0;
    before(async () => {
      const contest = await openVotingContest({ db: t.ctx.db }, { slug: SLUG, title: 'Бюджет для перевірки лімітів', projects: 1 });
      contestId = contest.contestId;
      projectId = contest.projectIds[0]!;
      base = `/${SLUG}/budgets/${contestId}`;
    });

    test(
      'one person confirms a ballot at most 20 times an hour; the 21st attempt is 429 with a message, another person votes',
      { timeout: 60_000 },
      async () => {
        const { browser: voter } = await browserForNewPerson(t, { lastName: 'Наполегливий', firstName: 'Виборець', territorialCode: demoSettlementCode(bc) });
        const confirm = (b: TestBrowser) => b.post(`${base}/vote/confirm`, { project: String(projectId) });
        const first = await confirm(voter);
        assert.equal(first.statusCode, 303, 'the first confirmation casts the ballot');
        for (let i = 2; i <= 20; i++) {
          const r = await confirm(voter);
          assert.equal(r.statusCode, 200, `attempt ${i} of 20`);
          assert.match(r.body, /Ви вже проголосували/);
        }
        assertLimited(await confirm(voter), /Забагато спроб/);
        const counts = await ballotCounts(t.ctx.db, contestId);
        assert.deepEqual([counts.ballots, counts.rejects], [1, 19], 'the refused attempt recorded nothing');

        const { browser: other } = await browserForNewPerson(t, { lastName: 'Спокійна', firstName: 'Виборниця', territorialCode: demoSettlementCode(bc) });
        assert.equal((await confirm(other)).statusCode, 303, 'another person votes');
        t.clock.advance(HOUR + 1_000);
        assert.equal((await confirm(voter)).statusCode, 200, 'an hour later the person is answered again');
      },
    );
  });

  describe('the budget channel API', () => {
    test(
      `a key makes ${CHANNEL_RATE_PER_MINUTE} requests a minute; the next is 429 with a message, another key is not affected`,
      { timeout: 60_000 },
      async () => {
        const community = (await sql<{ id: number }>`select id from communities where slug = ${SLUG}`.execute(t.ctx.db)).rows[0]!.id;
        const { contestId } = await openVotingContest({ db: t.ctx.db }, { slug: SLUG, title: 'Бюджет для перевірки лімітів каналу', projects: 1 });
        const [busy, calm] = await Promise.all(
          ['Термінал у ЦНАП', 'Чат-бот'].map((name) =>
            createChannel(t.ctx.db, {
              secretKey: t.ctx.config.secretKey,
              communityId: community,
              name,
              kind: 'terminal',
              actorUserId: null,
              now: t.clock.now(),
            }),
          ),
        );
        const call = (key: string, ip: string) =>
          t.app.inject({ method: 'GET', url: '/api/v1/channels/contests', remoteAddress: ip, headers: { authorization: `Bearer ${key}` } });
        for (let i = 0; i < CHANNEL_RATE_PER_MINUTE; i++) assert.equal((await call(busy!.key, `198.51.100.${i % 200}`)).statusCode, 200, `request ${i + 1}`);
        // Per key, whatever the address: the 121st from a new address is refused.
        assertLimitedJson(await call(busy!.key, '203.0.113.200'), new RegExp(`At most ${CHANNEL_RATE_PER_MINUTE} requests a minute per key`));
        const ballot = await t.app.inject({
          method: 'POST',
          url: `/api/v1/channels/contests/${contestId}/ballots`,
          headers: { authorization: `Bearer ${busy!.key}`, 'idempotency-key': 'limit-test-0001', 'content-type': 'application/json' },
          payload: JSON.stringify({ rnokpp: '1234567890', birthDate: '1980-01-01', territorialCode: demoSettlementCode(bc), projectIds: [] }),
        });
        assertLimitedJson(ballot, /At most/);
        assert.equal((await ballotCounts(t.ctx.db, contestId)).ballots, 0, 'a refused ballot is not stored');
        assert.equal((await call(calm!.key, '203.0.113.200')).statusCode, 200, 'another key from the same address is served');
        t.clock.advance(61_000);
        assert.equal((await call(busy!.key, '203.0.113.200')).statusCode, 200, 'a minute later the key is served again');
      },
    );
  });

  describe('Open311 service requests', () => {
    test(
      'a key posts 600 requests an hour; the 601st is 429 with a description in the spec format, another key is not affected',
      { timeout: 60_000 },
      async () => {
        const moderator = await signedInAs(t, (p) => p.lastName === 'Модератор' && p.firstName === 'Ольга');
        const keys: string[] = [];
        for (const name of ['Міський чат-бот', 'Застосунок ОСББ']) {
          const page = await moderator.post(`/${SLUG}/open-city/manage/keys`, { name });
          const key = /(oc_[A-Za-z0-9_-]{20,})/.exec(page.body)?.[1];
          assert.ok(key, `key «${name}» issued: ${page.statusCode}`);
          keys.push(key);
        }
        const [busy, calm] = keys as [string, string];
        const busyId = (await sql<{ id: number }>`select id from oc_api_keys where name = 'Міський чат-бот'`.execute(t.ctx.db)).rows[0]!.id;
        // 600 real reports would take most of a minute; the key's first 590 of this hour are written as the
        // limiter itself counts them, and the last ten go through HTTP.
        await sql`insert into rate_limits (key, window_start, hits) values (${`open311:key:${busyId}`}, ${t.clock.now()}, 590)`.execute(t.ctx.db);
        const report = (key: string, n: number) =>
          t.app.inject({
            method: 'POST',
            url: '/open311/v2/requests.json',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({
              jurisdiction_id: SLUG,
              api_key: key,
              service_code: 'waste-dump',
              address_string: `вул. Ярослава Мудрого, ${n}`,
              description: `Звалище № ${n}`,
            }).toString(),
          });
        for (let i = 591; i <= 600; i++) assert.equal((await report(busy, i)).statusCode, 200, `request ${i} of 600`);
        const before = (await sql<{ n: number }>`select count(*)::int as n from oc_reports where source = 'open311'`.execute(t.ctx.db)).rows[0]!.n;
        assertLimitedJson(await report(busy, 601), /Too many requests for this api_key; try again later/);
        const xml = await t.app.inject({
          method: 'POST',
          url: '/open311/v2/requests.xml',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            jurisdiction_id: SLUG,
            api_key: busy,
            service_code: 'waste-dump',
            address_string: 'вул. Ярослава Мудрого, 602',
          }).toString(),
        });
        assert.equal(xml.statusCode, 429);
        assert.match(xml.body, /<error><code>429<\/code><description>Too many requests for this api_key; try again later<\/description><\/error>/);
        const afterRefusals = (await sql<{ n: number }>`select count(*)::int as n from oc_reports where source = 'open311'`.execute(t.ctx.db)).rows[0]!.n;
        assert.equal(afterRefusals, before, 'the refused requests made no report');
        assert.equal((await report(calm, 1)).statusCode, 200, 'another key is not affected');
      },
    );
  });
});
