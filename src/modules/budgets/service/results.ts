/**
 * Results of a contest, per category, from the ballot rows through the pure tally; and the same data as a
 * Pabulib file (anonymised voters with age and channel) for researchers.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { fieldChanges } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { kyivDateOf } from '../../../core/calendar/index.js';
import { contestRuleFields, contestTallyOptions, countedTotals, submittedOrder } from '../rules.js';
import { writePabulib } from '../tally/pabulib.js';
import { runTally, type Ballot, type Project as TallyProject, type TallyResult } from '../tally/index.js';
import type { Category, Contest } from '../repository/contests.js';
import { listCategories } from '../repository/contests.js';
import { listProjects, type Project } from '../repository/projects.js';
import { ballotTotals, voteCounts, type CountedBallots } from '../repository/ballots.js';
import { tables, type ResultSummary } from '../tables.js';

export interface CategoryResult {
  category: Category;
  projects: Project[];
  votes: Map<number, number>;
  tally: TallyResult;
  voters: number;
}

/** The SQL condition on `budget_ballots as b` that keeps the ballots the contest counts (see voteCounts). */
const countedBallot = (c: CountedBallots) => (c.emailCounts ? sql`true` : sql`b.level <> 'email'`);

/** Counted ballots of one category as the Method of Equal Shares reads them: identical ones grouped. */
async function categoryBallots(db: Db, contest: CountedBallots, categoryId: number): Promise<{ ballots: Ballot[]; voters: number }> {
  const rows = await sql<{ ps: string; n: number }>`
    select ps, count(*)::int as n from (
      select string_agg(c.project_id::text, ',' order by c.project_id) as ps
      from budget_ballot_choices c join budget_ballots b on b.id = c.ballot_id
      where c.contest_id = ${contest.id} and c.category_id = ${categoryId} and ${countedBallot(contest)}
      group by c.ballot_id
    ) x group by ps`.execute(db);
  let voters = 0;
  const ballots: Ballot[] = rows.rows.map((r) => {
    voters += r.n;
    return { kind: 'approval', projects: r.ps.split(','), count: r.n };
  });
  return { ballots, voters };
}

export async function tallyContest(db: Db, contest: Contest): Promise<CategoryResult[]> {
  const [categories, projects, votes] = await Promise.all([
    listCategories(db, contest.id),
    listProjects(db, contest.id, { statuses: ['admitted'] }),
    voteCounts(db, contest),
  ]);
  const out: CategoryResult[] = [];
  for (const category of categories) {
    const ps = projects.filter((p) => p.categoryId === category.id);
    const tp: TallyProject[] = ps.map((p) => ({
      id: String(p.id),
      cost: BigInt(p.cost),
      votes: BigInt(votes.get(p.id) ?? 0),
      submittedOrder: submittedOrder(p),
    }));
    const mes = contest.winnerRule === 'mes';
    const { ballots, voters } = mes ? await categoryBallots(db, contest, category.id) : { ballots: [], voters: 0 };
    const tally = runTally({ budget: BigInt(category.budget), projects: tp, ballots }, contest.winnerRule, contestTallyOptions(contest));
    out.push({ category, projects: ps, votes, tally, voters });
  }
  return out;
}

/** One category's counted vote as a Pabulib file: project codes as ids, voters anonymised with age and channel. */
export async function pabulibOfCategory(db: Db, a: { contest: Contest; category: Category; communityName: string; result: CategoryResult }): Promise<string> {
  const rows = await sql<{ ps: string; age: number | null; channel: string }>`
    select string_agg(c.project_id::text, ',' order by c.project_id) as ps, b.age, b.channel
    from budget_ballot_choices c join budget_ballots b on b.id = c.ballot_id
    where c.contest_id = ${a.contest.id} and c.category_id = ${a.category.id} and ${countedBallot(a.contest)}
    group by c.ballot_id, b.age, b.channel`.execute(db);
  const code = new Map(a.result.projects.map((p) => [String(p.id), p.code ?? String(p.id)]));
  const winners = new Set(a.result.tally.winners);
  const rule = { greedy: 'greedy', 'greedy-no-skip': 'greedy-no-skip', 'greedy-threshold': 'greedy-threshold', mes: 'equalshares/add1' }[a.contest.winnerRule];
  const comments: string[] = [];
  if (a.contest.winnerRule === 'mes') {
    comments.push(`${MES_COMPLETION_COMMENT}${exhaustiveStopComment(a.result.tally, (id) => code.get(id) ?? id)}`);
  }
  if (!a.contest.emailCounts) comments.push('Ballots cast with e-mail and phone sign-in do not count under the contest rules and are left out.');
  return writePabulib({
    meta: {
      description: `${a.contest.title}: ${a.category.name}`,
      country: 'Ukraine',
      unit: a.communityName,
      instance: String(a.contest.dates.votingFrom.getUTCFullYear()),
      subunit: a.category.name,
      rule,
      ...(a.contest.winnerRule === 'mes' ? { completion: MES_COMPLETION } : {}),
      currency: 'UAH',
      // As every Pabulib file writes them (dd.mm.yyyy), on the Kyiv calendar the contest ran by.
      date_begin: pabulibDate(a.contest.dates.votingFrom),
      // votingTo is exclusive (the start of the day after the last one), so the last day is a millisecond before.
      date_end: pabulibDate(new Date(a.contest.dates.votingTo.getTime() - 1)),
      ...(a.contest.winnerRule === 'greedy-threshold' ? { min_project_score_threshold: String(a.contest.minVotes) } : {}),
      ...(a.contest.ballot.maxPerCategory ? { max_length: String(a.contest.ballot.maxPerCategory) } : {}),
      ...(comments.length ? { comment: comments.map((c, k) => `#${k + 1}: ${c}`).join(' ') } : {}),
    },
    voteType: a.contest.ballot.mode === 'one-per-category' ? 'choose-1' : 'approval',
    budget: BigInt(a.category.budget),
    scale: 100n,
    projects: a.result.projects.map((p) => ({ id: code.get(String(p.id))!, cost: BigInt(p.cost), name: p.title, selected: winners.has(String(p.id)) })),
    voters: rows.rows.map((r) => ({
      projects: r.ps.split(',').map((id) => code.get(id) ?? id),
      ...(r.age !== null ? { age: r.age } : {}),
      votingMethod: r.channel === 'web' ? 'internet' : r.channel,
    })),
  });
}

