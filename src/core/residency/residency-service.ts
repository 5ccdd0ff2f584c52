/**
 * Residency: the sign-in's address match, the person's choice among candidates, and the requests a
 * community's moderators decide when the address matched nothing. Each change with its audit entry.
 */
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { recordAudit } from '../audit/audit-log.js';
import { addressNames, parseAddress, resolveAddress, type AddressResolution } from '../katottg/address.js';
import { unitsNamed } from '../katottg/codifier-repository.js';

export async function resolveResidence(db: Db, address: string | null): Promise<AddressResolution> {
  if (address === null || address.trim() === '') return { kind: 'none', reason: 'empty' };
  const units = await unitsNamed(db, addressNames(parseAddress(address)));
  return resolveAddress(address, units);
}

/** The person's choice: only a candidate their own address allowed. False when it is not one. */
export async function chooseSettlement(db: Db, userId: number, code: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select(['residency_status', 'residency_candidates', 'territorial_code'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!u || (u.residency_status !== 'ambiguous' && u.residency_status !== 'chosen')) return false;
    if (!u.residency_candidates.some((c) => c.code === code)) return false;
    await trx.updateTable('users').set({ territorial_code: code, residency_status: 'chosen' }).where('id', '=', userId).execute();
    await recordAudit(trx, {
      communityId: null,
      actorUserId: userId,
      action: 'residency.choose',
      subjectType: 'user',
      subjectId: userId,
      before: { territorialCode: u.territorial_code },
      after: { territorialCode: code },
    });
    return true;
  });
}

export type RequestOutcome = 'sent' | 'already-open' | 'not-needed';

/** Asks the community's moderators to confirm residency, with the address text id.gov.ua gave. */
export async function requestConfirmation(db: Db, a: { userId: number; communityId: number }): Promise<RequestOutcome> {
  return inTransaction(db, async (trx) => {
    const u = await trx.selectFrom('users').select(['residency_status', 'registered_address']).where('id', '=', a.userId).executeTakeFirst();
    if (!u || u.registered_address === null || (u.residency_status !== 'unmatched' && u.residency_status !== 'ambiguous')) return 'not-needed';
    const row = await trx
      .insertInto('residency_requests')
      .values({ community_id: a.communityId, user_id: a.userId, address_text: u.registered_address })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).where('status', '=', 'new').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return 'already-open';
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.userId,
      action: 'residency.request',
      subjectType: 'residency-request',
      subjectId: row.id,
      after: { status: 'new' },
    });
    return 'sent';
  });
}

export type Decision = { kind: 'confirm' } | { kind: 'refuse'; reason: string };

/**
 * A moderator's decision on an open request of their community. Confirming makes the person a resident
 * of the community (its own code); refusing tells them why. False when the request is not open here.
 */
export async function decideRequest(
  db: Db,
  a: { communityId: number; requestId: number; actorUserId: number; decision: Decision; now: Date },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const r = await trx
      .selectFrom('residency_requests')
      .selectAll()
      .where('id', '=', a.requestId)
      .where('community_id', '=', a.communityId)
      .where('status', '=', 'new')
      .forUpdate()
      .executeTakeFirst();
    if (!r) return false;
    const status = a.decision.kind === 'confirm' ? 'confirmed' : 'refused';
    const reason = a.decision.kind === 'refuse' ? a.decision.reason : null;
    await trx
      .updateTable('residency_requests')
      .set({ status, refusal_reason: reason, decided_by: a.actorUserId, decided_at: a.now })
      .where('id', '=', r.id)
      .execute();
    let codes: { before: string | null; after: string | null } | null = null;
    if (a.decision.kind === 'confirm') {
      const c = await trx.selectFrom('communities').select('territorial_codes').where('id', '=', a.communityId).executeTakeFirstOrThrow();
      const u = await trx.selectFrom('users').select('territorial_code').where('id', '=', r.user_id).executeTakeFirstOrThrow();
      const code = c.territorial_codes[0] ?? null;
      await trx
        .updateTable('users')
        .set({ territorial_code: code, residency_status: 'confirmed', residency_reason: null })
        .where('id', '=', r.user_id)
        .execute();
      codes = { before: u.territorial_code, after: code };
    }
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: a.decision.kind === 'confirm' ? 'residency.confirm' : 'residency.refuse',
      subjectType: 'residency-request',
      subjectId: r.id,
      before: { status: 'new', ...(codes ? { territorialCode: codes.before } : {}) },
      after: { status, ...(reason ? { reason } : {}), ...(codes ? { territorialCode: codes.after } : {}) },
    });
    return true;
  });
}
