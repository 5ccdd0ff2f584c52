/**
 * The demo: three Lviv schools (one voting, one finished with results, one collecting projects), code
 * sheets with some codes used, Дмитренко as lyceum-1's moderator; seeding twice changes nothing; and the
 * school contests stay out of the community budget's pages and figures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, signedInAs } from '../../helpers/test-app.js';
import { seedSchoolBudget } from '../../../src/modules/school-budget/demo.js';
import { budgetsModule } from '../../../src/modules/budgets/manifest.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const counts = async () =>
  (
    await sql<{ schools: number; contests: number; projects: number; codes: number; ballots: number }>`
      select (select count(*)::int from school_schools) as schools,
             (select count(*)::int from school_contests) as contests,
             (select count(*)::int from school_projects) as projects,
             (select count(*)::int from school_codes) as codes,
             (select count(*)::int from budget_ballots where channel = 'code') as ballots`.execute(t.ctx.db)
  ).rows[0]!;

test('three Lviv schools: voting now, finished with results, collecting projects; seeding again adds nothing', async () => {
  const before = await counts();
  assert.equal(before.schools, 3);
  assert.equal(before.contests, 3);
  assert.ok(before.ballots > 50, `ballots: ${before.ballots}`);
  await seedSchoolBudget(t.ctx);
  assert.deepEqual(await counts(), before);
  const page = await t.browser().get('/lviv/school-budget');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ліцей № 1 Львівської міської ради/);
  assert.match(page.body, /ліцей · Голосування · бюджет 60\u00a0000\u00a0грн/);
  assert.match(page.body, /школа · Результати/);
  assert.match(page.body, /гімназія · Збір проєктів/);
  assert.match(page.body, /Проголосувати за кодом/);
  const finished = await t.browser().get('/lviv/school-budget/schools/school-45');
  const link = /href="(\/lviv\/school-budget\/schools\/school-45\/results\/\d+)"/.exec(finished.body);
  assert.ok(link, 'the finished school links its results');
  const results = await t.browser().get(link[1]!);
  assert.equal(results.statusCode, 200);
  assert.match(results.body, /Профінансовано/);
  const lyceum = await t.browser().get('/lviv/school-budget/schools/lyceum-1');
  assert.match(lyceum.body, /Голосування триває/);
  const gym = await t.browser().get('/lviv/school-budget/schools/gymnasium-8');
  assert.match(gym.body, /Шахи в рекреації/);
  assert.ok(!gym.body.includes('Лабораторія юних хіміків'), 'a draft is not public');
});

test('every used code is one ballot, and nothing more', async () => {
  const rows = await sql<{ contest_id: number; used: number; ballots: number }>`
    select sc.contest_id,
      (select count(*)::int from school_codes c where c.contest_id = sc.contest_id and c.used_at is not null) as used,
      (select count(*)::int from budget_ballots b where b.contest_id = sc.contest_id) as ballots
    from school_contests sc`.execute(t.ctx.db);
  for (const r of rows.rows) assert.equal(r.used, r.ballots, `contest ${r.contest_id}`);
});

test('Дмитренко manages lyceum-1 from the demo: its sheets print, and an unused demo code votes', async () => {
  const b = await signedInAs(t, (p) => p.lastName === 'Дмитренко');
  const m = await b.get('/lviv/manage/school-budget');
  assert.equal(m.statusCode, 303);
  const manage = await b.get(String(m.headers.location));
  assert.equal(manage.statusCode, 200);
  const prints = [...manage.body.matchAll(/href="([^"]+\/codes\/\d+\/print)"/g)].map((x) => x[1]!);
  assert.equal(prints.length, 4);
  const sheet = await b.get(prints[3]!);
  const codes = [...sheet.body.matchAll(/<code>([0-9A-Z-]{17})<\/code>/g)].map((x) => x[1]!);
  assert.equal(codes.length, 40);
  const student = t.browser();
  const ballot = await student.post('/lviv/school-budget/vote', { code: codes[0]! });
  assert.equal(ballot.statusCode, 200);
  const project = /name="project" value="(\d+)"/.exec(ballot.body)![1]!;
  const done = await student.post('/lviv/school-budget/ballot/confirm', { code: codes[0]!, project });
  assert.match(done.body, /Ваш голос зараховано/);
  const used = await t.browser().post('/lviv/school-budget/vote', { code: codes[0]! });
  assert.equal(used.statusCode, 409);
});

test('school contests stay out of the community budget: its list, its pages and its figures', async () => {
  const list = await t.browser().get('/lviv/budgets');
  assert.ok(!list.body.includes('Шкільний бюджет:'));
  const schoolContest = (await sql<{ id: number }>`select contest_id as id from school_contests limit 1`.execute(t.ctx.db)).rows[0]!.id;
  assert.equal((await t.browser().get(`/lviv/budgets/${schoolContest}`)).statusCode, 404);
  const figures = await budgetsModule.statistics!(t.ctx, { communityId: null });
  const direct = await sql<{
    n: number;
  }>`select count(*)::int as n from budget_ballots b join budget_contests k on k.id = b.contest_id where k.owner = 'community'`.execute(t.ctx.db);
  assert.equal(figures.find((f) => f.key === 'budget-ballots')!.value, direct.rows[0]!.n);
  const stats = await t.browser().get('/stats');
  assert.match(stats.body, /Шкільний громадський бюджет/);
  assert.match(stats.body, /Закладів освіти/);
});
