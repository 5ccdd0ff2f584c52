import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp } from '../helpers/test-app.js';

describe('sign-in through id.gov.ua (emulator)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('a resident signs in, sees the cabinet with their name, and signs out', async () => {
    const { index, person } = demoPerson((p) => p.lastName === 'Коваленко' && p.firstName === 'Олена');
    const b = t.browser();
    const res = await b.signInAs(index);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/cabinet');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /viche_session=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const cabinet = await b.get('/cabinet');
    assert.equal(cabinet.statusCode, 200);
    assert.match(cabinet.body, /Коваленко Олена Петрівна/);
    assert.match(cabinet.body, /Перевірено через id\.gov\.ua/);
    assert.match(cabinet.body, /Львівська міська територіальна громада/);
    // The tax number is nowhere in the database: only its keyed hash.
    const dump = await sql<{ t: string }>`select row_to_json(u)::text as t from users u`.execute(t.ctx.db);
    assert.ok(dump.rows.length >= 1);
    for (const r of dump.rows) assert.ok(!r.t.includes(person.rnokpp));
    const out = await b.post('/auth/sign-out', {});
    assert.equal(out.statusCode, 303);
    const after = await b.get('/cabinet');
    assert.equal(after.statusCode, 303);
    assert.match(String(after.headers.location), /^\/auth\/sign-in\?return=%2Fcabinet/);
  });

  test('signing in twice keeps one account for the person', async () => {
    const { index } = demoPerson((p) => p.lastName === 'Шевчук');
    await t.browser().signInAs(index);
    await t.browser().signInAs(index);
    const n = await sql<{ n: number }>`select count(*)::int as n from users where last_name = 'Шевчук'`.execute(t.ctx.db);
    assert.equal(n.rows[0]!.n, 1);
  });

  test('demo roles are handed over on first sign-in', async () => {
    const { index } = demoPerson((p) => p.roles.some((r) => r.kind === 'national-moderator'));
    const b = t.browser();
    await b.signInAs(index);
    const cabinet = await b.get('/cabinet');
    assert.match(cabinet.body, /Національний модератор/);
    const audit = await b.get('/manage/audit');
    assert.equal(audit.statusCode, 200);
  });

  test('a reused state gives a clear page and no session', async () => {
    const { index } = demoPerson((p) => p.lastName === 'Литвин');
    const b = t.browser();
    const start = await b.get('/auth/idgovua/start?return=/lviv');
    const authorize = new URL(String(start.headers.location));
    const form = new URLSearchParams(authorize.searchParams);
    form.set('person', String(index));
    form.set('method', 'bank_id');
    const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(String(consent.headers.get('location')));
    const first = await b.get(back.pathname + back.search);
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/lviv');
    b.jar.delete('viche_session');
    const again = await b.get(back.pathname + back.search);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /недійсне, вже використане або застаріле/);
    assert.doesNotMatch(String(again.headers['set-cookie'] ?? ''), /viche_session=[^;]/);
  });

  test('a forged state, or a state from another browser, is refused', async () => {
    const b = t.browser();
    const forged = await b.get('/auth/idgovua/callback?code=abc&state=forged-state');
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /Вхід не вдався/);
    const start = await b.get('/auth/idgovua/start');
    const state = new URL(String(start.headers.location)).searchParams.get('state');
    const other = t.browser();
    const stolen = await other.get(`/auth/idgovua/callback?code=abc&state=${state}`);
    assert.equal(stolen.statusCode, 400);
    assert.equal(other.jar.get('viche_session'), undefined);
  });

  test('a reused code is refused by id.gov.ua and gives no session', async () => {
    const { index } = demoPerson((p) => p.lastName === 'Литвин');
    const b = t.browser();
    const start1 = await b.get('/auth/idgovua/start');
    const form = new URLSearchParams(new URL(String(start1.headers.location)).searchParams);
    form.set('person', String(index));
    form.set('method', 'diia_id');
    const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
    const code = new URL(String(consent.headers.get('location'))).searchParams.get('code');
    const state1 = form.get('state');
    assert.equal((await b.get(`/auth/idgovua/callback?code=${code}&state=${state1}`)).statusCode, 303);
    b.jar.delete('viche_session');
    const start2 = await b.get('/auth/idgovua/start');
    const state2 = new URL(String(start2.headers.location)).searchParams.get('state');
    const reuse = await b.get(`/auth/idgovua/callback?code=${code}&state=${state2}`);
    assert.equal(reuse.statusCode, 502);
    assert.match(reuse.body, /не підтвердив вхід/);
    assert.equal(b.jar.get('viche_session'), undefined);
  });

  test('refusing consent gives a clear page and no session', async () => {
    const b = t.browser();
    const start = await b.get('/auth/idgovua/start');
    const form = new URLSearchParams(new URL(String(start.headers.location)).searchParams);
    form.set('deny', '1');
    const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(String(consent.headers.get('location')));
    assert.equal(back.searchParams.get('error'), 'access_denied');
    const res = await b.get(back.pathname + back.search);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /не надали згоду/);
    assert.equal(b.jar.get('viche_session'), undefined);
  });

  test('sign-in is rate limited per network', async () => {
    const b = t.browser();
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await b.get('/auth/idgovua/start')).statusCode;
    assert.equal(last, 429);
  });
});

describe('sessions slide with use and end when unused', () => {
  test('a session used every few days stays; one unused for 15 days ends', async () => {
    const t = await createTestApp({ seedModules: false, now: new Date('2027-01-04T09:00:00Z') });
    try {
      const b = t.browser();
      await b.signInAs(demoPerson((p) => p.lastName === 'Шевчук').index);
      for (let i = 0; i < 5; i++) {
        t.clock.advance(6 * 86_400_000);
        assert.equal((await b.get('/cabinet')).statusCode, 200, `after ${6 * (i + 1)} days of regular use`);
      }
      t.clock.advance(15 * 86_400_000);
      assert.equal((await b.get('/cabinet')).statusCode, 303, 'signed out after 15 idle days');
    } finally {
      await t.close();
    }
  });
});
