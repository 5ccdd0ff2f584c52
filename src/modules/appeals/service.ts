/**
 * The appeals' use-cases, each in one transaction with its audit entry: a resident files one (on the web
 * or through the chat-bot), a staff member takes it, extends its term with a reason, answers it. The
 * author hears of each step by e-mail and, for an appeal from a chat, in that chat (a job the chat-bot
 * answers). Audit entries name states and dates, never the author's name, e-mail or text.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { queueMail } from '../../core/mail/mailer.js';
import { enqueueJob } from '../../core/jobs/queue.js';
import { hitRateLimit } from '../../core/security/rate-limit.js';
import type { Lang } from '../../core/i18n/index.js';
import { extendedDeadline, isOpen, termsOf, type Channel, type Topic } from './rules.js';
import { findAppeal, insertAppeal, updateAppeal, type Appeal } from './repository.js';
import { answerMail, extensionMail, receiptMail } from './service/mails.js';

/** The job that tells a chat of its appeal's news (the chat-bot module handles it: it knows the chat). */
export const APPEAL_CHAT_JOB = 'appeals.chat-notice';
export type ChatNotice = 'answered' | 'extended';

/** At most this many appeals a day from one person (or one chat). */
const FILE_LIMIT = { max: 10, windowSeconds: 86_400 };

export const appealPath = (c: Community, id: number) => `/${c.slug}/appeals/${id}`;

export interface NewAppeal {
  community: Community;
  userId: number | null;
  channel: Channel;
  authorName: string;
  email: string | null;
  lang: Lang;
  topic: Topic;
  body: string;
  /** Whose appeals the daily limit counts: `user:<id>` or the chat's (a keyed hash, never the chat id). */
  rateKey: string;
  now: Date;
}

export type FileResult = { id: number; number: number; dueAt: Date } | { refusal: 'rate-limited' };

export async function fileAppeal(ctx: CoreContext, a: NewAppeal): Promise<FileResult> {
  const limit = await hitRateLimit(ctx.db, { key: `appeals:file:${a.rateKey}`, ...FILE_LIMIT }, a.now);
  if (!limit.allowed) return { refusal: 'rate-limited' };
  const dueAt = termsOf(a.now, ctx.calendar).month;
  const c = a.community;
  const made = await ctx.db.transaction().execute(async (trx) => {
    const row = await insertAppeal(trx, {
      communityId: c.id,
      userId: a.userId,
      channel: a.channel,
      authorName: a.authorName,
      email: a.email,
      lang: a.lang,
      topic: a.topic,
      body: a.body,
      receivedAt: a.now,
      dueAt,
    });
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: a.userId,
      action: 'appeals.filed',
      subjectType: 'appeal',
      subjectId: row.id,
      after: { number: row.number, channel: a.channel, topic: a.topic, dueAt: dueAt.toISOString(), withEmail: a.email !== null },
    });
    if (a.email) await queueMail(trx, a.email, receiptMail(c, { number: row.number, topic: a.topic, lang: a.lang, dueAt }, link(ctx, c, row.id)), a.now);
    return row;
  });
  return { ...made, dueAt };
}

const link = (ctx: CoreContext, c: Community, id: number) => `${ctx.config.publicUrl}${appealPath(c, id)}`;

export type ActRefusal = 'answered' | 'not-found';

/** Locks the appeal and runs `act` on it in one transaction, if it is still open. */
async function onOpenAppeal(ctx: CoreContext, c: Community, id: number, act: (trx: CoreContext['db'], a: Appeal) => Promise<void>): Promise<ActRefusal | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const a = await findAppeal(trx, c.id, id, true);
    if (!a) return 'not-found' as const;
    if (!isOpen(a.status)) return 'answered' as const;
    await act(trx, a);
    return null;
  });
}

/** The staff member takes the appeal: it is theirs and «на розгляді». */
export function assignAppeal(ctx: CoreContext, o: { community: Community; id: number; actorUserId: number }): Promise<ActRefusal | null> {
  return onOpenAppeal(ctx, o.community, o.id, async (trx, a) => {
    await updateAppeal(trx, a.communityId, a.id, { status: 'in_progress', assignee_user_id: o.actorUserId });
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: o.actorUserId,
      action: 'appeals.assigned',
      subjectType: 'appeal',
      subjectId: a.id,
      before: { status: a.status, assigneeUserId: a.assigneeUserId },
      after: { status: 'in_progress', assigneeUserId: o.actorUserId },
    });
  });
}

