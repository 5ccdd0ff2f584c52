/**
 * The sequencer: moves committed pending entries into the log. One batch is one transaction, holding a
 * transaction-level advisory lock so that of several app instances only one sequences at a time (the
 * others skip that round). In it: read the current checkpoint, give the visible pending rows (oldest id
 * first) the next indices, store every complete subtree they complete, delete those pending rows, sign
 * and store the new checkpoint. A crash anywhere before the commit leaves everything as it was; the
 * primary key on the index and the unique pending id make a gap or a double impossible to commit.
 */
import { setImmediate } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { appendLeaves, leafHash, rightEdge, type NodeHash } from './merkle.js';
import { signCheckpoint } from './checkpoint.js';
import type { NoteSigner } from './note.js';
import { repeatUntilStopped } from '../jobs/repeat.js';
import { storedEntries } from './store.js';
import { countSequenced } from './counts.js';

/** The advisory lock's two-key form (a key space of its own, apart from the one-key locks elsewhere). */
const LOCK_CLASS = 0x746c6f67; // "tlog"
const LOCK_OBJECT = 1;
export const DEFAULT_BATCH = 5000;
/** Rows per INSERT statement (keeps the bound parameters well under the protocol's 65535). */
const CHUNK = 1000;

export interface SequenceResult {
  /** Entries appended by this call. */
  appended: number;
  /** The tree size after it (the latest checkpoint's); −1 when it did not run. */
  size: number;
  /** False when another instance held the lock. */
  ran: boolean;
}

const bytes = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

async function insertChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** One batch in one transaction. */
export async function sequenceBatch(db: Db, signer: NoteSigner, batchSize = DEFAULT_BATCH): Promise<SequenceResult> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOCK_CLASS}::int, ${LOCK_OBJECT}::int) as ok`.execute(trx);
    if (!lock.rows[0]?.ok) return { appended: 0, size: -1, ran: false };
    // Under the lock every earlier batch has committed, and each statement here sees it (read committed).
    const cp = await trx.selectFrom('tlog_checkpoints').select(['size']).orderBy('size', 'desc').limit(1).executeTakeFirst();
    const size = Number(cp?.size ?? 0);
    const entriesSize = await storedEntries(trx);
    if (entriesSize !== size)
      throw new Error(`transparency log: entries stored ${entriesSize}, but the latest checkpoint's size is ${size}; refusing to sequence`);

    const pending = await trx.selectFrom('tlog_pending').select(['id', 'entry']).orderBy('id').limit(batchSize).execute();
    if (pending.length === 0) return { appended: 0, size, ran: true };

    const edgeWanted = rightEdge(size);
    const edgeRows = edgeWanted.length
      ? await trx
          .selectFrom('tlog_hashes')
          .select(['level', 'idx', 'hash'])
          .where((eb) => eb.or(edgeWanted.map((n) => eb.and([eb('level', '=', n.level), eb('idx', '=', n.index)]))))
          .execute()
      : [];
    const edge: NodeHash[] = edgeRows.map((r) => ({ level: r.level, index: Number(r.idx), hash: bytes(r.hash) }));
    const entries = pending.map((p) => bytes(p.entry));
    const leaves = entries.map((e) => leafHash(e));
    const { nodes, root, size: newSize } = appendLeaves(size, edge, leaves);

    await insertChunks(
      pending.map((p, i) => ({ idx: size + i, entry: entries[i]!, leaf_hash: leaves[i]!, pending_id: Number(p.id) })),
      (chunk) => trx.insertInto('tlog_entries').values(chunk).execute(),
    );
    await countSequenced(
      trx,
      entries.map((entry, i) => ({ idx: size + i, entry })),
    );
    await insertChunks(
      nodes.map((n) => ({ level: n.level, idx: n.index, hash: n.hash })),
      (chunk) => trx.insertInto('tlog_hashes').values(chunk).execute(),
    );
    const ids = pending.map((p) => Number(p.id));
    await insertChunks(ids, (chunk) => trx.deleteFrom('tlog_pending').where('id', 'in', chunk).execute());
    await trx
      .insertInto('tlog_checkpoints')
      .values({ size: newSize, root, note: signCheckpoint(signer, newSize, root) })
      .execute();
    return { appended: pending.length, size: newSize, ran: true };
  });
}

/**
 * Sequences everything pending now, batch after batch (each its own transaction), and returns the tree
 * size reached (−1 when another instance held the lock). Runs at least one batch; the loop below first
 * asks with one query whether anything waits.
 */
export async function sequenceNow(db: Db, signer: NoteSigner, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<SequenceResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  let appended = 0;
  let last: SequenceResult = { appended: 0, size: -1, ran: true };
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const waiting = await anyPending(db);
    if (!waiting && i > 0) break;
    last = await sequenceBatch(db, signer, batchSize);
    appended += last.appended;
    if (!last.ran || last.appended < batchSize) break;
    // A backlog (a first start's backfill) is many batches: requests get their turn between them.
    await setImmediate();
  }
  return { ...last, appended };
}

async function anyPending(db: Db): Promise<boolean> {
  const r = await sql<{ waiting: boolean }>`select exists (select 1 from tlog_pending) as waiting`.execute(db);
  return Boolean(r.rows[0]?.waiting);
}

/**
 * Runs the sequencer every `intervalMs` until stopped (one per app instance; the lock keeps them from
 * sequencing together). Errors are reported and the loop goes on.
 */
export function startSequencer(db: Db, signer: NoteSigner, onError: (e: unknown) => void, intervalMs = 1000): () => Promise<void> {
  return repeatUntilStopped(
    async () => {
      if (await anyPending(db)) await sequenceNow(db, signer);
    },
    onError,
    { intervalMs },
  );
}
