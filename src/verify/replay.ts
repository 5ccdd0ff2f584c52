/**
 * The replay half of the verifier: reads each entry once, in log order, and hands it to the replay of its
 * tool. Memory grows with the acts still counted (one small record per valid act, keyed by its leaf hash),
 * never with the entries' bytes; every check per entry is O(1), so e-DEM's millions replay in minutes.
 */
import { parseActEntry } from '../core/tlog/acts.js';
import { Discrepancy } from './log.js';
import { PetitionReplay } from './petitions.js';
import { BudgetReplay } from './budgets.js';
import { ConsultationReplay } from './consultations.js';

export interface ReplaySummary {
  entries: number;
  /** Entries per tool (unknown tools and unparsable entries included, by name or «unparsable»). */
  tools: Map<string, number>;
}

/**
 * Replays every entry. The first inconsistency is kept in `problem` (not thrown), so that a broken log is
 * reported as such before what it would make of the counts.
 */
export class LogReplay {
  readonly petitions = new PetitionReplay();
  readonly budgets = new BudgetReplay();
  readonly consultations = new ConsultationReplay();
  readonly summary: ReplaySummary = { entries: 0, tools: new Map() };
  problem: Discrepancy | null = null;

  add(index: number, entry: Buffer, leaf: Buffer): void {
    this.summary.entries++;
    const act = parseActEntry(entry);
    const tool = act?.tool ?? 'unparsable';
    this.summary.tools.set(tool, (this.summary.tools.get(tool) ?? 0) + 1);
    if (!act) return;
    try {
      if (act.tool === 'petitions') this.petitions.add(index, act, leaf.toString('base64'));
      else if (act.tool === 'budgets' || act.tool === 'school-budget') this.budgets.add(index, act, leaf.toString('base64'));
      else if (act.tool === 'consultations') this.consultations.add(index, act, leaf.toString('base64'));
    } catch (e) {
      if (!(e instanceof Discrepancy)) throw e;
      this.problem ??= e;
    }
  }

  /** Entries of kinds no replay knows, per tool (counted, skipped). */
  unknownKinds(): [string, number][] {
    const out: [string, number][] = [
      ['petitions', this.petitions.unknownKinds],
      ['budgets', this.budgets.unknownKinds],
      ['consultations', this.consultations.unknownKinds],
    ];
    return out.filter(([, n]) => n > 0);
  }
}
