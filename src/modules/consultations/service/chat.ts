/**
 * Polls for the chat-bot (issue #22, point 4): the open polls of a community, one poll as a linked chat's
 * person may answer it, and the final answer. The same checks as the web's poll page — who may take part
 * (the item's own rules), the poll being open, every answer read by the poll's rules, one response per
 * person (the database's unique key, shared with the web), the rate limit, the audit entry and the
 * transparency log — because the answer goes through `answerPoll`, the web's own use-case.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Lang } from '../../../core/i18n/index.js';
import { pick } from '../../../core/i18n/index.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { participationFor } from '../access.js';
import { findItem, identityOf, listItems } from '../repository.js';
import { listQuestions, responseOf } from '../repository/polls.js';
import { readAnswer, readPollForm, type FormBody, type PollQuestion } from '../rules/poll.js';
import { itemUrl } from '../views/parts.js';
import { answerPoll, RateLimited } from './participation.js';

export interface ChatPollItem {
  id: number;
  title: string;
}

/** The community's polls open now (at most `limit`, the ones ending first), or none when the tool is off. */
export async function openPollsForChat(ctx: CoreContext, c: Community, limit: number): Promise<{ items: ChatPollItem[]; total: number }> {
  if (!c.enabledTools.includes('consultations')) return { items: [], total: 0 };
  const { items, total } = await listItems(ctx.db, c.id, {
    kind: 'poll',
    state: 'active',
    category: null,
    q: '',
    includeDrafts: false,
    now: ctx.clock.now(),
    page: 1,
    perPage: limit,
  });
  return { items: items.map((i) => ({ id: i.id, title: i.title })), total };
}

/** A question a chat can offer with buttons: a choice, or a score on a scale of at most 11 values. */
export function chatFits(q: PollQuestion): boolean {
  if (q.type === 'single' || q.type === 'multiple') return true;
  if (q.type === 'scoring' && q.pointsTotal === null) return (q.scaleMax ?? 5) - (q.scaleMin ?? 1) <= 10;
  return false;
}

export interface ChatPoll {
  id: number;
  title: string;
  description: string;
  endsAt: Date;
  /** The poll's web page (absolute): where a question a chat cannot offer is answered. */
  url: string;
  questions: PollQuestion[];
  /** Why this person may not answer now (the web's words); null: they may. */
  refusal: string | null;
  /** When this person already answered (here or on the web), and the receipt's number. */
  answered: { at: Date; receipt: number | null } | null;
}

/** One published poll of the community as `viewer` (null: the chat is not linked) may answer it; null: no such poll. */
export async function pollForChat(ctx: CoreContext, c: Community, viewer: Viewer | null, id: number, lang: Lang): Promise<ChatPoll | null> {
  if (!c.enabledTools.includes('consultations')) return null;
  const item = await findItem(ctx.db, c.id, id);
  if (!item || item.kind !== 'poll' || !item.publishedAt) return null;
  const questions = await listQuestions(ctx.db, item.id);
  let refusal: string | null = null;
  let answered: ChatPoll['answered'] = null;
  const p = await participationFor(ctx, viewer, c, item);
  if (viewer) {
    const mine = await responseOf(ctx.db, item.id, await identityOf(ctx.db, viewer.id));
    if (mine) answered = { at: mine.createdAt, receipt: mine.receipt };
  }
  if (p.state !== 'active') refusal = pick(NOT_OPEN, lang);
  else if (p.refusal) refusal = refusalText(p.refusal, lang, p.blockReason);
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    endsAt: item.endsAt,
    url: `${ctx.config.publicUrl}${itemUrl(c, item.id)}`,
    questions,
    refusal,
    answered,
  };
}

const NOT_OPEN = { uk: 'Опитування зараз не триває.', en: 'The poll is not open now.' };

/** One question's answer as the poll's rules read it: null when it is a valid answer, else why not. */
export function chatAnswerError(q: PollQuestion, body: FormBody, lang: Lang): string | null {
  const r = readAnswer(q, body);
  return r.ok ? null : pick(r.error, lang);
}

export type ChatAnswerOutcome =
  | { kind: 'answered'; receipt: number | null }
  | { kind: 'already' }
  | { kind: 'refused'; text: string }
  | { kind: 'invalid'; text: string }
  | { kind: 'rate-limited' };

/** The final answer from a chat, checked again in full (the chat's draft is no more trusted than a form). */
export async function answerPollFromChat(
  ctx: CoreContext,
  o: { community: Community; itemId: number; viewer: Viewer; body: FormBody; lang: Lang },
): Promise<ChatAnswerOutcome> {
  const poll = await pollForChat(ctx, o.community, o.viewer, o.itemId, o.lang);
  if (!poll) return { kind: 'refused', text: pick(NOT_OPEN, o.lang) };
  if (poll.answered) return { kind: 'already' };
  if (poll.refusal) return { kind: 'refused', text: poll.refusal };
  const { answers, errors } = readPollForm(poll.questions, o.body);
  const first = Object.values(errors)[0];
  if (first) return { kind: 'invalid', text: pick(first, o.lang) };
  try {
    const id = await answerPoll(ctx, { community: o.community, itemId: poll.id, viewer: o.viewer, answers });
    if (id === null) return { kind: 'already' };
  } catch (e) {
    if (e instanceof RateLimited) return { kind: 'rate-limited' };
    throw e;
  }
  const mine = await responseOf(ctx.db, poll.id, await identityOf(ctx.db, o.viewer.id));
  return { kind: 'answered', receipt: mine?.receipt ?? null };
}