/** META `completion`: which Add1 we ran (see contestTallyOptions and tally/equal-shares.ts). */
const MES_COMPLETION = 'add1: every share +1 UAH from floor(budget/voters) while the outcome fits the budget';
const MES_COMPLETION_COMMENT =
  'Add1 goes on while the outcome fits the budget; pabutools and the equalshares.net tool stop it at the first exhaustive outcome, which can select other projects.';

function exhaustiveStopComment(tally: TallyResult, codeOf: (id: string) => string): string {
  const early = tally.mes?.exhaustiveStop;
  if (!early) return ' Here both stops select the same projects.';
  return ` Here stopping at the first exhaustive outcome would select ${early.winners.map(codeOf).join(', ')} instead of ${tally.winners.map(codeOf).join(', ')}.`;
}

/** dd.mm.yyyy on the Kyiv calendar, as Pabulib files write dates. */
function pabulibDate(instant: Date): string {
  const [y, m, d] = kyivDateOf(instant).split('-');
  return `${d}.${m}.${y}`;
}

// ---------------------------------------------------------------------------------------------------------
// Publication and corrections: one-way, every record kept

/** What the count says now, as a record keeps it: per category, the winners with their votes and cost. */
export async function resultSummary(db: Db, contest: Contest): Promise<ResultSummary> {
  const [results, totals] = await Promise.all([tallyContest(db, contest), ballotTotals(db, contest.id)]);
  const counted = countedTotals(totals, contest.emailCounts);
  return {
    ballots: counted.ballots,
    ...(contest.emailCounts ? {} : { emailNotCounted: counted.notCounted }),
    categories: results.map((r) => {
      const winners = new Set(r.tally.winners);
      return {
        code: r.category.code,
        name: r.category.name,
        budget: r.category.budget,
        winners: r.projects
          .filter((p) => winners.has(String(p.id)))
          .map((p) => ({ code: p.code, title: p.title, votes: r.votes.get(p.id) ?? 0, cost: p.cost })),
      };
    }),
  };
}

/**
 * Publishes the results once voting has ended, with a record of what they were. Publication is one-way:
 * a second call (a «republication») changes nothing and answers false, as does one before the end.
 */
export async function publishResults(db: Db, a: { contest: Contest; actorUserId: number | null; now: Date }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if (a.now.getTime() < a.contest.dates.votingTo.getTime()) return false;
    const r = await tables(trx)
      .updateTable('budget_contests')
      .set({ results_published_at: a.now })
      .where('id', '=', a.contest.id)
      .where('results_published_at', 'is', null)
      .where('voting_to', '<=', a.now)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    const summary = await resultSummary(trx, a.contest);
    await tables(trx)
      .insertInto('budget_result_records')
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        kind: 'published',
        reason: null,
        summary: JSON.stringify(summary),
        actor_user_id: a.actorUserId,
        at: a.now,
      })
      .execute();
    const changes = fieldChanges(contestRuleFields(a.contest), contestRuleFields({ ...a.contest, resultsPublishedAt: a.now }));
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.results.published',
      subjectType: 'budget_contest',
      subjectId: a.contest.id,
      before: changes?.before,
      after: changes?.after,
    });
    return true;
  });
}

/**
 * A correction of published results: the count is taken again and kept with the public reason, beside the
 * first published result (which is never changed or removed). The caller checks correctionProblem first.
 */
export async function correctResults(db: Db, a: { contest: Contest; reason: string; actorUserId: number | null; now: Date }): Promise<number | null> {
  return inTransaction(db, async (trx) => {
    const current = await tables(trx)
      .selectFrom('budget_contests')
      .select('results_published_at')
      .where('id', '=', a.contest.id)
      .forUpdate()
      .executeTakeFirst();
    if (!current?.results_published_at) return null;
    const summary = await resultSummary(trx, a.contest);
    const r = await tables(trx)
      .insertInto('budget_result_records')
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        kind: 'correction',
        reason: a.reason.trim(),
        summary: JSON.stringify(summary),
        actor_user_id: a.actorUserId,
        at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Not a rule of the contest, so a subject of its own: a replay of the contest's entries stays its rules.
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.results.corrected',
      subjectType: 'budget_results',
      subjectId: a.contest.id,
      after: { recordId: r.id, reason: a.reason.trim(), summary },
    });
    return r.id;
  });
}
