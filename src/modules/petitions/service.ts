/**
 * Use cases of local petitions. Every transition is a conditional UPDATE on the current status inside a
 * transaction that also writes the audit entry and the letters, so it happens exactly once whatever
 * number of app instances race for it.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { publicName } from '../../core/users/public-name.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges, type AuditFields } from '../../core/audit/field-changes.js';
import { queueMail } from '../../core/mail/mailer.js';
import { enqueueJob } from '../../core/jobs/queue.js';
import { blockOf } from '../../core/moderation/moderation-service.js';
import { participationRefusal, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { kyivDateOf } from '../../core/calendar/index.js';
import { ipPrefix } from '../../core/security/rate-limit.js';
import { inTransaction } from '../../core/db/transaction.js';
import type { PetitionSettings } from './settings.js';
import { tables, type AnswerDecision } from './tables.js';
import { findPetition, lockPetition, type PetitionRow } from './repository.js';
import {
  collectionEndsAt,
  considerationDueAt,
  moderationDueAt,
  rejectionReason,
  rulesAtSubmission,
  rulesOfRow,
  searchTextOf,
  stateAt,
  DECISION_LABELS,
  type PetitionInput,
  type PetitionRules,
} from './rules.js';
import { petitionMail, type PetitionLetter } from './notifications.js';

export const NOTIFY_SIGNERS_JOB = 'petitions.notify-signers';

export function petitionUrl(ctx: CoreContext, slug: string, id: number): string {
  return `${ctx.config.publicUrl}/${slug}/petitions/${id}`;
}

/** The columns a petition's state is derived from. */
export const TIME_COLUMNS = ['status', 'signature_count', 'signature_threshold', 'consideration_working_days', 'collection_ends_at', 'consideration_started_at', 'consideration_due_at', 'failed_at'] as const;

export function rowTimes(p: Pick<PetitionRow, (typeof TIME_COLUMNS)[number]>) {
  return {
    status: p.status,
    signatureCount: p.signature_count,
    signatureThreshold: p.signature_threshold,
    considerationWorkingDays: p.consideration_working_days,
    collectionEndsAt: p.collection_ends_at,
    considerationStartedAt: p.consideration_started_at,
    considerationDueAt: p.consideration_due_at,
    failedAt: p.failed_at,
  };
}

/** The person behind a signature: the id.gov.ua identity, or (weaker) the verified e-mail and phone. */
export async function personKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const u = await ctx.db.selectFrom('users').select(['identity_key']).where('id', '=', v.id).executeTakeFirstOrThrow();
  if (u.identity_key) return { personKey: u.identity_key, phoneKey: null };
  const h = (s: string) => createHmac('sha256', ctx.config.secretKey).update(s).digest('hex');
  return { personKey: `email:${h(`email:${(v.email ?? '').toLowerCase()}`)}`, phoneKey: v.phone ? `phone:${h(`phone:${v.phone}`)}` : null };
}

async function tellAuthor(ctx: CoreContext, db: Db, p: PetitionRow, slug: string, letter: PetitionLetter): Promise<void> {
  const author = p.author_user_id
    ? await db.selectFrom('users').select(['lang', 'notify_email']).where('id', '=', p.author_user_id).executeTakeFirst()
    : undefined;
  // The law requires answering the author, so letters about their own petition ignore the opt-out;
  // an author who deleted their account left no address.
  if (!p.author_email) return;
  await queueMail(db, p.author_email, petitionMail(author?.lang ?? 'uk', p.title, petitionUrl(ctx, slug, p.id), letter), ctx.clock.now());
}

/** Who may sign: a petition's own rules (see rules.ts), or the settings for one being started. */
export type Eligibility = Pick<PetitionRules, 'allowEmail' | 'residentsOnly' | 'minAge'>;

/** A petition's fields as its audit entries keep them: the creation's snapshot, then each change's before and after. */
export function auditFieldsOf(p: Pick<PetitionRow, 'status' | 'published_at' | 'collection_ends_at' | 'rejected_at' | 'rejection_reason' | 'rejection_note' | 'duplicate_of' | 'answered_at' | 'answer_decision' | 'answer_text' | 'answer_official_name' | 'answer_official_position' | 'answer_pdf_name' | 'appeal_forwarded_on' | 'consideration_started_at' | 'consideration_due_at' | 'failed_at'>): AuditFields {
  return {
    status: p.status,
    publishedAt: p.published_at,
    collectionEndsAt: p.collection_ends_at,
    rejectedAt: p.rejected_at,
    rejectionReason: p.rejection_reason,
    rejectionNote: p.rejection_note,
    duplicateOf: p.duplicate_of,
    considerationStartedAt: p.consideration_started_at,
    considerationDueAt: p.consideration_due_at,
    failedAt: p.failed_at,
    appealForwardedOn: p.appeal_forwarded_on,
    answeredAt: p.answered_at,
    answerDecision: p.answer_decision,
    answerText: p.answer_text,
    answerOfficialName: p.answer_official_name,
    answerOfficialPosition: p.answer_official_position,
    answerPdfName: p.answer_pdf_name,
  };
}

