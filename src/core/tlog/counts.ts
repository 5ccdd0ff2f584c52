/**
 * What the log itself gives as each subject's count (issue #18: «перевірено журналом»): valid acts per
 * subject and sign-in level, kept in `tlog_counts` (core-010) by the sequencer in the transaction of the
 * batch it sequences, so that a page reads one row instead of replaying the log and the counts are always
 * those of the latest checkpoint.
 *
 * A counted act (a signature, a ballot, a poll answer) adds one to its subject and level. A cancellation
 * takes one away only when it names (`of`, the leaf hash) an earlier counted act of the same subject that
 * is in the log and not cancelled yet (`tlog_cancelled`), and from that act's level: a cancellation of an
 * act made before the log, or of something else, changes nothing, as the log never counted it. This is
 * the replay the independent verifier does (src/verify).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { parseActEntry, type ParsedAct } from './acts.js';
import { readEntries, storedEntries } from './store.js';

/** The kind that cancels each counted kind. */
const CANCELLED_BY: Readonly<Record<string, string>> = {
  signature: 'signature-invalidated',
  ballot: 'ballot-annulled',
  answer: 'answer-annulled',
};
const CANCELS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(CANCELLED_BY).map(([k, v]) => [v, k]));

/** Rows per upsert (well under the protocol's 65535 parameters). */
const CHUNK = 1000;

export interface SequencedEntry {
  idx: number;
  entry: Uint8Array;
}

const levelOf = (act: ParsedAct): string => (typeof act.details.level === 'string' ? act.details.level : '');

/** The counted act a cancellation names, if it is one that is still counted; marks it cancelled. */
async function cancelTarget(trx: Db, idx: number, act: ParsedAct): Promise<ParsedAct | null> {
  const of = act.details.of;
  if (typeof of !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(of)) return null;
  const leaf = Buffer.from(of, 'base64');
  const target = await trx.selectFrom('tlog_entries').select(['idx', 'entry']).where('leaf_hash', '=', leaf).where('idx', '<', idx).executeTakeFirst();
  const cancelled = target ? parseActEntry(target.entry) : null;
  if (!cancelled || cancelled.subject !== act.subject || cancelled.kind !== CANCELS[act.kind]) return null;
  const first = await trx
    .insertInto('tlog_cancelled')
    .values({ leaf_hash: leaf })
    .onConflict((oc) => oc.doNothing())
    .returning('leaf_hash')
    .execute();
  return first.length ? cancelled : null;
}

/**
 * Adds sequenced entries (already stored in `tlog_entries`, in index order) to the per-subject counts,
 * inside the sequencing transaction `trx`.
 */
export async function countSequenced(trx: Db, entries: readonly SequencedEntry[]): Promise<void> {
  const delta = new Map<string, { subject: string; level: string; n: number }>();
  const add = (subject: string, level: string, n: number) => {
    const key = `${subject}\n${level}`;
    const d = delta.get(key) ?? { subject, level, n: 0 };
    d.n += n;
    delta.set(key, d);
  };
  for (const e of entries) {
    const act = parseActEntry(e.entry);
    if (!act) continue;
    if (act.kind in CANCELLED_BY) add(act.subject, levelOf(act), 1);
    else if (act.kind in CANCELS) {
      const target = await cancelTarget(trx, e.idx, act);
      if (target) add(target.subject, levelOf(target), -1);
    }
  }
  const rows = [...delta.values()].filter((d) => d.n !== 0).map((d) => ({ subject: d.subject, level: d.level, valid: d.n }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('tlog_counts')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['subject', 'level']).doUpdateSet({ valid: sql`tlog_counts.valid + excluded.valid` }))
      .execute();
  }
}

const REPLAY_CHUNK = 5000;

/**
 * Counts every entry already in the log, in index order, into empty count tables (core-010 on a log that
 * was kept before the counts were; a test that rebuilds them).
 */
export async function countLog(db: Db): Promise<void> {
  const size = await storedEntries(db);
  for (let from = 0; from < size; from += REPLAY_CHUNK) {
    const entries = await readEntries(db, from, Math.min(REPLAY_CHUNK, size - from));
    await countSequenced(
      db,
      entries.map((entry, i) => ({ idx: from + i, entry })),
    );
  }
}

export interface LoggedCount {
  /** Valid acts of every level. */
  all: number;
  /** Of them, acts at the e-mail (or phone) sign-in level. */
  email: number;
  /** The size of the checkpoint these counts are of (0 before the first). */
  checkpoint: number;
}

/** The log's count for one subject, read in one statement so that counts and checkpoint agree. */
export async function loggedCount(db: Db, subject: string): Promise<LoggedCount> {
  const r = await sql<{ all: number | null; email: number | null; checkpoint: number | null }>`
    select (select sum(valid)::int from tlog_counts where subject = ${subject}) as all,
           (select sum(valid)::int from tlog_counts where subject = ${subject} and level = 'email') as email,
           (select max(size) from tlog_checkpoints) as checkpoint`.execute(db);
  const row = r.rows[0];
  return { all: Number(row?.all ?? 0), email: Number(row?.email ?? 0), checkpoint: Number(row?.checkpoint ?? 0) };
}

/** Of a logged count, the acts that count under the subject's rule on e-mail-level acts. */
export function countedUnder(c: LoggedCount, emailCounts: boolean): number {
  return emailCounts ? c.all : c.all - c.email;
}
