/**
 * Issue #18 points 4–5 for budgets and consultations: ballots, poll answers and stances made over HTTP
 * verify against the public API (ballots, votes per project, the winners recounted by the tally engine,
 * answers per option, stances per section); then the database is changed behind the app's back and the
 * verifier names the contest or poll: a ballot row added, a poll answer's choice changed, a ballot row deleted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { demo, signedInAs, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { insertSection, koriukivkaTestApp, sequenceLog, voteIn } from '../helpers/tlog.js';
import { runVerify } from '../../src/verify/main.js';
import { logAct } from '../../src/core/tlog/acts.js';
import { ballotAct } from '../../src/modules/budgets/rules.js';
import { Discrepancy, type Fetcher } from '../../src/verify/log.js';

const DAY = 86_400_000;

describe('the verifier on budget contests and consultations, over HTTP', () => {
  let t: TestApp;
  let community = 0;
  type Key = 'open' | 'done' | 'hidden';
  const contests = {} as Record<Key, { id: number; projects: number[] }>;
  let poll = 0;
  let act = 0;
  let section = 0;
  const single = { id: 0, options: [] as number[] };

  /** The public HTTP surface, in process. */
  const fetcher: Fetcher = async (path) => {
    const r = await t.app.inject({ method: 'GET', url: path });
    if (r.statusCode !== 200) throw new Discrepancy(`${path}: HTTP ${r.statusCode}`);
    return r.rawPayload;
  };
  const verify = () => runVerify(['http://viche.test'], fetcher);
  const discrepancy = async (pattern: RegExp) => {
    const out = await verify();
    assert.equal(out.code, 1, `the verifier fails: ${out.stdout}${out.stderr}`);
    assert.match(out.stderr, pattern);
  };
  const vote = (b: TestBrowser, k: Key, projects: number[]) => voteIn(b, contests[k].id, projects);

  before(async () => {
    ({ t, community } = await koriukivkaTestApp());
    const now = t.clock.now().getTime();
    const at = (d: number) => new Date(now + d * DAY);
    for (const k of ['open', 'done', 'hidden'] as const) {
      const contest = await sql<{ id: number }>`
        insert into budget_contests (community_id, title, total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
          results_from, implementation_from, allow_email, residents_only, published, public_counts, email_counts, winner_rule)
        values (${community}, ${`Бюджет ${k}`}, 2500000, ${at(-30)}, ${at(-20)}, ${at(-10)}, ${at(-1)}, ${at(k === 'done' ? 1 : 10)}, ${at(11)}, ${at(40)},
          true, false, true, ${k !== 'hidden'}, false, ${k === 'done' ? 'mes' : 'greedy'})
        returning id`.execute(t.ctx.db);
      const id = contest.rows[0]!.id;
      const cat = await sql<{ id: number }>`
        insert into budget_categories (community_id, contest_id, code, name, budget, max_cost) values (${community}, ${id}, 'A', 'Мале', 2500000, 2500000)
        returning id`.execute(t.ctx.db);
      const projects: number[] = [];
      for (const [i, code] of ['A1', 'A2', 'A3'].entries()) {
        const p = await sql<{ id: number }>`
          insert into budget_projects (community_id, contest_id, category_id, title, cost, status, author_name, code, submitted_at)
          values (${community}, ${id}, ${cat.rows[0]!.id}, ${`Проєкт ${code}`}, ${1000000 + i * 200000}, 'admitted', 'Автор', ${code}, ${at(-25 + i)})
          returning id`.execute(t.ctx.db);
        projects.push(p.rows[0]!.id);
      }
      contests[k] = { id, projects };
    }
    const item = async (kind: 'poll' | 'act', title: string) =>
      (
        await sql<{ id: number }>`
          insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, residents_only, published_at, email_counts)
          values (${community}, ${kind}, ${title}, 'Інше', ${at(-1)}, ${at(10)}, true, false, ${at(-1)}, false)
          returning id`.execute(t.ctx.db)
      ).rows[0]!.id;
    poll = await item('poll', 'Опитування про парк');
    single.id = (
      await sql<{ id: number }>`
        insert into consultation_questions (community_id, item_id, position, type, text, allow_other) values (${community}, ${poll}, 1, 'single', 'Що саджати?', true)
        returning id`.execute(t.ctx.db)
    ).rows[0]!.id;
    for (const [i, label] of ['Липи', 'Клени', 'Дуби'].entries())
      single.options.push(
        (
          await sql<{ id: number }>`
            insert into consultation_options (community_id, question_id, position, label) values (${community}, ${single.id}, ${i + 1}, ${label}) returning id`.execute(
            t.ctx.db,
          )
        ).rows[0]!.id,
      );
    act = await item('act', 'Проєкт рішення');
    section = await insertSection(t, community, act);
  });
  after(async () => t.close());

  test('ballots, answers and stances made over HTTP verify: votes per project, winners, answers per option, stances', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const olena = await signedInAs(t, demo.olena);
    const weak = await signedInByEmail(t, 'verify.counts@example.com', { phone: '+380671239923' });
    const [o1, o2, o3] = contests.open.projects as [number, number, number];
    for (const [b, ps] of [
      [andrii, [o1, o3]],
      [olena, [o3]],
      [weak, [o2]],
    ] as const)
      assert.equal((await vote(b, 'open', [...ps])).statusCode, 303);
    const [d1, d2, d3] = contests.done.projects as [number, number, number];
    assert.equal((await vote(andrii, 'done', [d1, d2])).statusCode, 303);
    assert.equal((await vote(olena, 'done', [d3])).statusCode, 303);
    assert.equal((await vote(andrii, 'hidden', [contests.hidden.projects[0]!])).statusCode, 303);
    const answer = (b: TestBrowser, option: number | 'other') =>
      b.post(`/koriukivka/consultations/${poll}/poll/submit`, {
        [`q${single.id}`]: String(option),
        ...(option === 'other' ? { [`q${single.id}-other`]: 'Сосни' } : {}),
      });
    assert.equal((await answer(andrii, single.options[1]!)).statusCode, 303);
    assert.equal((await answer(olena, 'other')).statusCode, 303);
    assert.equal((await answer(weak, single.options[1]!)).statusCode, 303);
    const stance = (b: TestBrowser, scope: number, s: string) => b.post(`/koriukivka/consultations/${act}/stance`, { scope: String(scope), stance: s });
    assert.equal((await stance(andrii, section, 'oppose')).statusCode, 303);
    assert.equal((await stance(andrii, section, 'support')).statusCode, 303, 'a changed stance: the latest counts');
    assert.equal((await stance(olena, 0, 'oppose')).statusCode, 303);
    assert.equal((await stance(weak, section, 'oppose')).statusCode, 303);

    // The «done» contest ends and its results are published.
    t.clock.advance(2 * DAY);
    const moderator = await signedInAs(t, demo.moderator('koriukivka', 'budgets'));
    assert.equal((await moderator.post(`/koriukivka/manage/budgets/${contests.done.id}/publish-results`, {})).statusCode, 303);
    await sequenceLog(t);

    const counts = JSON.parse((await fetcher(`/api/v1/budget-contests/${contests.open.id}/counts`)).toString('utf8')) as Record<string, unknown>;
    assert.deepEqual(counts.ballots, { total: 3, idgovua: 2, email: 1 });
    assert.deepEqual(counts.votes, [
      { projectId: o1, votes: 1 },
      { projectId: o3, votes: 2 },
    ]);
    assert.equal(counts.results, null, 'no winners before the results are published');
    const hidden = JSON.parse((await fetcher(`/api/v1/budget-contests/${contests.hidden.id}/counts`)).toString('utf8')) as Record<string, unknown>;
    assert.equal(hidden.votes, null, 'a contest that hides its counts while voting shows no votes');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.deepEqual(doc.paths['/api/v1/budget-contests/{id}/counts']?.get?.tags, ['budgets'], 'the endpoint is documented');

    const out = await verify();
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /tools: budgets 6, consultations 7/);
    assert.match(out.stdout, /budget contests checked against the site: 3 \(ballots; votes per project compared in 2, winners recomputed in 1\)/);
    assert.match(out.stdout, new RegExp(`contests whose choices the log hides \\(ballot counts only\\): ${contests.hidden.id}\\n`));
    assert.match(out.stdout, /polls checked against the site: 1 \(answers per option recomputed in 1\); draft acts checked: 1/);
    assert.match(out.stdout, /OK\n$/);
  });

  test('a school’s contest is compared under the tool «school-budget», published or not', async () => {
    const contest = await sql<{ id: number }>`
      insert into budget_contests (community_id, owner, title, total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
        results_from, implementation_from, allow_email, residents_only, published)
      select community_id, 'school:1', 'Шкільний бюджет', total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
        results_from, implementation_from, false, false, false
      from budget_contests where id = ${contests.hidden.id} returning id`.execute(t.ctx.db);
    const id = contest.rows[0]!.id;
    // A code ballot and its entry, as the school's voting page writes them (that page is tested with the school budget).
    await sql`
      insert into budget_ballots (community_id, contest_id, voter_key, channel, level, receipt, cast_at)
      values (${community}, ${id}, 'code-key', 'code', 'idgovua', 'R-SCHOOL', ${t.clock.now()})`.execute(t.ctx.db);
    await logAct(
      t.ctx,
      t.ctx.db,
      ballotAct(
        'koriukivka',
        { id, owner: 'school:1', publicCounts: false },
        { voterKey: 'code-key', channel: 'code', level: 'idgovua', projectIds: [] },
        t.clock.now(),
      ),
    );
    await sequenceLog(t);
    const counts = JSON.parse((await fetcher(`/api/v1/budget-contests/${id}/counts`)).toString('utf8')) as Record<string, unknown>;
    assert.equal(counts.tool, 'school-budget');
    const out = await verify();
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /budget contests checked against the site: 4 /);
    await sql`update budget_ballots set contest_id = ${contests.hidden.id} where contest_id = ${id}`.execute(t.ctx.db);
    await discrepancy(new RegExp(`contest ${contests.hidden.id}: the log gives 1 ballots, the site shows 2`));
    await sql`update budget_ballots set contest_id = ${id} where voter_key = 'code-key'`.execute(t.ctx.db);
  });

  test('a contest the public does not see yet: the counts endpoint says there is none', async () => {
    await sql`update budget_contests set published = false where id = ${contests.hidden.id}`.execute(t.ctx.db);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/budget-contests/${contests.hidden.id}/counts` })).statusCode, 404);
    await discrepancy(new RegExp(`/api/v1/budget-contests/${contests.hidden.id}/counts: HTTP 404`));
    await sql`update budget_contests set published = true where id = ${contests.hidden.id}`.execute(t.ctx.db);
    assert.equal((await verify()).code, 0);
  });

  test('a ballot row added behind the app: the site counts one ballot more than the log', async () => {
    const [, p2] = contests.open.projects as [number, number];
    const b = await sql<{ id: number }>`
      insert into budget_ballots (community_id, contest_id, voter_key, channel, level, receipt, cast_at)
      values (${community}, ${contests.open.id}, 'slipped-in', 'web', 'idgovua', 'R-SLIPPED', ${t.clock.now()}) returning id`.execute(t.ctx.db);
    const id = b.rows[0]!.id;
    await sql`
      insert into budget_ballot_choices (ballot_id, community_id, contest_id, category_id, project_id)
      select ${id}, community_id, contest_id, category_id, id from budget_projects where id = ${p2}`.execute(t.ctx.db);
    await discrepancy(new RegExp(`contest ${contests.open.id}: the log gives 3 ballots, the site shows 4`));
    await sql`delete from budget_ballot_choices where ballot_id = ${id}`.execute(t.ctx.db);
    await sql`delete from budget_ballots where id = ${id}`.execute(t.ctx.db);
    assert.equal((await verify()).code, 0);
  });

  test('a ballot whose choice was changed in the database: the project is named', async () => {
    const [o1, o2] = contests.open.projects as [number, number];
    const olena = await sql<{ ballot_id: number }>`
      select c.ballot_id from budget_ballot_choices c join budget_ballots b on b.id = c.ballot_id
      where c.contest_id = ${contests.open.id} and b.level = 'idgovua' group by c.ballot_id having count(*) = 1`.execute(t.ctx.db);
    const ballot = olena.rows[0]!.ballot_id;
    const before = await sql<{ project_id: number }>`select project_id from budget_ballot_choices where ballot_id = ${ballot}`.execute(t.ctx.db);
    await sql`update budget_ballot_choices set project_id = ${o2} where ballot_id = ${ballot}`.execute(t.ctx.db);
    await discrepancy(new RegExp(`contest ${contests.open.id}, project ${o2}: the log gives 0 votes, the site shows 1`));
    await sql`update budget_ballot_choices set project_id = ${before.rows[0]!.project_id} where ballot_id = ${ballot}`.execute(t.ctx.db);
    assert.notEqual(before.rows[0]!.project_id, o1, 'the changed ballot was the one with a single choice');
    assert.equal((await verify()).code, 0);
  });

  test('a poll answer whose choice was changed in the database: the poll and the option are named', async () => {
    const r = await sql<{ id: number; answers: string | Record<string, unknown> }>`
      select id, answers from consultation_responses where item_id = ${poll} and level = 'idgovua' order by id limit 1`.execute(t.ctx.db);
    const original = typeof r.rows[0]!.answers === 'string' ? r.rows[0]!.answers : JSON.stringify(r.rows[0]!.answers);
    const answers = JSON.parse(original) as Record<string, unknown>;
    answers[String(single.id)] = { type: 'single', optionId: single.options[2], other: null };
    await sql`update consultation_responses set answers = ${JSON.stringify(answers)} where id = ${r.rows[0]!.id}`.execute(t.ctx.db);
    await discrepancy(new RegExp(`poll ${poll}, question ${single.id}, option ${single.options[1]}: the log gives 1/-/-/-, the site shows 0/-/-/-`));
    await sql`update consultation_responses set answers = ${original} where id = ${r.rows[0]!.id}`.execute(t.ctx.db);
    assert.equal((await verify()).code, 0);
  });

  // The last two are not undone: the budget contests are compared before the consultations.
  test('a stance row deleted: the draft act and its section are named', async () => {
    await sql`delete from consultation_stances where item_id = ${act} and scope = ${section} and level = 'email'`.execute(t.ctx.db);
    await discrepancy(new RegExp(`draft act ${act}, section ${section}: the log gives 1 id\\.gov\\.ua and 1 e-mail stances, the site shows 1 and 0`));
  });

  test('a ballot row deleted from a published contest: the contest is named', async () => {
    const row = await sql<{ id: number }>`select id from budget_ballots where contest_id = ${contests.done.id} order by id limit 1`.execute(t.ctx.db);
    await sql`delete from budget_ballot_choices where ballot_id = ${row.rows[0]!.id}`.execute(t.ctx.db);
    await sql`delete from budget_ballots where id = ${row.rows[0]!.id}`.execute(t.ctx.db);
    await discrepancy(new RegExp(`contest ${contests.done.id}: the log gives 2 ballots, the site shows 1`));
  });
});
