/**
 * Registered voting channels (terminals, chat-bots): an API key scoped to one community, shown once and
 * stored only as a keyed hash, revocable. Also the idempotency record of the channel API, so a terminal
 * that retries after a lost answer gets the same answer and never casts twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { tables } from '../tables.js';
import { channelKeyHash } from '../repository/channels.js';

export async function createChannel(
  db: Db,
  a: { secretKey: string; communityId: number; name: string; kind: 'terminal' | 'chatbot'; actorUserId: number | null; now: Date },
): Promise<{ id: number; key: string }> {
  const prefix = randomBytes(4).toString('hex');
  const key = `vbc_${prefix}_${randomBytes(24).toString('base64url')}`;
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_channels')
      .values({
        community_id: a.communityId,
        name: a.name,
        kind: a.kind,
        key_hash: channelKeyHash(a.secretKey, key),
        key_prefix: prefix,
        created_by: a.actorUserId,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.channel.created',
      subjectType: 'budget_channel',
      subjectId: r.id,
      after: { name: a.name, kind: a.kind, keyPrefix: prefix },
    });
    return { id: r.id, key };
  });
}

export async function revokeChannel(db: Db, a: { communityId: number; channelId: number; actorUserId: number | null; now: Date }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .updateTable('budget_channels')
      .set({ revoked_at: a.now })
      .where('id', '=', a.channelId)
      .where('community_id', '=', a.communityId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.channel.revoked',
      subjectType: 'budget_channel',
      subjectId: a.channelId,
    });
    return true;
  });
}

export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export type IdempotentResult<T> = { kind: 'fresh'; status: number; body: T } | { kind: 'replay'; status: number; body: unknown } | { kind: 'mismatch' };

/**
 * Runs `fn` at most once per (channel, key). The key's row is inserted first in the same transaction, so a
 * concurrent retry waits on it and then replays the stored answer; a reuse with another request is refused.
 */
export async function idempotent<T>(
  db: Db,
  a: { channelId: number; key: string; hash: string; now: Date },
  fn: (trx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  return inTransaction(db, async (trx) => {
    const claimed = await tables(trx)
      .insertInto('budget_idempotency')
      .values({ channel_id: a.channelId, idem_key: a.key, request_sha256: a.hash, status_code: 0, response: '{}', created_at: a.now })
      .onConflict((oc) => oc.columns(['channel_id', 'idem_key']).doNothing())
      .returning('channel_id')
      .executeTakeFirst();
    if (!claimed) {
      const prev = await tables(trx)
        .selectFrom('budget_idempotency')
        .selectAll()
        .where('channel_id', '=', a.channelId)
        .where('idem_key', '=', a.key)
        .executeTakeFirstOrThrow();
      if (prev.request_sha256 !== a.hash) return { kind: 'mismatch' };
      return { kind: 'replay', status: prev.status_code, body: prev.response };
    }
    const res = await fn(trx);
    await tables(trx)
      .updateTable('budget_idempotency')
      .set({ status_code: res.status, response: JSON.stringify(res.body) })
      .where('channel_id', '=', a.channelId)
      .where('idem_key', '=', a.key)
      .execute();
    return { kind: 'fresh', status: res.status, body: res.body };
  });
}