export type ExtendRefusal = ActRefusal | 'too-long' | 'not-longer';

/** Art. 20: the term is extended (within 45 days in all) with a reason the author is told. */
export async function extendAppeal(
  ctx: CoreContext,
  o: { community: Community; id: number; actorUserId: number; totalDays: number; reason: string; now: Date },
): Promise<ExtendRefusal | null> {
  let refusal: ExtendRefusal | null = null;
  const done = await onOpenAppeal(ctx, o.community, o.id, async (trx, a) => {
    const r = extendedDeadline(a, o.totalDays, ctx.calendar);
    if ('refusal' in r) {
      refusal = r.refusal === 'answered' ? 'answered' : r.refusal;
      return;
    }
    await updateAppeal(trx, a.communityId, a.id, { due_at: r.dueAt, extended_at: o.now, extension_reason: o.reason });
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: o.actorUserId,
      action: 'appeals.extended',
      subjectType: 'appeal',
      subjectId: a.id,
      before: { dueAt: a.dueAt.toISOString() },
      after: { dueAt: r.dueAt.toISOString(), totalDays: o.totalDays, reason: o.reason },
    });
    await tellAuthor(
      ctx,
      trx,
      o.community,
      a,
      'extended',
      (l) => extensionMail(o.community, { ...l, dueAt: r.dueAt }, o.reason, link(ctx, o.community, a.id)),
      o.now,
    );
  });
  return done ?? refusal;
}

/** The answer: final; the author gets it by e-mail and, for an appeal from a chat, in the chat. */
export function answerAppeal(
  ctx: CoreContext,
  o: { community: Community; id: number; actorUserId: number; answer: string; now: Date },
): Promise<ActRefusal | null> {
  return onOpenAppeal(ctx, o.community, o.id, async (trx, a) => {
    await updateAppeal(trx, a.communityId, a.id, {
      status: 'answered',
      answer: o.answer,
      answered_at: o.now,
      answered_by: o.actorUserId,
      assignee_user_id: a.assigneeUserId ?? o.actorUserId,
    });
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: o.actorUserId,
      action: 'appeals.answered',
      subjectType: 'appeal',
      subjectId: a.id,
      before: { status: a.status },
      after: { status: 'answered', onTime: o.now.getTime() <= a.dueAt.getTime() },
    });
    await tellAuthor(ctx, trx, o.community, a, 'answered', (l) => answerMail(o.community, l, o.answer, link(ctx, o.community, a.id)), o.now);
  });
}

async function tellAuthor(
  ctx: CoreContext,
  trx: CoreContext['db'],
  c: Community,
  a: Appeal,
  notice: ChatNotice,
  letter: (l: { number: number; topic: string; lang: Lang; dueAt: Date }) => ReturnType<typeof answerMail>,
  now: Date,
): Promise<void> {
  if (a.email) await queueMail(trx, a.email, letter({ number: a.number, topic: a.topic, lang: a.lang, dueAt: a.dueAt }), now);
  if (a.channel !== 'web') {
    await enqueueJob(
      trx,
      APPEAL_CHAT_JOB,
      { communityId: c.id, appealId: a.id, notice },
      { runAt: now, dedupeKey: `appeal:${a.id}:${notice}:${now.getTime()}` },
    );
  }
}

/** What a chat is told of its appeal (the chat-bot asks; the chat itself is the chat-bot's to know). */
export interface AppealForChat {
  number: number;
  status: Appeal['status'];
  answer: string | null;
  dueAt: Date;
  extensionReason: string | null;
  lang: Lang;
}

export async function appealForChat(ctx: CoreContext, communityId: number, appealId: number): Promise<AppealForChat | null> {
  const a = await findAppeal(ctx.db, communityId, appealId);
  return a ? { number: a.number, status: a.status, answer: a.answer, dueAt: a.dueAt, extensionReason: a.extensionReason, lang: a.lang } : null;
}