/** The audit entry of a moderator's change of a petition: the real before and after of each changed field. */
async function auditChange(trx: Db, p: PetitionRow, actor: number | null, action: string, next: Partial<PetitionRow>, extra: AuditFields = {}): Promise<void> {
  const changes = fieldChanges(auditFieldsOf(p), auditFieldsOf({ ...p, ...next }));
  await recordAudit(trx, { communityId: p.community_id, actorUserId: actor, action, subjectType: 'petition', subjectId: p.id, before: changes?.before ?? {}, after: { ...(changes?.after ?? {}), ...extra } });
}

export async function participation(ctx: CoreContext, v: Viewer | null, c: Community, s: Eligibility): Promise<{ refusal: ParticipationRefusal | null; blockReason: string | null }> {
  const block = v ? await blockOf(ctx.db, c.id, v.id) : null;
  const refusal = participationRefusal(v, c, { allowEmail: s.allowEmail, residentsOnly: s.residentsOnly, minAge: s.minAge }, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) });
  return { refusal, blockReason: block?.reason ?? null };
}

export async function submitPetition(
  ctx: CoreContext,
  a: { community: Community; viewer: Viewer; settings: PetitionSettings; input: PetitionInput; ip: string },
): Promise<number> {
  const now = ctx.clock.now();
  const keys = await personKeys(ctx, a.viewer);
  const rules = rulesAtSubmission(a.settings);
  const moderationDue = moderationDueAt(now, a.settings.moderationWorkingDays, ctx.calendar);
  return inTransaction(ctx.db, async (trx) => {
    const name = publicName(a.viewer);
    const row = await tables(trx)
      .insertInto('petitions')
      .values({
        community_id: a.community.id,
        author_user_id: a.viewer.id,
        author_name: name,
        author_email: a.input.email,
        title: a.input.title,
        body: a.input.body,
        search_text: searchTextOf(a.input.title, a.input.body),
        category_id: a.input.categoryId!,
        status: 'moderation',
        // The petition's own rules, copied now and never changed (a database trigger refuses it).
        signature_threshold: rules.signatureThreshold,
        collection_days: rules.collectionDays,
        continue_after_threshold: rules.continueAfterThreshold,
        consideration_working_days: rules.considerationWorkingDays,
        allow_email: rules.allowEmail,
        residents_only: rules.residentsOnly,
        min_age: rules.minAge,
        signature_count: 1,
        submitted_at: now,
        moderation_due_at: moderationDue,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The author's own signature is the first.
    await tables(trx)
      .insertInto('petition_signatures')
      .values({
        community_id: a.community.id,
        petition_id: row.id,
        person_key: keys.personKey,
        phone_key: keys.phoneKey,
        user_id: a.viewer.id,
        signer_name: name,
        signed_at: now,
        ip_prefix: ipPrefix(a.ip),
        email_domain: a.viewer.level === 'email' ? (a.viewer.email?.split('@')[1] ?? null) : null,
        account_created_at: a.viewer.createdAt,
      })
      .execute();
    await recordAudit(trx, {
      communityId: a.community.id,
      actorUserId: a.viewer.id,
      action: 'petition.submitted',
      subjectType: 'petition',
      subjectId: row.id,
      // Every rule field: replaying the petition's entries from here gives its rules at any moment.
      after: auditSnapshot({ status: 'moderation', ...rules, submittedAt: now, moderationDueAt: moderationDue }),
    });
    return row.id;
  });
}

/** Moves a collecting petition on when its count reaches the threshold (unless collection continues). */
async function afterCountChange(ctx: CoreContext, trx: Db, p: PetitionRow, count: number, slug: string, actor: number | null): Promise<void> {
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
  await recordAudit(trx, { communityId: p.community_id, actorUserId: actor, action: 'petition.threshold-reached', subjectType: 'petition', subjectId: p.id, before: { status: 'collecting' }, after: { status: 'consideration', signatures: count } });
  await tellAuthor(ctx, trx, p, slug, { kind: 'threshold', dueAt: due });
}

export type ModerationOutcome = 'done' | 'not-in-moderation';

export async function publishPetition(ctx: CoreContext, a: { petitionId: number; community: Community; moderatorId: number }): Promise<ModerationOutcome> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const p = await lockPetition(trx, a.petitionId);
    if (!p || p.community_id !== a.community.id || p.status !== 'moderation') return 'not-in-moderation';
    const ends = collectionEndsAt(now, p.collection_days, ctx.calendar);
    await tables(trx).updateTable('petitions').set({ status: 'collecting', published_at: now, collection_ends_at: ends }).where('id', '=', p.id).execute();
    await auditChange(trx, p, a.moderatorId, 'petition.published', { status: 'collecting', published_at: now, collection_ends_at: ends });
    await tellAuthor(ctx, trx, p, a.community.slug, { kind: 'published', collectionEndsAt: ends, threshold: p.signature_threshold });
    await afterCountChange(ctx, trx, { ...p, status: 'collecting' }, p.signature_count, a.community.slug, a.moderatorId);
    return 'done';
  });
}

