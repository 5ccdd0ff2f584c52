/** Signing a petition and invalidating signatures; the counts are sums of slots (repository `addToCount`). */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { publicName } from '../../../core/users/public-name.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import type { ParticipationRefusal } from '../../../core/permissions/policy.js';
import { ipPrefix } from '../../../core/security/rate-limit.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { personKeys } from '../../../core/identity/person-key.js';
import { tables } from '../tables.js';
import { addToCount, COUNT_SLOTS, findPetition, lockPetition, lockUnloggedSignatures, signingGate, type PetitionRow } from '../repository.js';
import { considerationDueAt, countDelta, rulesOfRow } from '../rules.js';
import { participation } from '../access.js';
import { tellAuthor } from './notifications.js';
import { logAct, logPreparedAct, prepareAct, type ActReceipt, type LoggedAct } from '../../../core/tlog/acts.js';
import { reservePendingId } from '../../../core/tlog/store.js';
import { DUPLICATE_LINKED, invalidationAct, signatureAct } from '../rules.js';
import { logBackfilledAct } from '../../../core/tlog/backfill.js';

/** The person behind a signature: the id.gov.ua identity, or (weaker) the verified e-mail and phone. */
export { personKeys };

/** Moves a collecting petition on when its count reaches the threshold (unless collection continues). */
export async function afterCountChange(ctx: CoreContext, trx: Db, p: PetitionRow, count: number, slug: string, actor: number | null): Promise<void> {
  if (p.status !== 'collecting' || p.continue_after_threshold || count < p.signature_threshold) return;
  const now = ctx.clock.now();
  const due = considerationDueAt(now, p.consideration_working_days, ctx.calendar);
  const moved = await tables(trx)
    .updateTable('petitions')
    .set({ status: 'consideration', consideration_started_at: now, consideration_due_at: due })
    .where('id', '=', p.id)
    .where('status', '=', 'collecting')
    .returning('id')
    .executeTakeFirst();
  if (!moved) return;
  await recordAudit(trx, {
    communityId: p.community_id,
    actorUserId: actor,
    action: 'petition.threshold-reached',
    subjectType: 'petition',
    subjectId: p.id,
    before: { status: 'collecting' },
    after: { status: 'consideration', signatures: count },
  });
  await tellAuthor(ctx, trx, p, slug, { kind: 'threshold', dueAt: due });
}

/** Appends a new signature to the transparency log (in its transaction) and keeps the receipt on its row. */
export async function logSignature(ctx: CoreContext, trx: Db, a: LoggedAct & { signatureId: number }): Promise<ActReceipt> {
  const { signatureId, ...act } = a;
  const receipt = await logAct(ctx, trx, act);
  await tables(trx)
    .updateTable('petition_signatures')
    .set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash })
    .where('id', '=', signatureId)
    .execute();
  return receipt;
}

/** A signature as it is read back to log or cancel it. */
interface SignatureRow {
  id: number;
  person_key: string;
  level: 'idgovua' | 'email';
  signed_at: Date;
  log_pending_id: number | null;
  log_leaf: string | null;
}

/**
 * The leaf of a signature's entry; a signature made before the log is first appended to it by `logPreLog`
 * (at its own time, marked backfilled), so that whatever cancels it names its entry. The caller holds the
 * row's lock.
 */
export async function signatureLeaf(
  logPreLog: (act: LoggedAct) => Promise<ActReceipt>,
  trx: Db,
  slug: string,
  petitionId: number,
  s: SignatureRow,
): Promise<string> {
  if (s.log_pending_id !== null && s.log_leaf !== null) return s.log_leaf;
  const receipt = await logPreLog(signatureAct(slug, petitionId, s.person_key, s.signed_at, s.level));
  await tables(trx).updateTable('petition_signatures').set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash }).where('id', '=', s.id).execute();
  return receipt.leafHash;
}

/**
 * The backfill (manifest `logBackfill`): up to `limit` signatures made before the log, oldest first, each
 * as signing would have logged it; one invalidated before the log is then logged as invalidated, at its
 * time, with its public reason code (a moderator's own words stay off the log).
 */
export async function backfillSignatures(ctx: CoreContext, trx: Db, limit: number): Promise<number> {
  const rows = await lockUnloggedSignatures(trx, limit);
  for (const r of rows) {
    const log_leaf = await signatureLeaf((act) => logBackfilledAct(ctx, trx, act), trx, r.slug, r.petition_id, { ...r, log_pending_id: null, log_leaf: null });
    if (r.invalidated_at === null) continue;
    const reason = r.invalidation_reason === DUPLICATE_LINKED ? DUPLICATE_LINKED : 'moderator';
    await logBackfilledAct(ctx, trx, invalidationAct(r.slug, r.petition_id, { ...r, log_leaf }, r.invalidated_at, reason));
  }
  return rows.length;
}

export type SignOutcome =
  | { kind: 'signed'; signedAt: Date; receipt: ActReceipt }
  | { kind: 'already'; signedAt: Date }
  | { kind: 'closed' }
  | { kind: 'refused'; refusal: ParticipationRefusal };

