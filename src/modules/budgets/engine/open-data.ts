/**
 * What the budget's statistics and open datasets share with the tools built on its contest engine (the school
 * budget): month buckets, exact hryvnia text, the winners of public results, and the per-project result columns.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../../core/context.js';
import type { OpenDataset } from '../../../core/modules/manifest.js';
import type { TallyResult } from '../tally/index.js';
import { findContest, resultsPublic, type Category, type Contest } from './contests.js';
import type { Project } from './projects.js';
import { tallyContest, type CategoryResult } from './results.js';

type Field = OpenDataset['fields'][number];

/** The month of a timestamp column as Kyiv sees it, `YYYY-MM`. */
export const kyivMonth = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone 'Europe/Kyiv', 'YYYY-MM')`;

/** Kopiykas as exact hryvnias, `1234.05`: open data must not round. */
export const uahText = (kop: number | bigint) => {
  const k = BigInt(kop);
  return `${k / 100n}.${(k % 100n).toString().padStart(2, '0')}`;
};

/** Winners of contests whose results are public: a tally per contest (contests are few, ballots are rows). */
export async function fundedOf(ctx: CoreContext, contests: Contest[]): Promise<{ count: number; money: number }> {
  let count = 0;
  let money = 0;
  const now = ctx.clock.now();
  for (const c of contests) {
    if (!resultsPublic(c, now)) continue;
    for (const r of await tallyContest(ctx.db, c)) {
      count += r.tally.winners.length;
      money += Number(r.tally.totalCost);
    }
  }
  return { count, money };
}

/** The contest when its results are public at `now`, else null. */
export async function contestWithPublicResults(ctx: CoreContext, id: number, now: Date): Promise<Contest | null> {
  const contest = await findContest(ctx.db, id);
  return contest && resultsPublic(contest, now) ? contest : null;
}

/** Every project of a tally with its category and its line in the count, category by category. */
export function resultLines(results: CategoryResult[]): { category: Category; project: Project; line: TallyResult['projects'][number] }[] {
  return results.flatMap((r) => {
    const byId = new Map(r.projects.map((x) => [String(x.id), x]));
    return r.tally.projects.map((line) => ({ category: r.category, project: byId.get(line.id)!, line }));
  });
}

export const RULE_FIELD: Field = { name: 'rule', type: 'string', meaning: { uk: 'Правило: greedy, greedy-no-skip, greedy-threshold, mes', en: 'Rule: greedy, greedy-no-skip, greedy-threshold, mes' } };

/** The last columns of a results dataset, filled by `verdictColumns`. */
export const VERDICT_FIELDS: Field[] = [
  { name: 'votes', type: 'integer', meaning: { uk: 'Голосів', en: 'Votes' } },
  { name: 'rank', type: 'integer', meaning: { uk: 'Місце за голосами', en: 'Place by votes' } },
  { name: 'cost_uah', type: 'number', meaning: { uk: 'Вартість, грн', en: 'Cost, UAH' } },
  { name: 'funded', type: 'boolean', meaning: { uk: 'Профінансовано', en: 'Funded' } },
  { name: 'verdict', type: 'string', meaning: { uk: 'Чому так: funded, not-funded-does-not-fit, below-threshold, stopped, not-affordable', en: 'Why: funded, not-funded-does-not-fit, below-threshold, stopped, not-affordable' } },
];

export function verdictColumns(line: TallyResult['projects'][number]): Record<string, string | number | boolean> {
  return { votes: Number(line.votes), rank: line.rank, cost_uah: uahText(line.cost), funded: line.verdict.status === 'funded', verdict: line.verdict.status };
}
