/**
 * One entry point for every winner rule, so the contest engine, the school budget, the CLI and the results
 * page cannot disagree about how a category was counted.
 */
import { assertValidElection } from './election-checks.js';
import { compareForVoters, equalSharesPrepared, prepareMes, type MesOptions, type MesOutcome } from './equal-shares.js';
import { reduceFraction } from './fraction.js';
import { greedy } from './greedy.js';
import { TallyInputError, type Election, type MesDetails, type ProjectResult, type TallyResult, type TallyRule, type Verdict } from './types.js';

export * from './types.js';
export { countVotes } from './count-votes.js';
export { formatFraction } from './fraction.js';

export interface TallyOptions extends MesOptions {
  /** Minimum votes; required by 'greedy-threshold', honoured by the other greedy rules when given. */
  readonly threshold?: bigint;
}

export function runTally(election: Election, rule: TallyRule, options: TallyOptions = {}): TallyResult {
  assertValidElection(election);
  switch (rule) {
    case 'greedy':
    case 'greedy-no-skip':
    case 'greedy-threshold': {
      if (rule === 'greedy-threshold' && options.threshold === undefined) {
        throw new TallyInputError('greedy-threshold needs a threshold (minimum votes)');
      }
      const out = greedy(election.budget, election.projects, {
        ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
        stopAtFirstMiss: rule === 'greedy-no-skip',
      });
      return { rule, budget: election.budget, winners: out.winners, totalCost: out.totalCost, projects: out.projects };
    }
    case 'mes':
    case 'mes-comparison':
      return equalSharesTally(election, rule, options);
    default: {
      const never: never = rule;
      throw new TallyInputError(`unknown rule ${String(never)}`);
    }
  }
}

function equalSharesTally(election: Election, rule: 'mes' | 'mes-comparison', options: TallyOptions): TallyResult {
  const inst = prepareMes(election.projects, election.ballots);
  const out = equalSharesPrepared(inst, election.budget, options);
  const ranked = greedy(election.budget, election.projects);
  let comparison: MesDetails['comparison'];
  if (rule === 'mes-comparison') {
    const index = new Map(inst.ids.map((id, i) => [id, i]));
    const greedyIdx = ranked.winners.map((id) => index.get(id)!);
    const { prefersMes, prefersGreedy } = compareForVoters(inst, out.run.order, greedyIdx);
    const kept = prefersGreedy > prefersMes ? 'greedy' : 'mes';
    comparison = { prefersMes, prefersGreedy, kept };
    if (kept === 'greedy') {
      const mes: MesDetails = {
        voters: out.voters,
        voterBudget: reduceFraction(out.voterBudget),
        add1Steps: out.add1Steps,
        exhaustive: out.exhaustive,
        comparison,
      };
      return { rule, budget: election.budget, winners: ranked.winners, totalCost: ranked.totalCost, projects: ranked.projects, mes };
    }
  }
  const { run } = out;
  const step = new Map<number, number>();
  run.order.forEach((j, s) => step.set(j, s + 1));
  const remainingBefore: bigint[] = [];
  let spent = 0n;
  for (const j of run.order) {
    remainingBefore.push(election.budget - spent);
    spent += inst.cost[j]!;
  }
  const index = new Map(inst.ids.map((id, i) => [id, i]));
  const projects: ProjectResult[] = ranked.projects.map((r) => {
    const j = index.get(r.id)!;
    const s = step.get(j);
    let verdict: Verdict;
    if (s !== undefined) {
      verdict = { status: 'funded', step: s, remainingBefore: remainingBefore[s - 1]!, payment: reduceFraction(run.payment[j]!) };
    } else {
      const u = run.unaffordable[j] ?? { step: 0, money: { num: 0n, den: 1n } };
      verdict = { status: 'not-affordable', step: u.step, supportersMoney: reduceFraction(u.money) };
    }
    return { ...r, verdict };
  });
  const mes: MesDetails = {
    voters: out.voters,
    voterBudget: reduceFraction(out.voterBudget),
    add1Steps: out.add1Steps,
    exhaustive: out.exhaustive,
    ...(rule === 'mes' ? exhaustiveStopOf(inst.ids, out) : {}),
    ...(comparison ? { comparison } : {}),
  };
  return { rule, budget: election.budget, winners: run.order.map((j) => inst.ids[j]!), totalCost: run.totalCost, projects, mes };
}

/** The early-stop outcome, when its winners differ from the kept ones (same set: nothing worth saying). */
function exhaustiveStopOf(ids: readonly string[], out: MesOutcome): Pick<MesDetails, 'exhaustiveStop'> {
  const early = out.earlyStop;
  if (!early) return {};
  const kept = new Set(out.run.order);
  if (early.run.order.length === kept.size && early.run.order.every((j) => kept.has(j))) return {};
  return { exhaustiveStop: { winners: early.run.order.map((j) => ids[j]!), voterBudget: reduceFraction(early.voterBudget), add1Steps: early.add1Steps } };
}
