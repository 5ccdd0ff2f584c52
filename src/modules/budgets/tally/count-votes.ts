/**
 * Votes recomputed from the ballots themselves. Pabulib files carry a `votes` column too, but the ballots
 * are the record; a tally that trusted the summary column could not be checked against them.
 */
import { ballotWeight } from './election-checks.js';
import type { Ballot, Project } from './types.js';

/** Approval and choose-1: one per ballot; cumulative: the sum of the points. */
export function countVotes(projects: readonly Project[], ballots: readonly Ballot[]): Project[] {
  const totals = new Map<string, bigint>(projects.map((p) => [p.id, 0n]));
  for (const b of ballots) {
    const w = BigInt(ballotWeight(b));
    if (b.kind === 'approval') {
      for (const id of b.projects) totals.set(id, (totals.get(id) ?? 0n) + w);
    } else {
      for (const [id, pts] of b.points) totals.set(id, (totals.get(id) ?? 0n) + w * pts);
    }
  }
  return projects.map((p) => ({ ...p, votes: totals.get(p.id) ?? 0n }));
}
