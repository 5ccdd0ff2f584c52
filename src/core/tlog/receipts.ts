/**
 * A receipt as a file one keeps (issue #18 point 3): everything needed to check one's act against the log
 * later without trusting the site — the entry, its index and leaf hash, the checkpoint it first appeared in,
 * the current signed checkpoint, and the inclusion and consistency proofs between them (base64). While the
 * entry waits for the sequencer: the time by which the log promises to include it. The receipt page
 * (/transparency/receipts/<n>.json) and the API (GET /api/v1/receipts/<n>) serve the same JSON.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import type { NoteSigner } from './note.js';
import { currentCheckpoint, proveConsistency, proveInclusion, readEntries, rootAt, type Receipt, type StoredCheckpoint } from './store.js';

const b64 = (b: Buffer) => b.toString('base64');

/** The proofs of a sequenced receipt against the current checkpoint. */
export interface ReceiptProofs {
  current: StoredCheckpoint;
  entry: Buffer;
  firstRoot: Buffer;
  inclusion: Buffer[];
  consistency: Buffer[];
}

export async function receiptProofs(db: Db, signer: NoteSigner, receipt: Receipt & { state: 'sequenced' }): Promise<ReceiptProofs> {
  const current = await currentCheckpoint(db, signer);
  const [entry] = await readEntries(db, receipt.index, 1);
  return {
    current,
    entry: entry!,
    firstRoot: await rootAt(db, receipt.checkpointSize),
    inclusion: await proveInclusion(db, receipt.index, current.size),
    consistency: await proveConsistency(db, receipt.checkpointSize, current.size),
  };
}

const Hashes = Type.Array(Type.String({ description: 'base64' }));

export const ReceiptJson = Type.Object(
  {
    receipt: Type.Integer({ description: 'The receipt number (the entry’s place in the queue)' }),
    state: Type.Union([Type.Literal('pending'), Type.Literal('sequenced')]),
    promisedBy: Type.Optional(Type.String({ description: 'While pending: the latest time a checkpoint will include the entry (ISO 8601)' })),
    index: Type.Optional(Type.Integer({ description: 'The entry’s index in the log' })),
    leafHash: Type.Optional(Type.String({ description: 'RFC 9162 leaf hash, base64' })),
    entry: Type.Optional(Type.String({ description: 'The entry’s text (UTF-8 JSON)' })),
    firstCheckpoint: Type.Optional(Type.Object({ size: Type.Integer(), root: Type.String() }, { description: 'The first checkpoint that includes the entry' })),
    checkpoint: Type.Optional(
      Type.Object({ size: Type.Integer(), root: Type.String(), note: Type.String() }, { description: 'The current signed checkpoint' }),
    ),
    inclusionProof: Type.Optional(Hashes),
    consistencyProof: Type.Optional(Hashes),
  },
  { $id: 'Receipt', description: 'A transparency-log receipt with its proofs against the current checkpoint' },
);
export type ReceiptJson = Static<typeof ReceiptJson>;

export async function receiptJson(db: Db, signer: NoteSigner, receipt: Receipt): Promise<ReceiptJson> {
  if (receipt.state === 'pending') return { receipt: receipt.pendingId, state: 'pending', promisedBy: receipt.promisedBy.toISOString() };
  const p = await receiptProofs(db, signer, receipt);
  return {
    receipt: receipt.pendingId,
    state: 'sequenced',
    index: receipt.index,
    leafHash: b64(receipt.leafHash),
    entry: p.entry.toString('utf8'),
    firstCheckpoint: { size: receipt.checkpointSize, root: b64(p.firstRoot) },
    checkpoint: { size: p.current.size, root: b64(p.current.root), note: p.current.note },
    inclusionProof: p.inclusion.map(b64),
    consistencyProof: p.consistency.map(b64),
  };
}
