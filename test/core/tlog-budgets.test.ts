/**
 * Issue #18: participatory-budget ballots in the transparency log, through HTTP. A ballot from any channel
 * is appended in its own transaction with its channel, level and chosen project ids (ascending), the voter
 * only as a tag; the web voter gets a receipt on the «ballot accepted» page that proves inclusion once
 * sequenced. An annulled paper import and a double ballot collapsed by linking log `ballot-annulled`
 * naming the ballot's entry; a refused vote (closed contest, a second ballot) leaves nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { postMultipart } from '../helpers/uploads.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { makeRnokpp } from '../../src/core/identity/rnokpp.js';
import { kyivDateOf } from '../../src/core/calendar/index.js';
import { TEMPLATE_COLUMNS } from '../../src/modules/budgets/service/imports.js';
import { koriukivkaTestApp, logEntries, pendingLogEntries, receiptNumberOn, sequenceLog, voteIn } from '../helpers/tlog.js';

const DAY = 86_400_000;

describe('transparency log: budget ballots', () => {
  let t: TestApp;
  let community: number;
  type Key = 'web' | 'paper' | 'link' | 'closed' | 'hidden';
  const contests = {} as Record<Key, { id: number; projects: number[] }>;

  const entries = () => logEntries(t);
  const of = async (k: Key) => (await entries()).filter((e) => e.act.subject === `contest:${contests[k].id}`);
  const pendingCount = () => pendingLogEntries(t);
  const sequence = () => sequenceLog(t);
  const receiptOn = receiptNumberOn;
  const vote = (b: TestBrowser, k: Key, projects: number[]) => voteIn(b, contests[k].id, projects);

  before(async () => {
    ({ t, community } = await koriukivkaTestApp());
    const now = t.clock.now().getTime();
    const at = (d: number) => new Date(now + d * DAY);
    for (const k of ['web', 'paper', 'link', 'closed', 'hidden'] as const) {
      const [vFrom, vTo] = k === 'closed' ? [-5, -2] : [-1, 10];
      const contest = await sql<{ id: number }>`
        insert into budget_contests (community_id, title, total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
          results_from, implementation_from, allow_email, residents_only, published, public_counts)
        values (${community}, ${`Бюджет ${k}`}, 100000000, ${at(-30)}, ${at(-20)}, ${at(-10)}, ${at(vFrom)}, ${at(vTo)}, ${at(11)}, ${at(40)}, true, false, true,
          ${k !== 'hidden'})
        returning id`.execute(t.ctx.db);
      const id = contest.rows[0]!.id;
      const cat = await sql<{ id: number }>`
        insert into budget_categories (community_id, contest_id, code, name, budget, max_cost) values (${community}, ${id}, 'A', 'Мале', 100000000, 100000000)
        returning id`.execute(t.ctx.db);
      const projects: number[] = [];
      for (const code of ['A1', 'A2', 'A3']) {
        const p = await sql<{ id: number }>`
          insert into budget_projects (community_id, contest_id, category_id, title, cost, status, author_name, code)
          values (${community}, ${id}, ${cat.rows[0]!.id}, ${`Проєкт ${code}`}, 1000000, 'admitted', 'Автор', ${code}) returning id`.execute(t.ctx.db);
        projects.push(p.rows[0]!.id);
      }
      contests[k] = { id, projects };
    }
  });
  after(async () => t.close());

  test('a web ballot gets a receipt on the «accepted» page: promised first, then proven; the entry holds the choices only', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const [p1, , p3] = contests.web.projects as [number, number, number];
    const res = await vote(andrii, 'web', [p3, p1]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const page = await andrii.get(String(res.headers.location));
    assert.match(page.body, /Дякуємо! Ваш голос зараховано/);
    const n = receiptOn(page.body);
    assert.ok(Number.isInteger(n), 'the «accepted» page shows the receipt number');
    assert.match(page.body, new RegExp(`href="/transparency/receipts/${n}">Перевірити мій голос`));
    assert.match((await t.browser().get(`/transparency/receipts/${n}`)).body, /чекає на включення до журналу/);

    await sequence();
    const proven = await t.browser().get(`/transparency/receipts/${n}`);
    assert.equal(proven.statusCode, 200);
    assert.match(proven.body, /Перевірено: запис № 0 є в поточній контрольній точці журналу \(1 запис\)/);
    const [e] = await of('web');
    assert.equal(e!.act.tool, 'budgets');
    assert.equal(e!.act.kind, 'ballot');
    assert.equal(e!.act.community, 'koriukivka');
    assert.deepEqual(e!.act.details, { channel: 'web', level: 'idgovua', choices: [p1, p3] }, 'the choices in ascending order');
    const stored = await sql<{ log_leaf: string }>`select log_leaf from budget_ballots where contest_id = ${contests.web.id}`.execute(t.ctx.db);
    assert.equal(stored.rows[0]!.log_leaf, e!.leaf, 'the ballot keeps the leaf hash of its entry');

    const person = demoPerson(demo.andrii).person;
    const user = await sql<{ identity_key: string }>`select identity_key from users where last_name = 'Шевчук'`.execute(t.ctx.db);
    const receipt = await sql<{ receipt: string }>`select receipt from budget_ballots where contest_id = ${contests.web.id}`.execute(t.ctx.db);
    for (const secret of [person.lastName, person.firstName, person.rnokpp, user.rows[0]!.identity_key, receipt.rows[0]!.receipt])
      assert.ok(!e!.text.includes(secret), `the log does not hold «${secret}»`);
    assert.match(e!.act.tag, /^[A-Za-z0-9_-]{43}$/);
  });

  test('a contest that hides its counts until the results logs its ballots without their choices', async () => {
    const olena = await signedInAs(t, demo.olena);
    const [p1] = contests.hidden.projects as [number];
    assert.equal((await vote(olena, 'hidden', [p1])).statusCode, 303);
    await sequence();
    const [e] = await of('hidden');
    assert.equal(e!.act.kind, 'ballot');
    assert.deepEqual(e!.act.details, { channel: 'web', level: 'idgovua' });
  });

  test('a refused vote logs nothing: a closed contest, a second ballot of the same person', async () => {
    const before = await pendingCount();
    const olena = await signedInAs(t, demo.olena);
    assert.equal((await vote(olena, 'closed', [contests.closed.projects[0]!])).statusCode, 403);
    assert.equal((await vote(olena, 'web', [contests.web.projects[1]!])).statusCode, 303);
    const again = await vote(olena, 'web', [contests.web.projects[2]!]);
    assert.equal(again.statusCode, 200, 'told «already voted»');
    assert.match(again.body, /Ви вже проголосували/);
    assert.equal(await pendingCount(), before + 1, 'only the one accepted ballot is appended');
  });

  test('paper ballots are logged when counted; an annulled import logs «ballot-annulled» naming each ballot', async () => {
    const moderator = await signedInAs(t, demo.moderator('koriukivka', 'budgets'));
    const m = `/koriukivka/manage/budgets/${contests.paper.id}`;
    const settlement = demoSettlementCode(
      demoCommunities.find((c) => c.slug === 'koriukivka')!,
      1,
    );
    const day = kyivDateOf(t.clock.now()).split('-').reverse().join('.');
    const row = (serial: number, codes: string) => [String(serial), 'Дільниця № 1', day, makeRnokpp('1975-03-03', serial), 'Тест Тест', '', settlement, codes];
    const file = Buffer.from(`\ufeff${TEMPLATE_COLUMNS.join(';')}\r\n${[row(5001, 'A3, A2'), row(5002, 'A1')].map((r) => r.join(';')).join('\r\n')}\r\n`);
    const up = await postMultipart(t, moderator, `${m}/imports`, {}, [{ name: 'file', filename: 'dilnytsia-2.csv', type: 'text/csv', data: file }]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 800));
    const importUrl = String(up.headers.location);
    assert.equal((await moderator.post(`${importUrl}/confirm`, {})).statusCode, 303);
    await sequence();
    const [, p2, p3] = contests.paper.projects as [number, number, number];
    const ballots = await of('paper');
    assert.deepEqual(
      ballots.map((e) => [e.act.kind, e.act.details.channel, e.act.details.choices]),
      [
        ['ballot', 'paper', [p2, p3]],
        ['ballot', 'paper', [contests.paper.projects[0]!]],
      ],
    );
    for (const e of ballots) assert.ok(!e.text.includes('Тест') && !e.text.includes(makeRnokpp('1975-03-03', 5001)));

    assert.equal((await moderator.post(`${importUrl}/annul`, { reason: 'Протокол дільниці не підписано' })).statusCode, 303);
    await sequence();
    const all = await of('paper');
    const annulled = all.filter((e) => e.act.kind === 'ballot-annulled');
    assert.deepEqual(
      annulled.map((e) => e.act.details),
      ballots.map((b) => ({ of: b.leaf, reason: 'annulled' })),
    );
    assert.deepEqual(
      annulled.map((e) => e.act.tag),
      ballots.map((b) => b.act.tag),
      'the same voter, the same tag',
    );
    assert.ok(!all.some((e) => e.text.includes('Протокол')), 'the moderator’s own words stay off the log');
  });

  test('linking annuls the later of two ballots and logs it as «duplicate-linked»', async () => {
    const weak = await signedInByEmail(t, 'tlog.voter@example.com', { phone: '+380671239922' });
    const strong = await signedInAs(t, demo.andrii);
    const [p1, p2] = contests.link.projects as [number, number];
    assert.equal((await vote(weak, 'link', [p1])).statusCode, 303);
    t.clock.advance(60_000);
    assert.equal((await vote(strong, 'link', [p2])).statusCode, 303);
    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    await sequence();
    const k = await of('link');
    assert.deepEqual(
      k.map((e) => [e.act.kind, e.act.details.level ?? null, e.act.details.reason ?? null]),
      [
        ['ballot', 'email', null],
        ['ballot', 'idgovua', null],
        ['ballot-annulled', null, 'duplicate-linked'],
      ],
    );
    assert.equal(k[2]!.act.details.of, k[1]!.leaf, 'the later (id.gov.ua) ballot is the one annulled');
    assert.equal(k[2]!.act.tag, k[1]!.act.tag);
  });
});
