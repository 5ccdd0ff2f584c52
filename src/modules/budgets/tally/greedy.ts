/**
 * The greedy rules used by most Ukrainian and Polish participatory budgets: take projects by votes, best
 * first, and fund each one that still fits the money left. Variants: stop at the first project that does not
 * fit (greedy without skipping), and drop projects under a minimum number of votes first (threshold).
 * Everything is bigint, so a budget of 2^53 + 1 kopiykas is counted as exactly as one of 100.
 */
import { rankOrder } from './ranking.js';
import type { Project, ProjectResult, Verdict } from './types.js';

export interface GreedyOptions {
  /** Projects with fewer votes than this are dropped before counting. Pabulib's files show cities applying
   *  their minimum to the no-skip rule too (Gdynia 2020 Orłowo, 2023 Kamienna Góra), so every variant takes it. */
  readonly threshold?: bigint;
  /** Stop at the first project that does not fit instead of skipping it. */
  readonly stopAtFirstMiss?: boolean;
}

export interface GreedyOutcome {
  readonly winners: string[];
  readonly totalCost: bigint;
  /** Every project in rank order, with its verdict. */
  readonly projects: ProjectResult[];
}

export function greedy(budget: bigint, projects: readonly Project[], options: GreedyOptions = {}): GreedyOutcome {
  const threshold = options.threshold ?? 0n;
  const order = rankOrder(projects);
  const winners: string[] = [];
  const results: ProjectResult[] = [];
  let remaining = budget;
  let stoppedAt: string | null = null;
  order.forEach((i, place) => {
    const p = projects[i]!;
    let verdict: Verdict;
    if (p.votes < threshold) {
      verdict = { status: 'below-threshold', threshold };
    } else if (stoppedAt !== null) {
      verdict = { status: 'stopped', stoppedAt, remainingBudget: remaining };
    } else if (p.cost <= remaining) {
      winners.push(p.id);
      verdict = { status: 'funded', step: winners.length, remainingBefore: remaining };
      remaining -= p.cost;
    } else {
      verdict = { status: 'not-funded-does-not-fit', remainingBudget: remaining };
      if (options.stopAtFirstMiss) stoppedAt = p.id;
    }
    results.push({ id: p.id, cost: p.cost, votes: p.votes, rank: place + 1, verdict });
  });
  return { winners, totalCost: budget - remaining, projects: results };
}
