/** The demo data: a community voting now with thousands of ballots from every channel, another finished. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { seedBudgets } from '../../../src/modules/budgets/demo.js';
import { ballotTotals, findContest, tallyContest } from '../../../src/modules/budgets/index.js';
import { parsePabulib } from '../../../src/modules/budgets/tally/pabulib.js';

let t: TestApp;
before(async () => {
  t = await createTestApp({ seedModules: false });
  await seedBudgets(t.ctx);
  await seedBudgets(t.ctx); // idempotent
});
after(async () => t.close());

test('Lviv votes now: dozens of projects, thousands of ballots from all channels, duplicates kept', async () => {
  const rows = await sql<{ id: number }>`select k.id from budget_contests k join communities c on c.id = k.community_id where c.slug = 'lviv'`.execute(
    t.ctx.db,
  );
  assert.equal(rows.rows.length, 1);
  const contest = (await findContest(t.ctx.db, rows.rows[0]!.id))!;
  const totals = await ballotTotals(t.ctx.db, contest.id);
  assert.equal(totals.ballots, 2400);
  assert.deepEqual(Object.keys(totals.byChannel).sort(), ['chatbot', 'paper', 'terminal', 'web']);
  assert.ok(totals.rejected > 10);
  const projects = await sql<{ n: number }>`select count(*)::int as n from budget_projects where contest_id = ${contest.id} and status = 'admitted'`.execute(
    t.ctx.db,
  );
  assert.ok(projects.rows[0]!.n >= 30);
  const over = await sql<{ n: number }>`
    select count(*)::int as n from (select ballot_id, category_id from budget_ballot_choices where contest_id = ${contest.id} group by 1, 2 having count(*) > 3) x`.execute(
    t.ctx.db,
  );
  assert.equal(over.rows[0]!.n, 0, 'every demo ballot keeps the limit of 3 per category');
  const page = await t.browser().get(`/lviv/budgets/${contest.id}`);
  assert.match(page.body, /Голосування/);
});

test('Bila Tserkva has finished: results published (Method of Equal Shares), implementation under way', async () => {
  const row = (
    await sql<{ id: number }>`select k.id from budget_contests k join communities c on c.id = k.community_id where c.slug = 'bila-tserkva'`.execute(t.ctx.db)
  ).rows[0]!;
  const contest = (await findContest(t.ctx.db, row.id))!;
  assert.equal(contest.winnerRule, 'mes');
  const results = await tallyContest(t.ctx.db, contest);
  for (const r of results) assert.ok(r.tally.totalCost <= BigInt(r.category.budget));
  const impl = await t.browser().get(`/bila-tserkva/budgets/${contest.id}/implementation`);
  assert.equal(impl.statusCode, 200);
  assert.match(impl.body, /Реалізовано/);
  assert.match(impl.body, /Не реалізовано|В роботі/);
  const res = await t.browser().get(`/bila-tserkva/budgets/${contest.id}/results`);
  assert.match(res.body, /Метод рівних часток/);
  // The page names the Add1 we run and where pabutools / equalshares.net part from it: in category B of
  // this demo, stopping at the first exhaustive outcome funds another project.
  assert.match(res.body, /Доповнення Add1: частку кожного виборця збільшують на 1 грн, доки результат уміщується в бюджет/);
  const b = results.find((r) => r.category.code === 'B')!;
  const early = b.tally.mes?.exhaustiveStop;
  assert.ok(early, 'the two Add1 stops part in category B');
  assert.notDeepEqual([...early.winners].sort(), [...b.tally.winners].sort());
  const gained = b.projects.find((x) => early.winners.includes(String(x.id)) && !b.tally.winners.includes(String(x.id)))!;
  const note = /<p class="meta mes-early-stop">([^<]*)<\/p>/.exec(res.body)?.[1] ?? '';
  assert.ok(note.includes(`«${b.category.name}»`) && note.includes(gained.title.replace(/"/g, '&quot;')), note);
  assert.equal([...res.body.matchAll(/mes-early-stop/g)].length, 1, 'only where the stops part');

  // The Pabulib export of B says the same in META.
  const pb = parsePabulib((await t.browser().get(`/bila-tserkva/budgets/${contest.id}/results/${b.category.id}.pb`)).body);
  assert.equal(pb.meta.rule, 'equalshares/add1');
  assert.match(pb.meta.completion ?? '', /^add1: every share \+1 UAH from floor\(budget\/voters\) while the outcome fits the budget$/);
  assert.match(pb.meta.comment ?? '', /^#1: Add1 goes on while the outcome fits the budget; pabutools and the equalshares\.net tool stop it/);
  assert.match(pb.meta.comment ?? '', new RegExp(`would select [^;]*${gained.code} instead of`));
  assert.match(pb.meta.date_begin ?? '', /^\d\d\.\d\d\.\d{4}$/);
  assert.match(pb.meta.date_end ?? '', /^\d\d\.\d\d\.\d{4}$/);
});
