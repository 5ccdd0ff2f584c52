/**
 * What the budget's statistics and open datasets share with the tools built on its contest engine (the school
 * budget): exact hryvnia text, the winners of public results, and the per-project result columns.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset } from '../../core/modules/manifest.js';
import { column, columns } from '../../core/modules/open-data.js';
import type { TallyResult } from './tally/index.js';
import { resultsPublic } from './service/contests.js';
import { findContest, type Category, type Contest } from './repository/contests.js';
import type { Project } from './repository/projects.js';
import { tallyContest, type CategoryResult } from './service/results.js';

type Field = OpenDataset['fields'][number];

/** Kopiykas as exact hryvnias, `1234.05`: open data must not round. */
export const uahText = (kop: number | bigint) => {
  const k = BigInt(kop);
  return `${k / 100n}.${(k % 100n).toString().padStart(2, '0')}`;
};

/**
 * Winners of contests whose results are public. A tally reads every ballot of a contest, so each one's
 * outcome is kept in `budget_tally_cache`; triggers drop the row on any change a tally reads (ballots,
 * choices, projects, categories, the contest). The tally and the cached row are written in one
 * serializable transaction: a ballot committed meanwhile makes it fail instead of caching a stale count.
 */
export async function fundedOf(ctx: CoreContext, contests: Contest[]): Promise<{ count: number; money: number }> {
  const now = ctx.clock.now();
  const open = contests.filter((c) => resultsPublic(c, now));
  if (!open.length) return { count: 0, money: 0 };
  const cached = await sql<{ contest_id: number; winners: number; money: string }>`
    select contest_id, winners, money from budget_tally_cache where contest_id in (${sql.join(open.map((c) => c.id))})`.execute(ctx.db);
  const known = new Map(cached.rows.map((r) => [r.contest_id, { winners: r.winners, money: Number(r.money) }]));
  let count = 0;
  let money = 0;
  for (const c of open) {
    const outcome = known.get(c.id) ?? (await tallyAndKeep(ctx, c));
    count += outcome.winners;
    money += outcome.money;
  }
  return { count, money };
}

async function tallyAndKeep(ctx: CoreContext, contest: Contest): Promise<{ winners: number; money: number }> {
  const outcome = (results: CategoryResult[]) => ({
    winners: results.reduce((a, r) => a + r.tally.winners.length, 0),
    money: results.reduce((a, r) => a + Number(r.tally.totalCost), 0),
  });
  if (ctx.db.isTransaction) return outcome(await tallyContest(ctx.db, contest));
  try {
    return await ctx.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        const o = outcome(await tallyContest(trx, contest));
        await sql`insert into budget_tally_cache (contest_id, winners, money) values (${contest.id}, ${o.winners}, ${o.money}) on conflict (contest_id) do nothing`.execute(
          trx,
        );
        return o;
      });
  } catch (e) {
    // A serialization failure only means a change raced the tally: count now, cache another time.
    if ((e as { code?: string }).code !== '40001') throw e;
    return outcome(await tallyContest(ctx.db, contest));
  }
}

type ResultLine = { category: Category; project: Project; line: TallyResult['projects'][number] };

/** Every project of a tally with its category and its line in the count, category by category. */
export function resultLines(results: CategoryResult[]): ResultLine[] {
  return results.flatMap((r) => {
    const byId = new Map(r.projects.map((x) => [String(x.id), x]));
    return r.tally.projects.map((line) => ({ category: r.category, project: byId.get(line.id)!, line }));
  });
}

/** Of these contests (rows with their id, in order), the ones whose results are public now, each with the lines of its count. */
export async function withPublicResults<R extends { id: number }>(ctx: CoreContext, rows: R[]): Promise<{ row: R; contest: Contest; lines: ResultLine[] }[]> {
  const now = ctx.clock.now();
  const out: { row: R; contest: Contest; lines: ResultLine[] }[] = [];
  for (const row of rows) {
    const contest = await findContest(ctx.db, row.id);
    if (contest && resultsPublic(contest, now)) out.push({ row, contest, lines: resultLines(await tallyContest(ctx.db, contest)) });
  }
  return out;
}

export const RULE_FIELD: Field = column([
  'rule',
  'string',
  'Правило: greedy, greedy-no-skip, greedy-threshold, mes',
  'Rule: greedy, greedy-no-skip, greedy-threshold, mes',
]);

/** The last columns of a results dataset, filled by `verdictColumns`. */
export const VERDICT_FIELDS: Field[] = columns([
  'votes integer | Голосів | Votes',
  'rank integer | Місце за голосами | Place by votes',
  'cost_uah number | Вартість, грн | Cost, UAH',
  'funded boolean | Профінансовано | Funded',
  [
    'verdict',
    'string',
    'Чому так: funded, not-funded-does-not-fit, below-threshold, stopped, not-affordable',
    'Why: funded, not-funded-does-not-fit, below-threshold, stopped, not-affordable',
  ],
]);

export function verdictColumns(line: TallyResult['projects'][number]): Record<string, string | number | boolean> {
  return { votes: Number(line.votes), rank: line.rank, cost_uah: uahText(line.cost), funded: line.verdict.status === 'funded', verdict: line.verdict.status };
}