export async function rejectPetition(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; moderatorId: number; reason: string; note: string; duplicateOf: number | null },
): Promise<ModerationOutcome> {
  const now = ctx.clock.now();
  const reason = rejectionReason(a.reason);
  return inTransaction(ctx.db, async (trx) => {
    const p = await lockPetition(trx, a.petitionId);
    if (!p || p.community_id !== a.community.id || p.status !== 'moderation' || !reason) return 'not-in-moderation';
    const next = { status: 'rejected' as const, rejected_at: now, rejection_reason: reason.code, rejection_note: a.note || null, duplicate_of: a.duplicateOf };
    await tables(trx).updateTable('petitions').set(next).where('id', '=', p.id).execute();
    await auditChange(trx, p, a.moderatorId, 'petition.rejected', next);
    await tellAuthor(ctx, trx, p, a.community.slug, { kind: 'rejected', reason: reason.label, details: [a.duplicateOf ? `№ ${a.duplicateOf}` : '', a.note].filter(Boolean).join('. ') });
    return 'done';
  });
}

export type SignOutcome =
  | { kind: 'signed'; signedAt: Date }
  | { kind: 'already'; signedAt: Date }
  | { kind: 'closed' }
  | { kind: 'refused'; refusal: ParticipationRefusal };

export async function signPetition(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; viewer: Viewer; ip: string },
): Promise<SignOutcome> {
  // The petition's own sign-in level, never the community's current settings.
  const row = await findPetition(ctx.db, a.petitionId);
  if (!row || row.community_id !== a.community.id) return { kind: 'closed' };
  const { refusal } = await participation(ctx, a.viewer, a.community, rulesOfRow(row));
  if (refusal) return { kind: 'refused', refusal };
  const keys = await personKeys(ctx, a.viewer);
  const now = ctx.clock.now();
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
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
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
    // The count changes under the row lock, so it always equals the rows and the threshold is crossed once.
    const p = await tables(trx)
      .updateTable('petitions')
      .set((eb) => ({ signature_count: eb('signature_count', '+', 1) }))
      .where('id', '=', a.petitionId)
      .where('community_id', '=', a.community.id)
      .where('status', '=', 'collecting')
      .where('collection_ends_at', '>=', now)
      .returningAll()
      .executeTakeFirst();
    // Not collecting (or its term is over): throwing rolls the signature back.
    if (!p) throw new ClosedPetition();
    // The signature that reached the threshold is not named in the audit log.
    await afterCountChange(ctx, trx, p, p.signature_count, a.community.slug, null);
    return { kind: 'signed', signedAt: now };
  }).catch((e: unknown): SignOutcome => {
    if (e instanceof ClosedPetition) return { kind: 'closed' };
    throw e;
  });
}

class ClosedPetition extends Error {}

