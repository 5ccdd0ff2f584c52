/**
 * The order in which the greedy rules consider projects, also the «place» shown on the results page:
 * more votes first; among equal votes the cheaper project (it leaves more money for others), then the one
 * submitted earlier (rewarding the author who was first, a rule residents can check by hand).
 */
import type { Project } from './types.js';

/** Negative when `a` comes before `b`; `ia`/`ib` are input positions, the last resort so the order is total. */
export function compareByRank(a: Project, ia: number, b: Project, ib: number): number {
  if (a.votes !== b.votes) return a.votes > b.votes ? -1 : 1;
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  const sa = a.submittedOrder ?? Number.POSITIVE_INFINITY;
  const sb = b.submittedOrder ?? Number.POSITIVE_INFINITY;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return ia - ib;
}

/** Indices into `projects`, best first. */
export function rankOrder(projects: readonly Project[]): number[] {
  const order = projects.map((_, i) => i);
  order.sort((i, j) => compareByRank(projects[i]!, i, projects[j]!, j));
  return order;
}
