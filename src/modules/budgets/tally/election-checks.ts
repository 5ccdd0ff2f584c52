/**
 * Checks run before any rule, so a rule never has to guess what a duplicate id or a negative cost means:
 * such input is a bug in the caller (or a broken import) and must be refused loudly, not counted.
 */
import { TallyInputError, type Ballot, type Election } from './types.js';

export function ballotWeight(b: Ballot): number {
  const c = b.count ?? 1;
  if (!Number.isSafeInteger(c) || c < 0) throw new TallyInputError(`ballot count must be a non-negative integer, got ${c}`);
  return c;
}

/** The projects a ballot supports, as far as the Method of Equal Shares is concerned. */
export function supportedProjects(b: Ballot): string[] {
  if (b.kind === 'approval') return [...b.projects];
  const out: string[] = [];
  for (const [id, pts] of b.points) if (pts > 0n) out.push(id);
  return out;
}

export function assertValidElection(e: Election): void {
  if (e.budget < 0n) throw new TallyInputError('budget must not be negative');
  const ids = new Set<string>();
  for (const p of e.projects) {
    if (ids.has(p.id)) throw new TallyInputError(`duplicate project id ${JSON.stringify(p.id)}`);
    ids.add(p.id);
    if (p.cost < 0n) throw new TallyInputError(`project ${JSON.stringify(p.id)} has a negative cost`);
    if (p.votes < 0n) throw new TallyInputError(`project ${JSON.stringify(p.id)} has negative votes`);
  }
  for (const b of e.ballots) {
    ballotWeight(b);
    const seen = new Set<string>();
    const listed = b.kind === 'approval' ? b.projects : [...b.points.keys()];
    for (const id of listed) {
      if (!ids.has(id)) throw new TallyInputError(`a ballot names unknown project ${JSON.stringify(id)}`);
      if (seen.has(id)) throw new TallyInputError(`a ballot names project ${JSON.stringify(id)} twice`);
      seen.add(id);
    }
    if (b.kind === 'cumulative') {
      for (const [id, pts] of b.points) if (pts < 0n) throw new TallyInputError(`negative points for ${JSON.stringify(id)}`);
    }
  }
}
