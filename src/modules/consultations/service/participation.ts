/**
 * A resident's taking part, as use cases: a comment or reply, a support of a comment, a poll's one final
 * response, a stance on a draft act. Each counts against its rate limit, then writes and audits in one
 * transaction. The route has checked who may take part and what was sent; these only write. Acts and
 * limits are the person's (`identityOf`: the identity key, or the verified phone's), not the account's.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { publicName } from '../../../core/users/public-name.js';
import { identityOf, insertComment, insertResponse, insertSupport, upsertStance } from '../repository.js';
import type { Answer } from '../rules/poll.js';
import { tables } from '../tables.js';
import { answerAct, stanceAct } from '../rules/log-acts.js';
import { logAct, type ActReceipt, type LoggedAct } from '../../../core/tlog/acts.js';
import { logBackfilledAct } from '../../../core/tlog/backfill.js';
import { lockUnloggedResponses, lockUnloggedStances, parseJson, type LoggableResponse, type LoggableStance } from '../repository/polls.js';
import type { Community } from '../../../core/communities/community.js';

/** Too many of these actions in the window: nothing was written. */
export class RateLimited extends Error {}

async function limit(ctx: CoreContext, key: string, max: number, windowSeconds: number, now: Date): Promise<void> {
  const hit = await hitRateLimit(ctx.db, { key, max, windowSeconds }, now);
  if (!hit.allowed) throw new RateLimited(key);
}

/** A comment on the item (or one of its sections), or a reply to a comment; returns its id. */
export async function addComment(
  ctx: CoreContext,
  o: { communityId: number; itemId: number; viewer: Viewer; sectionId: number | null; parentId: number | null; body: string },
): Promise<number> {
  const now = ctx.clock.now();
  const identity = await identityOf(ctx.db, o.viewer.id);
  await limit(ctx, `consultations:comment:${identity}`, 30, 3600, now);
  return inTransaction(ctx.db, async (trx) => {
    const commentId = await insertComment(trx, {
      communityId: o.communityId,
      itemId: o.itemId,
      sectionId: o.sectionId,
      parentId: o.parentId,
      authorUserId: o.viewer.id,
      identity,
      level: o.viewer.level,
      authorName: publicName(o.viewer),
      body: o.body,
      now,
    });
    await recordAudit(trx, {
      communityId: o.communityId,
      actorUserId: o.viewer.id,
      action: 'consultation.comment.created',
      subjectType: 'consultation-comment',
      subjectId: commentId,
      after: { itemId: o.itemId, sectionId: o.sectionId, parentId: o.parentId, length: o.body.length },
    });
    return commentId;
  });
}

/** Supports a comment (once per person; again is no change). */
export async function supportComment(ctx: CoreContext, o: { communityId: number; commentId: number; viewer: Viewer }): Promise<void> {
  const now = ctx.clock.now();
  const identity = await identityOf(ctx.db, o.viewer.id);
  await limit(ctx, `consultations:support:${identity}`, 200, 3600, now);
  await inTransaction(ctx.db, async (trx) => {
    const added = await insertSupport(trx, { communityId: o.communityId, commentId: o.commentId, identity, userId: o.viewer.id, now });
    // Participation is audited without naming the person: moderators read this log.
    if (added)
      await recordAudit(trx, {
        communityId: o.communityId,
        actorUserId: null,
        action: 'consultation.comment.supported',
        subjectType: 'consultation-comment',
        subjectId: o.commentId,
      });
  });
}

/** Whether the item shows its results while it runs (then each act's choices may be public in the log). */
export async function resultsShownWhileOpen(db: Db, itemId: number): Promise<boolean> {
  const item = await tables(db).selectFrom('consultation_items').select('results_visibility').where('id', '=', itemId).executeTakeFirstOrThrow();
  return item.results_visibility === 'during';
}

/**
 * The one final response to a poll; null when this person has already answered. It is appended to the
 * transparency log in its transaction, and the receipt kept on its row.
 */
export async function answerPoll(
  ctx: CoreContext,
  o: { community: Community; itemId: number; viewer: Viewer; answers: Record<string, Answer> },
): Promise<number | null> {
  const now = ctx.clock.now();
  const identity = await identityOf(ctx.db, o.viewer.id);
  await limit(ctx, `consultations:poll:${identity}`, 30, 3600, now);
  return inTransaction(ctx.db, async (trx) => {
    const responseId = await insertResponse(trx, {
      communityId: o.community.id,
      itemId: o.itemId,
      identity,
      userId: o.viewer.id,
      level: o.viewer.level,
      answers: o.answers,
      now,
    });
    if (responseId === null) return null;
    const receipt = await logAct(
      ctx,
      trx,
      answerAct(o.community.slug, o.itemId, identity, now, o.viewer.level, o.answers, await resultsShownWhileOpen(trx, o.itemId)),
    );
    await tables(trx)
      .updateTable('consultation_responses')
      .set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash })
      .where('id', '=', responseId)
      .execute();
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: null,
      action: 'consultation.poll.answered',
      subjectType: 'consultation',
      subjectId: o.itemId,
      after: { responseId },
    });
    return responseId;
  });
}

