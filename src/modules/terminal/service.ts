/**
 * The terminals' use-cases: registering one (its device key shown once, stored only as a keyed hash) and
 * revoking it, each with its audit entry in the same transaction; the heartbeat and the activity counters,
 * which are not audited (they are the device's own reports, with no person in them).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { inTransaction } from '../../core/db/transaction.js';
import { kyivDateOf } from '../../core/calendar/index.js';
import { tables } from './tables.js';
import { deviceKeyHash } from './repository.js';
import type { ActivityKind, Codepage, PaperStatus } from './rules.js';

export interface TerminalFields {
  name: string;
  place: string;
  officeId: number | null;
  codepage: Codepage;
}

export async function registerTerminal(
  db: Db,
  a: { secretKey: string; communityId: number; actorUserId: number | null; now: Date },
  f: TerminalFields,
): Promise<{ id: number; key: string }> {
  const prefix = randomBytes(4).toString('hex');
  const key = `vkt_${prefix}_${randomBytes(24).toString('base64url')}`;
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('terminal_devices')
      .values({
        community_id: a.communityId,
        name: f.name,
        place: f.place,
        office_id: f.officeId,
        codepage: f.codepage,
        key_hash: deviceKeyHash(a.secretKey, key),
        key_prefix: prefix,
        created_by: a.actorUserId,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'terminal.registered',
      subjectType: 'terminal',
      subjectId: r.id,
      after: { name: f.name, place: f.place, officeId: f.officeId, codepage: f.codepage, keyPrefix: prefix },
    });
    return { id: r.id, key };
  });
}

export async function revokeTerminal(db: Db, a: { communityId: number; terminalId: number; actorUserId: number | null; now: Date }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .updateTable('terminal_devices')
      .set({ revoked_at: a.now })
      .where('id', '=', a.terminalId)
      .where('community_id', '=', a.communityId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'terminal.revoked',
      subjectType: 'terminal',
      subjectId: a.terminalId,
    });
    return true;
  });
}

/** The device says it is alive; with `paper`, also its printer's paper status (else the last one stays). */
export async function recordHeartbeat(db: Db, terminalId: number, now: Date, paper: PaperStatus | null): Promise<void> {
  await tables(db)
    .updateTable('terminal_devices')
    .set(paper ? { last_seen_at: now, paper } : { last_seen_at: now })
    .where('id', '=', terminalId)
    .execute();
}

/** One more screen of this kind opened on the terminal today (Kyiv). */
export async function countActivity(db: Db, terminalId: number, kind: ActivityKind, now: Date): Promise<void> {
  await tables(db)
    .insertInto('terminal_activity')
    .values({ terminal_id: terminalId, day: kyivDateOf(now), kind, count: 1 })
    .onConflict((oc) => oc.columns(['terminal_id', 'day', 'kind']).doUpdateSet({ count: sql`terminal_activity.count + 1` }))
    .execute();
}
