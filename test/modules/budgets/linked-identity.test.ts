/**
 * Issue #17: when an e-mail account is linked to an identity, a contest the person voted in both ways keeps
 * the earliest ballot; the later one moves to the rejected ballots with the reason «duplicate-linked»; the
 * tallies and statistics counters stay equal to the rows, and neither account can vote again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';

const DAY = 86_400_000;

describe('budgets: double ballots collapse to the earliest when an e-mail account is linked', () => {
  let t: TestApp;
  let community: number;
  const contests: Record<'a' | 'b' | 'c', { id: number; project: number }> = { a: { id: 0, project: 0 }, b: { id: 0, project: 0 }, c: { id: 0, project: 0 } };

  const vote = async (b: TestBrowser, k: 'a' | 'b' | 'c') => {
    const res = await b.post(`/koriukivka/budgets/${contests[k].id}/vote/confirm`, { project: String(contests[k].project) });
    t.clock.advance(60_000);
    return res;
  };
  const ballots = async (id: number) =>
    (
      await sql<{ voter_key: string; channel: string }>`select voter_key, channel from budget_ballots where contest_id = ${id} order by cast_at, id`.execute(
        t.ctx.db,
      )
    ).rows;
  const rejects = async (id: number) =>
    (
      await sql<{ reason: string; first_cast_at: Date | null; cast_at: Date }>`
        select reason, first_cast_at, cast_at from budget_ballot_rejects where contest_id = ${id}`.execute(t.ctx.db)
    ).rows;
  const votes = async (id: number) =>
    (await sql<{ n: number }>`select count(*)::int as n from budget_ballot_choices where contest_id = ${id}`.execute(t.ctx.db)).rows[0]!.n;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    const now = t.clock.now().getTime();
    const at = (d: number) => new Date(now + d * DAY);
    for (const k of ['a', 'b', 'c'] as const) {
      const contest = await sql<{ id: number }>`
        insert into budget_contests (community_id, title, total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
          results_from, implementation_from, allow_email, residents_only, published)
        values (${community}, ${`Бюджет ${k}`}, 100000000, ${at(-30)}, ${at(-20)}, ${at(-10)}, ${at(-1)}, ${at(10)}, ${at(11)}, ${at(40)}, true, false, true)
        returning id`.execute(t.ctx.db);
      const id = contest.rows[0]!.id;
      const cat = await sql<{ id: number }>`
        insert into budget_categories (community_id, contest_id, code, name, budget, max_cost) values (${community}, ${id}, 'A', 'Мале', 100000000, 100000000)
        returning id`.execute(t.ctx.db);
      const project = await sql<{ id: number }>`
        insert into budget_projects (community_id, contest_id, category_id, title, cost, status, author_name, code)
        values (${community}, ${id}, ${cat.rows[0]!.id}, 'Лавки', 1000000, 'admitted', 'Автор', 'A1') returning id`.execute(t.ctx.db);
      contests[k] = { id, project: project.rows[0]!.id };
    }
  });
  after(async () => t.close());

  test('weak then strong, strong then weak, weak only: one ballot each, the earliest, tallies exact', async () => {
    const weak = await signedInByEmail(t, 'voter@example.com', { phone: '+380671230002' });
    const strong = await signedInAs(t, demo.andrii);
    for (const [b, k] of [
      [weak, 'a'],
      [strong, 'a'],
      [strong, 'c'],
      [weak, 'c'],
      [weak, 'b'],
    ] as const)
      assert.equal((await vote(b, k)).statusCode, 303, `${k} accepted`);
    assert.equal(await votes(contests.a.id), 2);

    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    const identity = (await t.ctx.db.selectFrom('users').select('identity_key').where('last_name', '=', 'Шевчук').executeTakeFirstOrThrow()).identity_key!;

    for (const k of ['a', 'b', 'c'] as const) {
      const left = await ballots(contests[k].id);
      assert.equal(left.length, 1, `contest ${k}: one ballot`);
      assert.equal(left[0]!.voter_key, identity, `contest ${k}: held by the identity`);
      assert.equal(await votes(contests[k].id), 1, `contest ${k}: one vote counted`);
    }
    // Each kept ballot keeps the level it was cast at, whatever key it holds now.
    const level = async (id: number) =>
      (await sql<{ level: string }>`select level from budget_ballots where contest_id = ${id}`.execute(t.ctx.db)).rows[0]!.level;
    assert.equal(await level(contests.a.id), 'email');
    assert.equal(await level(contests.c.id), 'idgovua');
    for (const k of ['a', 'c'] as const) {
      const r = await rejects(contests[k].id);
      assert.equal(r.length, 1);
      assert.equal(r[0]!.reason, 'duplicate-linked');
      assert.ok(new Date(r[0]!.first_cast_at!).getTime() < new Date(r[0]!.cast_at).getTime(), 'the later ballot is the one rejected');
    }
    assert.equal((await rejects(contests.b.id)).length, 0);

    // Neither account can vote again.
    const again = await vote(strong, 'b');
    assert.equal(again.statusCode, 200, 'the «already voted» receipt');
    const weakAgain = await signedInByEmail(t, 'voter@example.com', { phone: '+380671230002' });
    assert.equal((await vote(weakAgain, 'a')).statusCode, 200);
    assert.equal((await ballots(contests.a.id)).length, 1);

    // Statistics counters equal the rows.
    const counted = await sql<{ n: number }>`
      select coalesce(sum(n), 0)::int as n from stats_counts where tool = 'budgets' and metric = 'ballots' and community_id = ${community}`.execute(t.ctx.db);
    assert.equal(counted.rows[0]!.n, 3);
    const people = await sql<{ n: number }>`
      select count(distinct person)::int as n from stats_person_months where tool = 'budgets' and community_id = ${community} and n > 0`.execute(t.ctx.db);
    assert.equal(people.rows[0]!.n, 1);

    const audits = await sql<{
      subject_id: string;
      after: unknown;
    }>`select subject_id, after from audit_log where action = 'budget.ballots-annulled' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audits.rows.map((r) => r.subject_id),
      [String(contests.a.id), String(contests.c.id)],
    );
    const link = await sql<{ after: unknown }>`select after from audit_log where action = 'identity.linked'`.execute(t.ctx.db);
    assert.ok(JSON.stringify(link.rows[0]!.after).includes('"budgets.ballotsAnnulled":2'));
  });
});
