/** What the replays of the tools share: one valid act per person and subject, subject ids, sign-in levels. */
import type { ParsedAct } from '../core/tlog/acts.js';
import { Discrepancy } from './log.js';

/**
 * A leaf hash or tag (base64 of 32 bytes) as a key: its first 16 bytes as a one-byte string, a third of the
 * base64 text's memory, with 128 bits against collisions. Anything else (not one of ours) stays as it is.
 */
export function compactKey(b64: string): string {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(b64) ? Buffer.from(b64, 'base64').subarray(0, 16).toString('latin1') : b64;
}

/**
 * The acts of one subject of which each person (tag) may have one valid at a time: signatures, ballots,
 * poll answers. A later entry cancels one by its leaf hash (`of`). Memory: one small record per act that
 * still counts, its leaf hash and tag kept as compact keys.
 */
export class OnePerTag<R extends { tag: string }> {
  /** Leaf hash (compact) → the act (its tag compact), while it counts. */
  readonly valid = new Map<string, R>();
  private readonly tags = new Set<string>();
  /** Cancellations of acts from before the log (`of` null): they were never counted here. */
  preLog = 0;

  /** False when the tag already has a valid act here (a duplicate). */
  add(leaf: string, r: R): boolean {
    const tag = compactKey(r.tag);
    if (this.tags.has(tag)) return false;
    this.valid.set(compactKey(leaf), { ...r, tag });
    this.tags.add(tag);
    return true;
  }

  /** The cancelled act; null for one before the log; undefined when `of` names no valid act here. */
  cancel(of: unknown): R | null | undefined {
    if (of === null) {
      this.preLog++;
      return null;
    }
    const key = typeof of === 'string' ? compactKey(of) : undefined;
    const r = key === undefined ? undefined : this.valid.get(key);
    if (!r) return undefined;
    this.valid.delete(key!);
    this.tags.delete(r.tag);
    return r;
  }
}

/** The positive integer id of a subject `<prefix>:<id>`, or a discrepancy naming the entry. */
export function subjectId(index: number, act: ParsedAct, prefix: string): number {
  const m = new RegExp(`^${prefix}:([1-9][0-9]{0,9})$`).exec(act.subject);
  if (!m) throw new Discrepancy(`entry ${index}: a ${act.tool} entry about «${act.subject}»`);
  return Number(m[1]);
}

/** A sign-in level as an entry gives it (`email` does not count where a rule says so; the rest do). */
export const levelOf = (act: ParsedAct): 'idgovua' | 'email' | 'other' =>
  act.details.level === 'idgovua' || act.details.level === 'email' ? act.details.level : 'other';

/** How many acts came at each sign-in level. */
export function countLevels(acts: Iterable<{ level: string }>): { idgovua: number; email: number; other: number } {
  const n = { idgovua: 0, email: 0, other: 0 };
  for (const a of acts) n[a.level === 'idgovua' || a.level === 'email' ? a.level : 'other']++;
  return n;
}