/** Writes the transitions that time has made: term over → consideration or failed. Idempotent. */
export async function advancePetitionsByTime(ctx: CoreContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await tables(ctx.db)
    .selectFrom('petitions as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select(['p.id', 'c.slug'])
    .where('p.status', '=', 'collecting')
    .where('p.collection_ends_at', '<', now)
    .limit(500)
    .execute();
  let moved = 0;
  for (const d of due) {
    moved += await inTransaction(ctx.db, async (trx) => {
      const p = await lockPetition(trx, d.id);
      if (!p || p.status !== 'collecting') return 0;
      const s = stateAt(rowTimes(p), now, ctx.calendar);
      if (s.status === 'collecting') return 0;
      await tables(trx)
        .updateTable('petitions')
        .set({ status: s.status, consideration_started_at: s.considerationStartedAt, consideration_due_at: s.considerationDueAt, failed_at: s.failedAt })
        .where('id', '=', p.id)
        .where('status', '=', 'collecting')
        .execute();
      await recordAudit(trx, { communityId: p.community_id, actorUserId: null, action: s.status === 'failed' ? 'petition.failed' : 'petition.threshold-reached', subjectType: 'petition', subjectId: p.id, before: { status: 'collecting' }, after: { status: s.status, signatures: p.signature_count } });
      await tellAuthor(ctx, trx, p, d.slug, s.status === 'failed' ? { kind: 'failed' } : { kind: 'threshold', dueAt: s.considerationDueAt! });
      return 1;
    });
  }
  return moved;
}

export async function answerPetition(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; moderatorId: number; text: string; decision: AnswerDecision; officialName: string; officialPosition: string; pdf: { name: string; data: Buffer } | null },
): Promise<'done' | 'not-under-consideration'> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const p = await lockPetition(trx, a.petitionId);
    if (!p || p.community_id !== a.community.id) return 'not-under-consideration';
    const s = stateAt(rowTimes(p), now, ctx.calendar);
    if (s.status !== 'consideration') return 'not-under-consideration';
    const next = {
      status: 'answered' as const,
      consideration_started_at: s.considerationStartedAt,
      consideration_due_at: s.considerationDueAt,
      answered_at: now,
      answer_text: a.text,
      answer_decision: a.decision,
      answer_official_name: a.officialName,
      answer_official_position: a.officialPosition,
      answer_pdf: a.pdf?.data ?? null,
      answer_pdf_name: a.pdf?.name ?? null,
    };
    await tables(trx).updateTable('petitions').set(next).where('id', '=', p.id).execute();
    await auditChange(trx, p, a.moderatorId, 'petition.answered', next);
    await tellAuthor(ctx, trx, p, a.community.slug, { kind: 'answered', decision: DECISION_LABELS[a.decision].uk });
    await enqueueJob(trx, NOTIFY_SIGNERS_JOB, { petitionId: p.id }, { runAt: now, dedupeKey: `petition:${p.id}:answered` });
    return 'done';
  });
}

export async function recordAppealForwarding(
  ctx: CoreContext,
  a: { petitionId: number; community: Community; moderatorId: number; on: string },
): Promise<'done' | 'not-failed'> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const p = await lockPetition(trx, a.petitionId);
    if (!p || p.community_id !== a.community.id || p.appeal_forwarded_on) return 'not-failed';
    const s = stateAt(rowTimes(p), now, ctx.calendar);
    if (s.status !== 'failed') return 'not-failed';
    await tables(trx).updateTable('petitions').set({ status: 'failed', failed_at: s.failedAt, appeal_forwarded_on: a.on }).where('id', '=', p.id).execute();
    await auditChange(trx, p, a.moderatorId, 'petition.appeal-forwarded', { status: 'failed', failed_at: s.failedAt, appeal_forwarded_on: a.on });
    await tellAuthor(ctx, trx, p, a.community.slug, { kind: 'appeal', on: a.on });
    return 'done';
  });
}

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
      .returning('id')
      .execute();
    if (done.length === 0) return 0;
    await tables(trx)
      .updateTable('petitions')
      .set((eb) => ({ signature_count: eb('signature_count', '-', done.length) }))
      .where('id', '=', p.id)
      .execute();
    await recordAudit(trx, {
      communityId: p.community_id,
      actorUserId: a.moderatorId,
      action: 'petition.signatures-invalidated',
      subjectType: 'petition',
      subjectId: p.id,
      before: { signatures: p.signature_count },
      after: { signatures: p.signature_count - done.length, invalidated: done.map((d) => Number(d.id)), reason: a.reason },
    });
    return done.length;
  });
}

/** The job that tells every signer (who has not opted out) about the answer, in batches. */
export async function notifySigners(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const petitionId = Number(payload.petitionId);
  const p = await tables(ctx.db)
    .selectFrom('petitions as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select(['p.id', 'p.title', 'p.answer_decision', 'p.author_user_id', 'c.slug'])
    .where('p.id', '=', petitionId)
    .executeTakeFirst();
  if (!p || !p.answer_decision) return;
  const signers = await tables(ctx.db)
    .selectFrom('petition_signatures as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.email', 'u.lang'])
    .where('s.petition_id', '=', petitionId)
    .where('s.invalidated_at', 'is', null)
    .where('u.notify_email', '=', true)
    .where('u.email', 'is not', null)
    .where('u.deleted_at', 'is', null)
    .where(sql<boolean>`s.user_id is distinct from ${p.author_user_id}`)
    .execute();
  await inTransaction(ctx.db, async (trx) => {
    for (const s of signers) {
      await queueMail(trx, s.email!, petitionMail(s.lang, p.title, petitionUrl(ctx, p.slug, p.id), { kind: 'answered-signer', decision: DECISION_LABELS[p.answer_decision!][s.lang] }), ctx.clock.now());
    }
  });
}