export async function signPetition(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; viewer: Viewer; ip: string },
  nearing = false,
): Promise<SignOutcome> {
  // The petition's own sign-in level, never the community's current settings.
  const row = await findPetition(ctx.db, a.petitionId);
  if (!row || row.community_id !== a.community.id) return { kind: 'closed' };
  const { refusal } = await participation(ctx, a.viewer, a.community, rulesOfRow(row));
  if (refusal) return { kind: 'refused', refusal };
  const keys = await personKeys(ctx, a.viewer);
  const now = ctx.clock.now();
  const act = prepareAct(ctx, signatureAct(a.community.slug, a.petitionId, keys.personKey, now, a.viewer.level));
  return inTransaction<SignOutcome>(ctx.db, async (trx) => {
    const inserted = await tables(trx)
      .insertInto('petition_signatures')
      .values({
        community_id: a.community.id,
        petition_id: a.petitionId,
        person_key: keys.personKey,
        phone_key: keys.phoneKey,
        user_id: a.viewer.id,
        signer_name: publicName(a.viewer),
        signed_at: now,
        ip_prefix: ipPrefix(a.ip),
        email_domain: a.viewer.level === 'email' ? (a.viewer.email?.split('@')[1] ?? null) : null,
        account_created_at: a.viewer.createdAt,
        level: a.viewer.level,
        log_pending_id: reservePendingId(),
        log_leaf: act.leafHash,
      })
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'log_pending_id'])
      .executeTakeFirst();
    if (!inserted) {
      const prev = await tables(trx)
        .selectFrom('petition_signatures')
        .select('signed_at')
        .where('petition_id', '=', a.petitionId)
        .where((eb) => eb.or([eb('person_key', '=', keys.personKey), ...(keys.phoneKey ? [eb('phone_key', '=', keys.phoneKey)] : [])]))
        .executeTakeFirst();
      return { kind: 'already', signedAt: prev?.signed_at ?? now };
    }
    // Logged before the count: the lock on the petition's row is then held only for the rest (issue #18).
    const receipt = await logPreparedAct(trx, act, Number(inserted.log_pending_id));
    // An e-mail-level signature counts toward the threshold only where the petition's rules say so.
    const delta = countDelta(a.viewer.level, row.email_counts);
    const canCross = delta.counted > 0 && !row.continue_after_threshold;
    // Far from the threshold, signers share the petition's row and add to a slot of its count: nothing to
    // queue for (issue #19). Near it, one at a time with the exact count, so that collection stops at the
    // threshold and exactly one signature moves the petition on.
    const exclusive = canCross && (nearing || row.signature_count + knownMargin >= row.signature_threshold);
    const gate = await signingGate(trx, { petitionId: a.petitionId, communityId: a.community.id, now, exclusive });
    // Not collecting (or its term is over): throwing rolls the signature back.
    if (!gate) throw new ClosedPetition();
    knownMargin = gate.margin;
    // Shared, the signatures in flight that this one cannot see are fewer than the connections: while the
    // count stays that far below the threshold, they cannot reach it together.
    if (canCross && !exclusive && gate.counted + gate.margin >= row.signature_threshold) throw new NearThreshold();
    await addToCount(trx, { petitionId: a.petitionId, slot: Math.floor(Math.random() * COUNT_SLOTS), ...delta });
    // The signature that reached the threshold is not named in the audit log.
    if (exclusive) await afterCountChange(ctx, trx, { ...row, status: 'collecting' }, gate.counted + delta.counted, a.community.slug, null);
    return { kind: 'signed', signedAt: now, receipt };
  }).catch((e: unknown): SignOutcome | Promise<SignOutcome> => {
    if (e instanceof ClosedPetition) return { kind: 'closed' };
    // The count came near the threshold since the page was read: again, one signer at a time.
    if (e instanceof NearThreshold && !nearing) return signPetition(ctx, a, true);
    throw e;
  });
}

/** The server's connection limit as the last signature saw it: near the threshold within it, signers go one at a time. */
let knownMargin = 100;

class NearThreshold extends Error {}
class ClosedPetition extends Error {}
/** Invalidates chosen signatures (kept, visible to moderators) and lowers the count by as many. */
export async function invalidateSignatures(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; moderatorId: number; signatureIds: number[]; reason: string },
): Promise<number> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const p = await lockPetition(trx, a.petitionId);
    if (!p || p.community_id !== a.community.id || a.signatureIds.length === 0) return 0;
    const done = await tables(trx)
      .updateTable('petition_signatures')
      .set({ invalidated_at: now, invalidated_by: a.moderatorId, invalidation_reason: a.reason })
      .where('petition_id', '=', p.id)
      .where('id', 'in', a.signatureIds)
      .where('invalidated_at', 'is', null)
      .returning(['id', 'level', 'person_key', 'signed_at', 'log_pending_id', 'log_leaf'])
      .execute();
    if (done.length === 0) return 0;
    for (const d of done) {
      const log_leaf = await signatureLeaf((act) => logBackfilledAct(ctx, trx, act), trx, a.community.slug, p.id, d);
      await logAct(ctx, trx, invalidationAct(a.community.slug, p.id, { ...d, log_leaf }, now, 'moderator'));
    }
    const counted = done.reduce((n, d) => n + countDelta(d.level, p.email_counts).counted, 0);
    const email = done.filter((d) => d.level === 'email').length;
    await addToCount(trx, { petitionId: p.id, slot: 0, counted: -counted, email: -email });
    await recordAudit(trx, {
      communityId: p.community_id,
      actorUserId: a.moderatorId,
      action: 'petition.signatures-invalidated',
      subjectType: 'petition',
      subjectId: p.id,
      before: { signatures: p.signature_count },
      after: { signatures: p.signature_count - counted, invalidated: done.map((d) => Number(d.id)), reason: a.reason },
    });
    return done.length;
  });
}
