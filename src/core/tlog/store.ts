/**
 * The log in the database (core-009): appending an act's entry in the act's own transaction, and reading
 * what the sequencer made of it: hashes, entries, checkpoints, proofs and receipts.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { consistencyProof, EMPTY_ROOT, inclusionProof, treeRoot, type HashReader } from './merkle.js';
import { MAX_ENTRY_BYTES } from './tiles.js';
import { signCheckpoint } from './checkpoint.js';
import type { NoteSigner } from './note.js';

/**
 * The longest an appended entry waits before a signed checkpoint includes it (the sequencer runs every
 * second; a receipt promises this).
 */
export const MAX_MERGE_DELAY_SECONDS = 60;

const bytes = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * Appends an entry to the log as part of the caller's transaction `trx`: it is sequenced only if that
 * transaction commits, and then within MAX_MERGE_DELAY_SECONDS. Returns the pending id, which a receipt
 * names until the entry has its index (`findReceipt`).
 */
export async function appendToLog(trx: Db, entry: Uint8Array | string, reservedId?: number): Promise<number> {
  const data = typeof entry === 'string' ? Buffer.from(entry, 'utf8') : bytes(entry);
  if (data.length > MAX_ENTRY_BYTES) throw new RangeError(`a log entry is at most ${MAX_ENTRY_BYTES} bytes, not ${data.length}`);
  const row = await trx
    .insertInto('tlog_pending')
    .values(reservedId === undefined ? { entry: data } : { id: reservedId, entry: data })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * A pending id taken inside the act's own INSERT (`log_pending_id: reservePendingId()`), so that the row
 * carries its receipt from the start and the act costs one write less; `appendToLog(trx, entry, id)` then
 * uses it. An id reserved by an INSERT that did nothing (a conflict) is simply never used.
 */
export function reservePendingId(): RawBuilder<number> {
  return sql<number>`nextval('tlog_pending_id_seq')`;
}

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  note: string;
  createdAt: Date | null;
}

/** The latest stored checkpoint, or null before the first batch. */
export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | null> {
  const r = await db.selectFrom('tlog_checkpoints').select(['size', 'root', 'note', 'created_at']).orderBy('size', 'desc').limit(1).executeTakeFirst();
  return r ? { size: Number(r.size), root: bytes(r.root), note: r.note, createdAt: r.created_at } : null;
}

/** The checkpoint to publish: the latest, or the empty tree's signed now (deterministic) before any. */
export async function currentCheckpoint(db: Db, signer: NoteSigner): Promise<StoredCheckpoint> {
  return (await latestCheckpoint(db)) ?? { size: 0, root: EMPTY_ROOT, note: signCheckpoint(signer, 0, EMPTY_ROOT), createdAt: null };
}

/** Reads stored complete-subtree hashes; a missing one is a broken log, not a client's mistake. */
export function dbHashReader(db: Db): HashReader {
  return async (level, index) => {
    const r = await db.selectFrom('tlog_hashes').select('hash').where('level', '=', level).where('idx', '=', index).executeTakeFirst();
    if (!r) throw new Error(`transparency log: hash ${level}/${index} is missing`);
    return bytes(r.hash);
  };
}

/** Hashes idx ∈ [from, from + count) of one Merkle level, in order. */
export async function readHashes(db: Db, level: number, from: number, count: number): Promise<Buffer[]> {
  const rows = await db
    .selectFrom('tlog_hashes')
    .select(['idx', 'hash'])
    .where('level', '=', level)
    .where('idx', '>=', from)
    .where('idx', '<', from + count)
    .orderBy('idx')
    .execute();
  if (rows.length !== count || rows.some((r, i) => Number(r.idx) !== from + i))
    throw new Error(`transparency log: hashes ${level}/${from}+${count} are incomplete`);
  return rows.map((r) => bytes(r.hash));
}

/** How many entries the log holds (the highest index plus one), whatever its checkpoints say. */
export async function storedEntries(db: Db): Promise<number> {
  const top = await db
    .selectFrom('tlog_entries')
    .select(sql<number | null>`max(idx)`.as('m'))
    .executeTakeFirst();
  return top?.m === null || top?.m === undefined ? 0 : Number(top.m) + 1;
}

/** Entries idx ∈ [from, from + count), in order. */
export async function readEntries(db: Db, from: number, count: number): Promise<Buffer[]> {
  const rows = await db
    .selectFrom('tlog_entries')
    .select(['idx', 'entry'])
    .where('idx', '>=', from)
    .where('idx', '<', from + count)
    .orderBy('idx')
    .execute();
  if (rows.length !== count || rows.some((r, i) => Number(r.idx) !== from + i)) throw new Error(`transparency log: entries ${from}+${count} are incomplete`);
  return rows.map((r) => bytes(r.entry));
}

export async function rootAt(db: Db, size: number): Promise<Buffer> {
  return treeRoot(dbHashReader(db), size);
}

export async function proveInclusion(db: Db, index: number, size: number): Promise<Buffer[]> {
  return inclusionProof(dbHashReader(db), index, size);
}

export async function proveConsistency(db: Db, from: number, to: number): Promise<Buffer[]> {
  return consistencyProof(dbHashReader(db), from, to);
}

export type Receipt =
  | { state: 'pending'; pendingId: number; promisedBy: Date }
  | { state: 'sequenced'; pendingId: number; index: number; leafHash: Buffer; checkpointSize: number };

/**
 * Where an appended entry is: waiting (with the latest time a checkpoint will include it, counted from
 * when it was appended), or at its index with its leaf hash and the first checkpoint that includes it.
 * Null when there is no such pending id (its act was rolled back).
 */
export async function findReceipt(db: Db, pendingId: number): Promise<Receipt | null> {
  const e = await db.selectFrom('tlog_entries').select(['idx', 'leaf_hash']).where('pending_id', '=', pendingId).executeTakeFirst();
  if (e) {
    const index = Number(e.idx);
    const cp = await db.selectFrom('tlog_checkpoints').select('size').where('size', '>', index).orderBy('size').limit(1).executeTakeFirst();
    return { state: 'sequenced', pendingId, index, leafHash: bytes(e.leaf_hash), checkpointSize: Number(cp?.size ?? index + 1) };
  }
  const p = await db.selectFrom('tlog_pending').select('created_at').where('id', '=', pendingId).executeTakeFirst();
  if (!p) return null;
  return { state: 'pending', pendingId, promisedBy: new Date(new Date(p.created_at).getTime() + MAX_MERGE_DELAY_SECONDS * 1000) };
}

/** How many entries wait for the sequencer (for /metrics and tests). */
export async function pendingCount(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from tlog_pending`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
