/**
 * The self-service terminals through HTTP: the ЦНАП's moderator registers a terminal (the key shown once,
 * stored only as a keyed hash, audited), nobody else may; the kiosk is nothing until paired with a valid
 * key of its community; paired, it shows the catalogue, a search, a service's card and the offices' hours,
 * honest «being connected» screens, and links only within the kiosk; the heartbeat (from the page and
 * from a local agent) makes the terminal online with its paper status; activity is counted; revoking
 * unpairs it at once; the sample ticket's page and ESC/POS bytes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import type { DemoPerson } from '../../../src/core/demo/people.js';

/** 10:00 Kyiv on Monday 7 December 2026. */
const MONDAY_10 = new Date('2026-12-07T08:00:00Z');
const lvivAdmin = (p: DemoPerson) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv');

describe('self-service terminals', () => {
  let t: TestApp;
  let manager: TestBrowser;
  let kiosk: TestBrowser;
  let key = '';
  let terminalId = 0;

  before(async () => {
    t = await createTestApp();
    t.clock.set(MONDAY_10);
    manager = await signedInAs(t, demo.moderator('lviv', 'cnap'));
    kiosk = t.browser();
  });
  after(() => t.close());

  test('the ЦНАП moderator registers a terminal: its key is shown once and stored only as a keyed hash', async () => {
    const page = await manager.get('/lviv/manage/terminals');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Терміналів ще немає/);
    const office = /<option value="(\d+)"[^>]*>Центр надання адміністративних послуг м\. Львова<\/option>/.exec(page.body);
    assert.ok(office, 'the ЦНАП offices are offered');

    const bad = await manager.post('/lviv/manage/terminals', { name: '', place: 'Зал', office_id: '999999', codepage: 'latin' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Вкажіть назву термінала/);
    assert.match(bad.body, /Оберіть офіс ЦНАП зі списку/);
    assert.match(bad.body, /Оберіть кодову сторінку принтера/);

    const made = await manager.post('/lviv/manage/terminals', { name: 'Зал ЦНАП, вхід 1', place: 'пл. Ринок, 1', office_id: office[1]!, codepage: 'cp866' });
    assert.equal(made.statusCode, 201);
    assert.equal(made.headers['cache-control'], 'no-store');
    key = /<code class="device-key">(vkt_[^<]+)<\/code>/.exec(made.body)?.[1] ?? '';
    assert.match(key, /^vkt_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);

    const row = (await sql<{ id: number; key_hash: string; key_prefix: string }>`select id, key_hash, key_prefix from terminal_devices`.execute(t.ctx.db))
      .rows[0]!;
    terminalId = row.id;
    assert.notEqual(row.key_hash, key);
    assert.ok(!row.key_hash.includes(key.split('_')[2]!));
    assert.equal(`vkt_${row.key_prefix}`, key.slice(0, 12));
    const audit = (await sql<{ action: string; after: unknown }>`select action, after from audit_log where subject_type = 'terminal'`.execute(t.ctx.db)).rows;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['terminal.registered'],
    );
    assert.ok(!JSON.stringify(audit).includes(key), 'the key is not in the audit log');

    const again = await manager.get('/lviv/manage/terminals');
    assert.ok(!again.body.includes(key), 'the key is never shown again');
    assert.match(again.body, /Зал ЦНАП, вхід 1/);
    assert.match(again.body, /Ще не виходив на звʼязок/);
  });

  test('only the ЦНАП moderator and the community administrator manage terminals', async () => {
    const admin = await signedInAs(t, lvivAdmin);
    assert.equal((await admin.get('/lviv/manage/terminals')).statusCode, 200);
    for (const who of [demo.olena, demo.moderator('lviv', 'petitions'), demo.moderator('bila-tserkva')]) {
      const b = await signedInAs(t, who);
      assert.equal((await b.get('/lviv/manage/terminals')).statusCode, 403);
      const res = await b.post('/lviv/manage/terminals', { name: 'Чужий', place: 'Зал', office_id: '', codepage: 'cp866' });
      assert.equal(res.statusCode, 403);
    }
    const anon = await t.browser().get('/lviv/manage/terminals');
    assert.ok([303, 401].includes(anon.statusCode));
    assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from terminal_devices`.execute(t.ctx.db)).rows[0]!.n), 1);
  });

  test('an unpaired kiosk shows only the pairing form; a wrong key or another community’s is refused', async () => {
    const start = await kiosk.get('/lviv/kiosk');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Підключення термінала/);
    assert.ok(!start.body.includes('Послуги ЦНАП'));
    const deep = await kiosk.get('/lviv/kiosk/services');
    assert.equal(deep.statusCode, 303);
    assert.equal(deep.headers.location, '/lviv/kiosk');
    assert.equal((await kiosk.post('/lviv/kiosk/pair', { device_key: 'abc' })).statusCode, 403);
    const wrong = await kiosk.post('/lviv/kiosk/pair', { device_key: `vkt_00000000_${'A'.repeat(32)}` });
    assert.equal(wrong.statusCode, 403);
    assert.match(wrong.body, /Такого чинного ключа в цієї громади немає/);
    assert.equal((await kiosk.post('/bila-tserkva/kiosk/pair', { device_key: key })).statusCode, 403, 'Lviv’s key does not pair a Bila Tserkva kiosk');
    assert.equal(kiosk.jar.get('viche_kiosk'), undefined);
  });

  test('paired by its key (an HttpOnly cookie of the kiosk’s paths), the kiosk shows its start screen', async () => {
    const res = await kiosk.post('/lviv/kiosk/pair', { device_key: key });
    assert.equal(res.statusCode, 303);
    const cookie = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('viche_kiosk='));
    assert.ok(cookie);
    assert.match(String(cookie), /HttpOnly/);
    assert.match(String(cookie), /SameSite=Strict/);
    assert.match(String(cookie), /Path=\/lviv\/kiosk/);
    const start = await kiosk.get('/lviv/kiosk');
    assert.equal(start.headers['cache-control'], 'no-store');
    for (const tile of ['Послуги ЦНАП', 'Взяти талон', 'Маю запис', 'Взяти участь']) assert.match(start.body, new RegExp(tile));
    assert.match(start.body, /data-idle-seconds="60"/);
  });

  test('services, search, a service’s card and office hours; honest «being connected» screens; links only within the kiosk', async () => {
    const pages: string[] = [];
    const services = await kiosk.get('/lviv/kiosk/services');
    assert.equal(services.statusCode, 200);
    assert.match(services.body, /Народження дитини/);
    pages.push(services.body);
    const found = await kiosk.get(`/lviv/kiosk/services?q=${encodeURIComponent('паспорта')}`);
    assert.match(found.body, /Знайдено: \d+/);
    const id = /href="\/lviv\/kiosk\/services\/(\d+)"[^>]*>Оформлення паспорта громадянина України у формі ID-картки/.exec(found.body)?.[1];
    assert.ok(id);
    pages.push(found.body);
    const card = await kiosk.get(`/lviv/kiosk/services/${id}`);
    assert.match(card.body, /Громадяни України з 14 років/);
    assert.match(card.body, /Графік роботи/);
    pages.push(card.body);
    assert.equal((await kiosk.get('/lviv/kiosk/services/99999999')).statusCode, 404);
    const offices = await kiosk.get('/lviv/kiosk/offices');
    assert.match(offices.body, /Вівторок<\/th><td>09:00–20:00/);
    assert.match(offices.body, /Зараз відчинено до 18:00/);
    pages.push(offices.body);
    for (const what of ['ticket', 'booking', 'participate']) {
      const p = await kiosk.get(`/lviv/kiosk/${what}`);
      assert.match(p.body, /Послугу підключають/);
      assert.ok(!/А-\d{3}/.test(p.body), 'no made-up ticket');
      pages.push(p.body);
    }
    for (const body of pages) {
      const hrefs = [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      const outside = hrefs.filter((h) => !h.startsWith('/lviv/kiosk') && !h.startsWith('/lang/') && !h.startsWith('/static/kiosk.'));
      assert.deepEqual(outside, []);
    }
  });

  test('the heartbeat makes the terminal online, a local agent reports the paper, activity is counted', async () => {
    const list = async () => (await manager.get('/lviv/manage/terminals')).body;
    assert.match(await list(), /terminal-online/, 'pairing counts as a heartbeat');
    t.clock.set(new Date(MONDAY_10.getTime() + 3 * 60_000));
    assert.match(await list(), /не на звʼязку/);

    const token = await kiosk.csrfToken();
    const beat = (headers: Record<string, string>, payload: unknown, url = '/lviv/kiosk/heartbeat') =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
    assert.equal((await beat({ cookie: kiosk.jar.header() }, {})).statusCode, 403, 'the page’s heartbeat carries its CSRF token');
    const ok = await beat({ cookie: kiosk.jar.header(), 'x-csrf-token': token }, {});
    assert.equal(ok.statusCode, 200);
    assert.match(await list(), /terminal-online/);

    const agent = '/api/v1/communities/lviv/terminals/heartbeat';
    assert.equal((await beat({ authorization: `Bearer ${key}` }, { paper: 'low' }, agent)).statusCode, 200);
    assert.match(await list(), /<td>закінчується<\/td>/);
    assert.equal((await beat({ authorization: `Bearer ${key}` }, { paper: 'empty' }, agent)).statusCode, 400);
    assert.equal((await beat({}, {}, agent)).statusCode, 401);
    assert.equal((await beat({ authorization: `Bearer ${key}` }, {}, '/api/v1/communities/bila-tserkva/terminals/heartbeat')).statusCode, 403);

    const body = await list();
    assert.match(body, /послуги: 3/);
    assert.match(body, /графік роботи: 1/);
    assert.match(body, /талон: 1/);
  });

  test('a sample ticket: the printable page and the ESC/POS bytes in the terminal’s code page', async () => {
    const page = await manager.get(`/lviv/manage/terminals/${terminalId}/sample-ticket`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /ЗРАЗОК/);
    assert.match(page.body, /class="ticket-number">А-000/);
    const bin = await manager.get(`/lviv/manage/terminals/${terminalId}/sample-ticket.bin`);
    assert.equal(bin.statusCode, 200);
    assert.ok(bin.rawPayload.includes(Buffer.from([0x1b, 0x74, 17, 0x92, 0xa0, 0xab, 0xae, 0xad])), '«Талон» in PC866');
    const other = await signedInAs(t, demo.olena);
    assert.equal((await other.get(`/lviv/manage/terminals/${terminalId}/sample-ticket.bin`)).statusCode, 403);
  });

  test('revoking unpairs the kiosk at once and is audited', async () => {
    const res = await manager.post(`/lviv/manage/terminals/${terminalId}/revoke`, {});
    assert.equal(res.statusCode, 303);
    const start = await kiosk.get('/lviv/kiosk');
    assert.match(start.body, /Цей термінал відкликано/);
    assert.equal((await kiosk.get('/lviv/kiosk/services')).statusCode, 303);
    const beat = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities/lviv/terminals/heartbeat',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(beat.statusCode, 403);
    assert.equal((await kiosk.post('/lviv/kiosk/pair', { device_key: key })).statusCode, 403);
    assert.match((await manager.get('/lviv/manage/terminals')).body, /відкликано/);
    const actions = (await sql<{ action: string }>`select action from audit_log where subject_type = 'terminal' order by id`.execute(t.ctx.db)).rows;
    assert.deepEqual(
      actions.map((a) => a.action),
      ['terminal.registered', 'terminal.revoked'],
    );
  });
});