/**
 * A stance on a draft act as a whole (scope 0) or on one section; audited and appended to the transparency
 * log only when it changes (each change is a new entry: the latest per tag and section counts).
 */
export async function setStance(
  ctx: CoreContext,
  o: { community: Community; itemId: number; viewer: Viewer; scope: number; stance: 'support' | 'oppose' },
): Promise<void> {
  const now = ctx.clock.now();
  const identity = await identityOf(ctx.db, o.viewer.id);
  await limit(ctx, `consultations:stance:${identity}`, 600, 3600, now);
  await inTransaction(ctx.db, async (trx) => {
    const before = await upsertStance(trx, {
      communityId: o.community.id,
      itemId: o.itemId,
      scope: o.scope,
      identity,
      userId: o.viewer.id,
      level: o.viewer.level,
      stance: o.stance,
      now,
    });
    if (before !== o.stance) {
      const receipt = await logAct(
        ctx,
        trx,
        stanceAct(o.community.slug, o.itemId, identity, now, o.viewer.level, o.scope, o.stance, await resultsShownWhileOpen(trx, o.itemId)),
      );
      await tables(trx)
        .updateTable('consultation_stances')
        .set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash })
        .where('item_id', '=', o.itemId)
        .where('scope', '=', o.scope)
        .where('identity', '=', identity)
        .execute();
      // Without the person: a moderator must not learn how a named resident stands on an act.
      await recordAudit(trx, {
        communityId: o.community.id,
        actorUserId: null,
        action: 'consultation.stance.set',
        subjectType: 'consultation',
        subjectId: o.itemId,
        before: before ? { scope: o.scope, stance: before } : undefined,
        after: { scope: o.scope, stance: o.stance },
      });
    }
  });
}

type LogPreLog = (act: LoggedAct) => Promise<ActReceipt>;

/**
 * The leaf of a response's entry; one made before the log is first appended to it by `logPreLog` (at its
 * own time, marked backfilled), so that whatever annuls it names its entry. The caller holds the row's lock.
 */
export async function responseLeaf(logPreLog: LogPreLog, trx: Db, slug: string, choicesPublic: boolean, r: LoggableResponse): Promise<string> {
  if (r.log_pending_id !== null && r.log_leaf !== null) return r.log_leaf;
  const receipt = await logPreLog(answerAct(slug, r.item_id, r.identity, r.created_at, r.level, parseJson(r.answers), choicesPublic));
  await tables(trx)
    .updateTable('consultation_responses')
    .set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash })
    .where('id', '=', r.id)
    .execute();
  return receipt.leafHash;
}

/** The leaf of a stance's latest entry, likewise. */
export async function stanceLeaf(logPreLog: LogPreLog, trx: Db, slug: string, choicesPublic: boolean, s: LoggableStance): Promise<string> {
  if (s.log_pending_id !== null && s.log_leaf !== null) return s.log_leaf;
  const receipt = await logPreLog(stanceAct(slug, s.item_id, s.identity, s.updated_at, s.level, s.scope, s.stance, choicesPublic));
  await tables(trx)
    .updateTable('consultation_stances')
    .set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash })
    .where('item_id', '=', s.item_id)
    .where('scope', '=', s.scope)
    .where('identity', '=', s.identity)
    .execute();
  return receipt.leafHash;
}

/**
 * The backfill (manifest `logBackfill`): up to `limit` responses and then stances made before the log,
 * oldest first, each as taking part would have logged it (a stance as its latest change). An annulled act
 * is no longer among them (it moved to the annulled acts): with its annulment it would count for nothing.
 */
export async function backfillParticipation(ctx: CoreContext, trx: Db, limit: number): Promise<number> {
  const pre: LogPreLog = (act) => logBackfilledAct(ctx, trx, act);
  const responses = await lockUnloggedResponses(trx, limit);
  for (const r of responses) await responseLeaf(pre, trx, r.slug, r.choicesPublic, r);
  const stances = await lockUnloggedStances(trx, limit - responses.length);
  for (const s of stances) await stanceLeaf(pre, trx, s.slug, s.choicesPublic, s);
  return responses.length + stances.length;
}
