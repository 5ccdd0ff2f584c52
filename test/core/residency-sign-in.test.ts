/**
 * Residency at sign-in, through HTTP with the emulator: id.gov.ua gives the registered address as text,
 * matched against the sample codifier. One settlement → stored; several → the person chooses (only among
 * them); none → signed in without residency, told why, and a community's moderator confirms or refuses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';

const LVIV_CITY = 'UA46060250010015970';
const LVIV_COMMUNITY = 'UA46060250000025047';
const MYKHAILIVKA_KATERYNIVKA = 'UA35040090130095272';
const MYKHAILIVKA_PERVOZVANIVKA = 'UA35040170290030750';

let serial = 6100;

/** Signs in as a person typed on the emulator's page, with this registered address. */
async function signInWithAddress(t: TestApp, b: TestBrowser, address: string, rnokpp: string, returnTo = '/cabinet') {
  const start = await b.get(`/auth/idgovua/start?return=${encodeURIComponent(returnTo)}`);
  const form = new URLSearchParams(new URL(String(start.headers.location)).searchParams);
  for (const [k, v] of Object.entries({
    typed: '1',
    lastName: 'Адресенко',
    firstName: 'Ірина',
    patronymic: 'Петрівна',
    rnokpp,
    birthDate: '1985-04-03',
    address,
    email: '',
    phone: '',
    method: 'bank_id',
  }))
    form.set(k, v);
  const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(consent.status, 302, await consent.text());
  const back = new URL(String(consent.headers.get('location')));
  return b.get(back.pathname + back.search);
}

