/**
 * The budget half of the verifier (tools `budgets` and `school-budget`): replays the ballots of each contest
 * minus the annulled ones, then compares them with GET /api/v1/budget-contests/:id/counts.
 *
 * Like with like: the log's valid ballots of every level = the site's `ballots` (total and per level).
 * Where the entries carry the choices (the contest shows its counts while voting), the votes per project
 * of the ballots that count (e-mail ones only where the API's `emailCounts` says so) = the site's votes,
 * and, once the results are published, those ballots run through the project's own tally engine elect
 * the site's winners in each category. Where the choices are hidden, only the ballots are compared.
 */
import type { ParsedAct } from '../core/tlog/acts.js';
import { runTally, type Ballot, type Project } from '../modules/budgets/tally/index.js';
import { contestTallyOptions, submittedOrder } from '../modules/budgets/rules.js';
import type { WinnerRule } from '../modules/budgets/tables.js';
import { Discrepancy, fetchJson, type Fetcher } from './log.js';
import { countLevels, levelOf, OnePerTag, subjectId } from './subjects.js';

interface LoggedBallot {
  tag: string;
  level: string;
  /** The chosen projects' ids, ascending, joined by commas; null where the contest hides its choices. */
  choices: string | null;
}

interface ContestLog {
  community: string;
  tool: string;
  ballots: OnePerTag<LoggedBallot>;
  /** One string per distinct set of choices, shared by the ballots that made it (few sets, millions of ballots). */
  choiceSets: Map<string, string>;
}

/** Replays the ballots of every contest in log order; throws a Discrepancy on an inconsistent entry. */
export class BudgetReplay {
  readonly contests = new Map<number, ContestLog>();
  unknownKinds = 0;

  add(index: number, act: ParsedAct, leaf: string): void {
    const id = subjectId(index, act, 'contest');
    let c = this.contests.get(id);
    if (!c) this.contests.set(id, (c = { community: act.community, tool: act.tool, ballots: new OnePerTag(), choiceSets: new Map() }));
    if (c.tool !== act.tool || c.community !== act.community)
      throw new Discrepancy(`contest ${id}: entry ${index} places it in «${act.community}» (${act.tool}), earlier entries in «${c.community}» (${c.tool})`);
    if (act.kind === 'ballot') {
      const choices = act.details.choices;
      if (choices !== undefined && (!Array.isArray(choices) || !choices.every((x) => Number.isSafeInteger(x))))
        throw new Discrepancy(`contest ${id}: entry ${index} has malformed choices`);
      let set: string | null = null;
      if (choices !== undefined) {
        set = (choices as number[]).join(',');
        set = c.choiceSets.get(set) ?? (c.choiceSets.set(set, set), set);
      }
      const ballot = { tag: act.tag, level: levelOf(act), choices: set };
      if (!c.ballots.add(leaf, ballot)) throw new Discrepancy(`contest ${id}: entry ${index} is a second valid ballot with the same tag`);
    } else if (act.kind === 'ballot-annulled') {
      if (c.ballots.cancel(act.details.of) === undefined)
        throw new Discrepancy(`contest ${id}: entry ${index} annuls ${String(act.details.of)}, which is no valid ballot of this contest in the log`);
    } else this.unknownKinds++;
  }
}

interface ApiCounts {
  id: number;
  community: string;
  tool: string;
  emailCounts: boolean;
  ballots: { total: number; idgovua: number; email: number };
  votes: { projectId: number; votes: number }[] | null;
  results: {
    rule: WinnerRule;
    minVotes: number;
    categories: {
      id: number;
      budgetKopiykas: number;
      projects: { id: number; costKopiykas: number; submittedAt: string | null }[];
      winners: number[];
    }[];
  } | null;
}

export interface BudgetCompareSummary {
  checked: number;
  /** Contests whose entries carry the choices: votes per project compared (where shown) and winners recomputed (where published). */
  votesCompared: number;
  winnersRecomputed: number;
  /** Contests whose choices the log hides: only the ballots compared. */
  ballotsOnly: number[];
  /** Annulments of ballots cast before the log (not counted by the log; the site's count may include others of them). */
  preLogAnnulled: number;
}

