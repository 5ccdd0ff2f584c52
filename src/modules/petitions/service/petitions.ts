/**
 * The life of a petition: submission, moderation, the transitions time makes, the council's answer. Every
 * transition is a conditional UPDATE on the current status inside a transaction that also writes the audit
 * entry and the letters, so it happens exactly once whatever number of app instances race for it.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { publicName } from '../../../core/users/public-name.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges, type AuditFields } from '../../../core/audit/field-changes.js';
import { enqueueJob } from '../../../core/jobs/queue.js';
import { ipPrefix } from '../../../core/security/rate-limit.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { PetitionSettings } from '../settings.js';
import { tables, type AnswerDecision } from '../tables.js';
import { addToCount, findPetition, lockPetition, type PetitionRow } from '../repository.js';
import {
  collectionEndsAt,
  countDelta,
  moderationDueAt,
  rejectionReason,
  rowTimes,
  rulesAtSubmission,
  searchTextOf,
  signatureAct,
  stateAt,
  DECISION_LABELS,
  type PetitionInput,
} from '../rules.js';
import { NOTIFY_SIGNERS_JOB, tellAuthor } from './notifications.js';
import { afterCountChange, logSignature, personKeys } from './signatures.js';

/** A petition's fields as its audit entries keep them: the creation's snapshot, then each change's before and after. */
export function auditFieldsOf(
  p: Pick<
    PetitionRow,
    | 'status'
    | 'published_at'
    | 'collection_ends_at'
    | 'rejected_at'
    | 'rejection_reason'
    | 'rejection_note'
    | 'duplicate_of'
    | 'answered_at'
    | 'answer_decision'
    | 'answer_text'
    | 'answer_official_name'
    | 'answer_official_position'
    | 'answer_pdf_name'
    | 'appeal_forwarded_on'
    | 'consideration_started_at'
    | 'consideration_due_at'
    | 'failed_at'
  >,
): AuditFields {
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
  await recordAudit(trx, {
    communityId: p.community_id,
    actorUserId: actor,
    action,
    subjectType: 'petition',
    subjectId: p.id,
    before: changes?.before ?? {},
    after: { ...(changes?.after ?? {}), ...extra },
  });
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
        email_counts: rules.emailCounts,
        residents_only: rules.residentsOnly,
        min_age: rules.minAge,
        submitted_at: now,
        moderation_due_at: moderationDue,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The author's own signature is the first.
    const signature = await tables(trx)
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
        level: a.viewer.level,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logSignature(ctx, trx, { signatureId: signature.id, ...signatureAct(a.community.slug, row.id, keys.personKey, now, a.viewer.level) });
    await addToCount(trx, { petitionId: row.id, slot: 0, ...countDelta(a.viewer.level, rules.emailCounts) });
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
    const duplicate = a.duplicateOf ? await findPetition(trx, a.duplicateOf) : null;
    await tellAuthor(ctx, trx, p, a.community.slug, {
      kind: 'rejected',
      reason: reason.label,
      details: [duplicate ? `№ ${duplicate.number}` : '', a.note].filter(Boolean).join('. '),
    });
    return 'done';
  });
}

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
      await recordAudit(trx, {
        communityId: p.community_id,
        actorUserId: null,
        action: s.status === 'failed' ? 'petition.failed' : 'petition.threshold-reached',
        subjectType: 'petition',
        subjectId: p.id,
        before: { status: 'collecting' },
        after: { status: s.status, signatures: p.signature_count },
      });
      await tellAuthor(ctx, trx, p, d.slug, s.status === 'failed' ? { kind: 'failed' } : { kind: 'threshold', dueAt: s.considerationDueAt! });
      return 1;
    });
  }
  return moved;
}

export async function answerPetition(
  ctx: CoreContext,
  a: {
    petitionId: number;
    community: Community;
    moderatorId: number;
    text: string;
    decision: AnswerDecision;
    officialName: string;
    officialPosition: string;
    pdf: { name: string; data: Buffer } | null;
  },
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