describe('residency from the address text at sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const person = async (address: string) => {
    const b = t.browser();
    const rnokpp = makeRnokpp('1985-04-03', serial++);
    const res = await signInWithAddress(t, b, address, rnokpp);
    const user = await sql<{ id: number; territorial_code: string | null; residency_status: string; residency_reason: string | null }>`
      select id, territorial_code, residency_status, residency_reason from users order by last_sign_in_at desc nulls last, id desc limit 1`.execute(t.ctx.db);
    return { b, rnokpp, res, user: user.rows[0]! };
  };
  const userRow = async (id: number) =>
    (
      await sql<{ territorial_code: string | null; residency_status: string }>`select territorial_code, residency_status from users where id = ${id}`.execute(
        t.ctx.db,
      )
    ).rows[0]!;

  test('one settlement fits: its code is stored and the person is a resident of its community', async () => {
    const { res, user, b } = await person('УКРАЇНА, 79008, Львівська обл., м. Львів, вул. Зелена, буд. 1, кв. 2');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/cabinet');
    assert.equal(user.territorial_code, LVIV_CITY);
    assert.equal(user.residency_status, 'matched');
    const cabinet = await b.get('/cabinet');
    assert.match(cabinet.body, /Львівська міська територіальна громада/);
  });

  test('several fit: the person chooses among them only, and the choice stands at the next sign-in', async () => {
    const address = 'Кіровоградська обл., с. Михайлівка, вул. Садова, 4';
    const { res, user, b, rnokpp } = await person(address);
    assert.equal(res.headers.location, '/cabinet/residence?return=%2Fcabinet');
    assert.equal(user.territorial_code, null);
    assert.equal(user.residency_status, 'ambiguous');
    const page = await b.get(String(res.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /с\. Михайлівка, Катеринівська громада, Кропивницький р-н, Кіровоградська обл\./);
    assert.match(page.body, /с\. Михайлівка, Первозванівська громада/);
    assert.equal((page.body.match(/type="radio"/g) ?? []).length, 2);

    const foreign = await b.post('/cabinet/residence', { code: LVIV_CITY, return: '/cabinet' });
    assert.equal(foreign.statusCode, 400, 'a code the address does not allow is refused');
    assert.match(foreign.body, /Оберіть один із населених пунктів зі списку/);
    const noCsrf = await b.post('/cabinet/residence', { _csrf: 'forged', code: MYKHAILIVKA_KATERYNIVKA, return: '/cabinet' });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await userRow(user.id)).territorial_code, null);

    const chosen = await b.post('/cabinet/residence', { code: MYKHAILIVKA_PERVOZVANIVKA, return: '/cabinet' });
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/cabinet');
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: MYKHAILIVKA_PERVOZVANIVKA, residency_status: 'chosen' });

    const again = await signInWithAddress(t, t.browser(), address, rnokpp);
    assert.equal(again.headers.location, '/cabinet', 'no question the second time');
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: MYKHAILIVKA_PERVOZVANIVKA, residency_status: 'chosen' });

    // A new registration is matched afresh.
    await signInWithAddress(t, t.browser(), 'Львівська обл., м. Львів, вул. Зелена, 3', rnokpp);
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: LVIV_CITY, residency_status: 'matched' });
  });

  test('none fits: signed in without residency, told why; a moderator of the community confirms it', async () => {
    const address = 'Львівська обл., м. Гондор, вул. Зелена, 1';
    const { res, user, b, rnokpp } = await person(address);
    assert.equal(res.headers.location, '/cabinet');
    assert.equal(user.territorial_code, null);
    assert.deepEqual([user.residency_status, user.residency_reason], ['unmatched', 'unknown-settlement']);
    const cabinet = await b.get('/cabinet');
    assert.match(cabinet.body, /Ваше місце проживання не визначено/);
    assert.match(cabinet.body, /Населеного пункту з адреси реєстрації немає в кодифікаторі КАТОТТГ/);
    assert.match(cabinet.body, /href="\/cabinet\/residence">Попросити громаду підтвердити проживання/);

    const lviv = (await sql<{ id: number }>`select id from communities where slug = 'lviv'`.execute(t.ctx.db)).rows[0]!.id;
    const empty = await b.post('/cabinet/residence/request', { community: '' });
    assert.equal(empty.statusCode, 400);
    const asked = await b.post('/cabinet/residence/request', { community: String(lviv) });
    assert.equal(asked.statusCode, 303);
    assert.match((await b.get('/cabinet/residence')).body, /Львівська міська територіальна громада: на розгляді/);

    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const queue = await moderator.get('/lviv/manage/residency');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes('м. Гондор, вул. Зелена, 1'), 'the moderator sees the address text');
    const id = (await sql<{ id: number }>`select id from residency_requests where user_id = ${user.id} and status = 'new'`.execute(t.ctx.db)).rows[0]!.id;
    const elsewhere = await signedInAs(t, demo.moderator('bila-tserkva'));
    assert.equal((await elsewhere.post(`/lviv/manage/residency/${id}/confirm`, {})).statusCode, 403);
    const confirmed = await moderator.post(`/lviv/manage/residency/${id}/confirm`, {});
    assert.equal(confirmed.statusCode, 303);
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: LVIV_COMMUNITY, residency_status: 'confirmed' });
    const audit = await sql<{
      action: string;
      after: unknown;
    }>`select action, after from audit_log where subject_type = 'residency-request' and subject_id = ${String(id)} order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['residency.request', 'residency.confirm'],
    );
    assert.equal((await moderator.post(`/lviv/manage/residency/${id}/confirm`, {})).statusCode, 409, 'decided once');
    assert.match((await b.get('/cabinet')).body, /Львівська міська територіальна громада/);

    // Signing in again with the same address keeps what the moderator confirmed.
    await signInWithAddress(t, t.browser(), address, rnokpp);
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: LVIV_COMMUNITY, residency_status: 'confirmed' });
  });

  test('the community administrator refuses a request with a reason the person sees', async () => {
    const { user, b } = await person('Мордорська обл., м. Барад-дур');
    assert.deepEqual([user.residency_status, user.residency_reason], ['unmatched', 'unknown-oblast']);
    const lviv = (await sql<{ id: number }>`select id from communities where slug = 'lviv'`.execute(t.ctx.db)).rows[0]!.id;
    await b.post('/cabinet/residence/request', { community: String(lviv) });
    const id = (await sql<{ id: number }>`select id from residency_requests where user_id = ${user.id} and status = 'new'`.execute(t.ctx.db)).rows[0]!.id;
    const admin = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'));
    assert.equal((await admin.post(`/lviv/manage/residency/${id}/refuse`, { reason: '' })).statusCode, 400);
    assert.equal((await admin.post(`/lviv/manage/residency/${id}/refuse`, { reason: 'Адреса не в нашій громаді' })).statusCode, 303);
    assert.deepEqual({ ...(await userRow(user.id)) }, { territorial_code: null, residency_status: 'unmatched' });
    assert.match((await b.get('/cabinet/residence')).body, /відмовлено — Адреса не в нашій громаді/);
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'residency.refuse' and subject_id = ${String(id)}`.execute(
      t.ctx.db,
    );
    assert.equal(audit.rows[0]!.n, 1);
  });
});