const list = (ids: readonly (string | number)[]) => (ids.length > 0 ? ids.join(', ') : 'none');

/** The winners the log's ballots elect in each category of the published results, or a discrepancy. */
function checkWinners(id: number, counted: LoggedBallot[], votes: Map<number, number>, results: NonNullable<ApiCounts['results']>): void {
  for (const cat of results.categories) {
    const inCategory = new Set(cat.projects.map((p) => p.id));
    const projects: Project[] = cat.projects.map((p) => ({
      id: String(p.id),
      cost: BigInt(p.costKopiykas),
      votes: BigInt(votes.get(p.id) ?? 0),
      submittedOrder: submittedOrder({ id: p.id, submittedAt: p.submittedAt === null ? null : new Date(p.submittedAt) }),
    }));
    // The Method of Equal Shares reads the ballots, identical ones grouped (as the results page does).
    const groups = new Map<string, number>();
    if (results.rule === 'mes')
      for (const b of counted) {
        const mine = b.choices!.split(',').filter((x) => inCategory.has(Number(x)));
        if (mine.length > 0) groups.set(mine.join(','), (groups.get(mine.join(',')) ?? 0) + 1);
      }
    const ballots: Ballot[] = [...groups].map(([ps, count]) => ({ kind: 'approval', projects: ps.split(','), count }));
    const winners = runTally(
      { budget: BigInt(cat.budgetKopiykas), projects, ballots },
      results.rule,
      contestTallyOptions({ winnerRule: results.rule, minVotes: results.minVotes }),
    ).winners.map(Number);
    if (winners.join(',') !== cat.winners.join(','))
      throw new Discrepancy(`contest ${id}, category ${cat.id}: the log's ballots elect projects ${list(winners)}, the site shows ${list(cat.winners)}`);
  }
}

/** Compares each logged contest with the site's counts. */
export async function compareBudgets(get: Fetcher, replay: BudgetReplay): Promise<BudgetCompareSummary> {
  const out: BudgetCompareSummary = { checked: 0, votesCompared: 0, winnersRecomputed: 0, ballotsOnly: [], preLogAnnulled: 0 };
  for (const id of [...replay.contests.keys()].sort((a, b) => a - b)) {
    const c = replay.contests.get(id)!;
    const site = await fetchJson<ApiCounts>(get, `/api/v1/budget-contests/${id}/counts`);
    if (site.community !== c.community || site.tool !== c.tool)
      throw new Discrepancy(`contest ${id}: the log places it in «${c.community}» (${c.tool}), the site in «${site.community}» (${site.tool})`);
    const valid = [...c.ballots.valid.values()];
    const levels = countLevels(valid);
    if (valid.length !== site.ballots.total)
      throw new Discrepancy(`contest ${id}: the log gives ${valid.length} ballots, the site shows ${site.ballots.total}`);
    if (levels.email !== site.ballots.email)
      throw new Discrepancy(`contest ${id}: the log gives ${levels.email} e-mail-level ballots, the site shows ${site.ballots.email}`);
    out.checked++;
    out.preLogAnnulled += c.ballots.preLog;
    if (valid.some((b) => b.choices === null)) {
      out.ballotsOnly.push(id);
      continue;
    }
    const counted = site.emailCounts ? valid : valid.filter((b) => b.level !== 'email');
    const votes = new Map<number, number>();
    for (const b of counted) for (const p of b.choices!.split(',')) if (p !== '') votes.set(Number(p), (votes.get(Number(p)) ?? 0) + 1);
    if (site.votes) {
      const shown = new Map(site.votes.map((v) => [v.projectId, v.votes]));
      for (const p of [...new Set([...votes.keys(), ...shown.keys()])].sort((a, b) => a - b))
        if ((votes.get(p) ?? 0) !== (shown.get(p) ?? 0))
          throw new Discrepancy(`contest ${id}, project ${p}: the log gives ${votes.get(p) ?? 0} votes, the site shows ${shown.get(p) ?? 0}`);
      out.votesCompared++;
    }
    if (site.results) {
      checkWinners(id, counted, votes, site.results);
      out.winnersRecomputed++;
    }
  }
  return out;
}
