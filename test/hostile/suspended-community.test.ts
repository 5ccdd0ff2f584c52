/**
 * Suspending a community stops every channel at once, not only the web forms: the terminals and chat-bots
 * of the channel API, paper ballot imports, school voting codes and Open311 partners. The national
 * moderator suspends the demo's Lviv (everything is set up before, as it would be on the day), then every
 * channel is tried; nothing it sends is counted. The demo's own suspended community refuses Open311 too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../helpers/test-app.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';
import { kyivDateOf } from '../../src/core/calendar/index.js';
import { randomToken } from '../../src/core/sessions/sessions.js';
import { findCommunityBySlug } from '../../src/core/communities/communities-repository.js';
import { createChannel } from '../../src/modules/budgets/service/channels.js';
import { TEMPLATE_COLUMNS } from '../../src/modules/budgets/service/imports.js';
import { insertApiKey } from '../../src/modules/open-city/repository.js';
import { findBatch, findSchool, schoolContests, sheetCodes } from '../../src/modules/school-budget/repository.js';
import { createBatch } from '../../src/modules/school-budget/service.js';
import { DEMO_SUSPENDED_SLUG } from '../../src/modules/admin/demo.js';
import { postMultipart } from '../helpers/uploads.js';

const lvivDemo = demoCommunities.find((c) => c.slug === 'lviv')!;
const RESIDENT = demoSettlementCode(lvivDemo, 3);

describe('a suspended community takes nothing from any channel', () => {
  let t: TestApp;
  let national: TestBrowser;
  let budgetModerator: TestBrowser;
  let resident: TestBrowser;
  let lviv = 0;
  let contest = 0;
  let projectId = 0;
  let projectCode = '';
  let terminalKey = '';
  let importUrl = '';
  let schoolCode = '';
  let open311Key = '';
  let serviceCode = '';

  const ballots = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where community_id = ${lviv}`.execute(t.ctx.db)).rows[0]!.n;
  const reports = async (communityId: number) =>
    (await sql<{ n: number }>`select count(*)::int as n from oc_reports where community_id = ${communityId}`.execute(t.ctx.db)).rows[0]!.n;
  const open311 = (form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    national = await signedInAs(t, demo.national);
    budgetModerator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    resident = await signedInAs(t, demo.olena);
    const c = (await findCommunityBySlug(db, 'lviv'))!;
    lviv = c.id;
    const now = t.clock.now();

    // The demo's participatory budget of Lviv is voting now: a terminal's key and a paper import waiting for confirmation.
    contest = (
      await sql<{
        id: number;
      }>`select id from budget_contests where community_id = ${lviv} and owner = 'community' and voting_from <= ${now} and voting_to > ${now} order by id limit 1`.execute(
        db,
      )
    ).rows[0]!.id;
    const p = (
      await sql<{
        id: number;
        code: string;
      }>`select id, code from budget_projects where contest_id = ${contest} and status = 'admitted' order by id limit 1`.execute(db)
    ).rows[0]!;
    projectId = p.id;
    projectCode = p.code;
    terminalKey = (
      await createChannel(db, { secretKey: t.ctx.config.secretKey, communityId: lviv, name: 'Термінал ЦНАП', kind: 'terminal', actorUserId: null, now })
    ).key;
    const day = kyivDateOf(now).split('-').reverse().join('.');
    const csv = Buffer.from(
      `\ufeff${TEMPLATE_COLUMNS.join(';')}\r\n${['1', 'Дільниця № 1', day, makeRnokpp('1975-03-03', 7001), 'Тест Тест', '', RESIDENT, projectCode].join(';')}\r\n`,
    );
    const up = await postMultipart(t, budgetModerator, `/lviv/manage/budgets/${contest}/imports`, {}, [
      { name: 'file', filename: 'dilnytsia-1.csv', type: 'text/csv', data: csv },
    ]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 500));
    importUrl = String(up.headers.location);

    // A student's unused voting code of the lyceum, whose contest is voting.
    const lyceum = (await findSchool(db, lviv, 'lyceum-1'))!;
    const schoolContest = (await schoolContests(db, lyceum))[0]!;
    const batch = await createBatch(db, {
      secretKey: t.ctx.config.secretKey,
      school: lyceum,
      contest: schoolContest,
      classLabel: '9-А',
      size: 1,
      actorUserId: null,
      now,
    });
    schoolCode = (await sheetCodes(db, t.ctx.config.secretKey, (await findBatch(db, schoolContest.id, batch))!))[0]!.code;

    // An Open311 partner's key, and a service code of Lviv (the map page sets the categories up).
    await t.browser().get('/lviv/open-city');
    const anyone = (await sql<{ id: number }>`select id from users order by id limit 1`.execute(db)).rows[0]!.id;
    open311Key = `oc_${randomToken(24)}`;
    await insertApiKey(db, { communityId: lviv, name: 'Застосунок «Мій Львів»', key: open311Key, createdBy: anyone, now });
    serviceCode = (
      await sql<{ code: string }>`select code from oc_categories where community_id = ${lviv} and parent_id is not null order by id limit 1`.execute(db)
    ).rows[0]!.code;

    const suspended = await national.post('/manage/communities/lviv/suspend', { 'reason-lviv': 'Перевірка скарг на накрутку голосів.' });
    assert.equal(suspended.statusCode, 303);
  });
  after(async () => t.close());

  test('the channel API (terminals, chat-bots) casts no ballot', async () => {
    const before = await ballots();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/contests/${contest}/ballots`,
      headers: { authorization: `Bearer ${terminalKey}`, 'idempotency-key': 'terminal-susp-0001', 'content-type': 'application/json' },
      payload: JSON.stringify({ rnokpp: makeRnokpp('1980-05-05', 7002), birthDate: '1980-05-05', territorialCode: RESIDENT, projectIds: [projectId] }),
    });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().error.code, 'community_suspended');
    assert.equal(await ballots(), before);
  });

  test('a paper import is not counted', async () => {
    const before = await ballots();
    const res = await budgetModerator.post(`${importUrl}/confirm`, {});
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Участь у цій громаді тимчасово призупинено/);
    assert.equal(await ballots(), before);
    const status = await sql<{ status: string }>`select status from budget_imports where id = ${Number(importUrl.split('/').pop())}`.execute(t.ctx.db);
    assert.equal(status.rows[0]!.status, 'pending', 'still waiting: it can be confirmed after reconnection');
  });

  test('a school voting code opens no ballot', async () => {
    const res = await t.browser().post('/lviv/school-budget/vote', { code: schoolCode });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Участь у цій громаді тимчасово призупинено/);
  });

  test('an Open311 partner files no report, here or in the demo’s suspended community', async () => {
    const before = await reports(lviv);
    const res = await open311({
      jurisdiction_id: 'lviv',
      api_key: open311Key,
      service_code: serviceCode,
      lat: '49.8366',
      long: '23.9953',
      description: 'Яма на дорозі',
    });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `refused, got ${res.statusCode}`);
    assert.equal(await reports(lviv), before);
    const other = (await findCommunityBySlug(t.ctx.db, DEMO_SUSPENDED_SLUG))!;
    const key = `oc_${randomToken(24)}`;
    const anyone = (await sql<{ id: number }>`select id from users order by id limit 1`.execute(t.ctx.db)).rows[0]!.id;
    await insertApiKey(t.ctx.db, { communityId: other.id, name: 'Партнер', key, createdBy: anyone, now: t.clock.now() });
    const there = await open311({
      jurisdiction_id: DEMO_SUSPENDED_SLUG,
      api_key: key,
      service_code: serviceCode,
      address_string: 'вул. Захарченка, 1',
      description: 'Яма',
    });
    assert.ok(there.statusCode >= 400 && there.statusCode < 500, `refused, got ${there.statusCode}`);
    assert.equal(await reports(other.id), 0);
  });

  test('the web: no signature, no online ballot', async () => {
    const petition = (
      await sql<{ id: number }>`select id from petitions where community_id = ${lviv} and status = 'collecting' order by id limit 1`.execute(t.ctx.db)
    ).rows[0]!.id;
    const sign = await resident.post(`/lviv/petitions/${petition}/sign`, {});
    assert.equal(sign.statusCode, 403);
    const before = await ballots();
    const vote = await resident.get(`/lviv/budgets/${contest}/vote`);
    assert.ok(vote.statusCode === 403 || !vote.body.includes('type="submit"') || /призупинено/.test(vote.body));
    assert.equal(await ballots(), before);
  });

  test('the pages agree that it is paused: not listed, counted or ranked, and its page collects nothing', async () => {
    const connected = (await sql<{ n: number }>`select count(*)::int as n from communities where status = 'connected'`.execute(t.ctx.db)).rows[0]!.n;
    const home = (await t.browser().get('/')).body;
    assert.doesNotMatch(home, /href="\/lviv"/, 'the home page does not list it');
    assert.match(
      home.replace(/[\u00a0\u202f]/g, ' '),
      new RegExp(`<strong>${connected}</strong>\\s*<span>підключен`),
      'the home page counts the connected ones only',
    );
    const stats = (await t.browser().get('/stats?from=2020-01&to=2029-12')).body;
    assert.doesNotMatch(stats, /href="\/lviv\/stats"/, '/stats does not rank it');
    assert.doesNotMatch(stats, new RegExp(`href="/${DEMO_SUSPENDED_SLUG}/stats"`), 'nor the demo’s suspended community');
    const page = await t.browser().get('/lviv');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /призупинено/);
    assert.doesNotMatch(page.body, /збира(є|ють) підписи/);
    const other = await t.browser().get(`/${DEMO_SUSPENDED_SLUG}`);
    assert.doesNotMatch(other.body, /збира(є|ють) підписи/);
  });

  test('reconnected: the waiting paper import counts', async () => {
    assert.equal((await national.post('/manage/communities/lviv/reconnect', { 'reason-lviv': 'Перевірку завершено.' })).statusCode, 303);
    const before = await ballots();
    assert.equal((await budgetModerator.post(`${importUrl}/confirm`, {})).statusCode, 303);
    assert.equal(await ballots(), before + 1);
  });
});
