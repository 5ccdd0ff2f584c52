/**
 * Issue #15, item 13: what a forgotten setting or an endless supply of new codes must not give away.
 * Demo mode (with /dev/mail, where sign-in codes can be read) is off by default on a production machine;
 * /metrics can require a token; e-mail sign-in codes allow at most 10 wrong tries per address per day,
 * however many new codes are asked for; IPv6 addresses are grouped by their /48 for rate limits.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { freshPostgresDatabase } from '../helpers/processes.js';
import { ipPrefix } from '../../src/core/security/rate-limit.js';
import { createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { completeSmsStep } from '../helpers/weak-sign-in.js';

describe('demo mode defaults', () => {
  test('on for a fresh checkout (npm start), off with NODE_ENV=production or a SECRET_KEY', () => {
    assert.equal(loadConfig({}).demo, true, 'npm start on a fresh machine: the demo');
    assert.equal(loadConfig({ NODE_ENV: 'development' }).demo, true);
    assert.equal(loadConfig({ SECRET_KEY: 'k'.repeat(32) }).demo, false, 'a real secret means a real platform');
    assert.equal(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(32) }).demo, false);
    // Production without a secret is not quietly a demo: it refuses to start.
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SECRET_KEY must be set/);
    // Asked for explicitly, it is still there (the system tests and the benchmark run so).
    assert.equal(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(32), DEMO: '1' }).demo, true);
    assert.equal(loadConfig({ DEMO: '0', SECRET_KEY: 'k'.repeat(32) }).demo, false);
  });

  test('METRICS_TOKEN is read from the environment', () => {
    assert.equal(loadConfig({}).metricsToken, null);
    assert.equal(loadConfig({ METRICS_TOKEN: 'abc123' }).metricsToken, 'abc123');
  });
});

describe('DATABASE_POOL_SIZE', () => {
  test('10 unless set; anything but a whole number from 1 to 500 is refused at start, naming the variable', () => {
    assert.equal(loadConfig({}).databasePoolSize, 10);
    assert.equal(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize, 4);
    for (const bad of ['0', '-2', '2.5', 'many', '501'])
      assert.throws(
        () => loadConfig({ DATABASE_POOL_SIZE: bad }),
        new RegExp(`DATABASE_POOL_SIZE is a whole number of connections from 1 to 500, not «${bad}»`),
      );
  });

  test('a PostgreSQL server gets at most that many connections from the app', { skip: !process.env.DATABASE_URL && 'PostgreSQL only' }, async () => {
    const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!, 'pool');
    const config = loadConfig({ DATABASE_URL: fresh.url, DATABASE_POOL_SIZE: '3' });
    const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize, dataDir: null });
    try {
      const pids = await Promise.all(
        Array.from({ length: 9 }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.2)`.execute(database.db)).rows[0]!.pid),
      );
      assert.equal(new Set(pids).size, 3, 'nine queries at once share the three connections');
    } finally {
      await database.close();
      await fresh.drop();
    }
  });
});

describe('IPv6 networks for rate limits', () => {
  test('/24 for IPv4, /48 for IPv6, whatever the notation', () => {
    assert.equal(ipPrefix('203.0.113.77'), '203.0.113.0/24');
    assert.equal(ipPrefix('::ffff:203.0.113.77'), '203.0.113.0/24');
    assert.equal(ipPrefix('2001:db8::1'), '2001:db8::/48');
    assert.equal(ipPrefix('2001:db8:0:1::1'), '2001:db8::/48');
    assert.equal(ipPrefix('2001:0db8:00ab:ffff:1:2:3:4'), '2001:db8:ab::/48');
    assert.equal(ipPrefix('2001:DB8:AB:1::'), '2001:db8:ab::/48');
    assert.equal(ipPrefix('::1'), '::/48');
    assert.equal(ipPrefix('fe80::1%eth0'), 'fe80::/48');
    // Two addresses of one /48 share a key; of two /48s, not.
    assert.equal(ipPrefix('2001:db8:1:2::a'), ipPrefix('2001:db8:1:ffff::b'));
    assert.notEqual(ipPrefix('2001:db8:1::a'), ipPrefix('2001:db8:2::a'));
    assert.equal(ipPrefix('not an address'), 'unknown');
  });
});

describe('/metrics and e-mail codes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false, config: { metricsToken: 'metrics-secret-token' } });
  });
  after(async () => t.close());

  test('/metrics needs the bearer token when METRICS_TOKEN is set', async () => {
    const get = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    assert.equal((await get()).statusCode, 401);
    assert.equal((await get('Bearer wrong')).statusCode, 401);
    assert.equal((await get('Bearer metrics-secret-token-and-more')).statusCode, 401);
    assert.equal((await get('Basic bWV0cmljcy1zZWNyZXQtdG9rZW4=')).statusCode, 401);
    const ok = await get('Bearer metrics-secret-token');
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /viche_http_requests_total/);
  });

  async function requestCode(b: TestBrowser, email: string) {
    const res = await b.post('/auth/email', { return: '/koriukivka', email, phone: '+380671234567' });
    if (res.statusCode !== 303) return { res, id: '', code: '' };
    const id = /id=(\d+)/.exec(String(res.headers.location))![1]!;
    const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { res, id, code: /Ваш код для входу: (\d{6})/.exec(mail.body_text)![1]! };
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  test('at most 10 wrong codes per address per day, however many new codes are asked for', async () => {
    const email = 'guesser@example.com';
    let wrongTries = 0;
    // Two codes, five wrong tries each (each code's own limit): ten wrong tries for the address.
    for (let c = 0; c < 2; c++) {
      const b = t.browser();
      const { id, code } = await requestCode(b, email);
      for (let i = 0; i < 5; i++) {
        const res = await b.post('/auth/email/verify', { id, code: wrong(code) });
        assert.equal(res.statusCode, 400);
        wrongTries++;
      }
    }
    assert.equal(wrongTries, 10);
    // An eleventh chance is not handed out: no new code is sent…
    const b = t.browser();
    const before = (await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).length;
    const third = await requestCode(b, email);
    assert.equal(third.res.statusCode, 429, third.res.body.slice(0, 300));
    assert.match(third.res.body, /Забагато неправильних кодів для цієї адреси/);
    assert.equal((await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).length, before);
    // …and the codes already sent are refused, even the right one (or a guesser could tell a hit).
    t.clock.advance(60 * 60_000);
    assert.equal((await t.browser().post('/auth/email', { return: '/koriukivka', email, phone: '+380671234567' })).statusCode, 429);

    // Another address is not affected.
    const other = await requestCode(t.browser(), 'someone.else@example.com');
    assert.equal(other.res.statusCode, 303);

    // A day later the address can sign in again.
    t.clock.advance(24 * 60 * 60_000);
    const fresh = t.browser();
    const again = await requestCode(fresh, email);
    assert.equal(again.res.statusCode, 303);
    const ok = await completeSmsStep(t, fresh, await fresh.post('/auth/email/verify', { id: again.id, code: again.code }));
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/koriukivka');
  });

  test('wrong tries already spent are refused at the code page too, right code included', async () => {
    const email = 'parallel@example.com';
    // Three codes asked for at once, before any guess.
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const b = t.browser();
      codes.push({ b, ...(await requestCode(b, email)) });
    }
    for (const { b, id, code } of codes.slice(0, 2)) {
      for (let i = 0; i < 5; i++) assert.equal((await b.post('/auth/email/verify', { id, code: wrong(code) })).statusCode, 400);
    }
    const last = codes[2]!;
    const refused = await last.b.post('/auth/email/verify', { id: last.id, code: last.code });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /Забагато неправильних кодів для цієї адреси/);
    assert.equal(last.b.jar.get('viche_session'), undefined);
  });
});
