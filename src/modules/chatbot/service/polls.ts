/**
 * Consultation polls in the chat: the list, a poll's card, its questions one at a time (the answers so far
 * in the chat's draft) and the final answer. Everything that decides goes through the consultations
 * module (its index.ts): who may answer and why not, whether the person already answered (on the web or
 * here), whether an answer is valid, and the answer itself (the web's use-case: one per person, rate
 * limit, audit, transparency log). The chat acts as the account it is linked to, never as anyone else.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { pick, type Lang } from '../../../core/i18n/index.js';
import { TOO_MANY_TEXT } from '../../../core/security/person-limit.js';
import { loadViewer } from '../../../core/users/users-repository.js';
import {
  answerPollFromChat,
  chatAnswerError,
  chatFits,
  openPollsForChat,
  POLL_OTHER,
  pollFieldName,
  pollForChat,
  type ChatPoll,
  type PollAnswers,
} from '../../consultations/index.js';
import type { Reply } from '../rules.js';
import * as r from '../rules/edem.js';
import * as p from '../rules/polls.js';
import type { PollStep } from '../rules/polls.js';
import { deleteDraft, findDraft, saveDraft, type ChatRef } from '../repository/edem.js';

const LIST_SIZE = 8;

interface PollTurn {
  ctx: CoreContext;
  c: Community;
  chat: ChatRef;
  lang: Lang;
  now: Date;
}

/** The answers so far of a chat's poll draft. */
interface PollDraft {
  itemId: number;
  /** The question being answered; the number of questions: the review. */
  index: number;
  body: PollAnswers;
  /** The next plain message is the «Інше» text of the current question. */
  awaitingOther: boolean;
}

function draftOf(data: Record<string, unknown>): PollDraft | null {
  const { itemId, index, body, awaitingOther } = data;
  if (typeof itemId !== 'number' || typeof index !== 'number' || typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const clean: PollAnswers = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') clean[k] = v;
    else if (Array.isArray(v)) clean[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return { itemId, index, body: clean, awaitingOther: awaitingOther === true };
}

/** Whether the chat's open draft waits for an «Інше» text (for the dialogue to route a plain message). */
export function awaitsOtherText(data: Record<string, unknown>): boolean {
  return draftOf(data)?.awaitingOther === true;
}

const noPoll = (lang: Lang) =>
  r.refusal(r.tx(lang, 'Такого опитування немає.', 'No such poll.'), lang, { label: r.tx(lang, '← Опитування', '← Polls'), data: 'pol' });

function card(t: PollTurn, poll: ChatPoll, linked: boolean): Reply {
  return p.pollCard(
    {
      id: poll.id,
      title: poll.title,
      description: poll.description,
      endsAt: formatKyivDate(poll.endsAt, t.lang),
      url: poll.url,
      questions: poll.questions.length,
      answered: poll.answered ? { at: formatKyivDate(poll.answered.at, t.lang), receipt: poll.answered.receipt } : null,
      refusal: poll.refusal,
      linked,
      fits: poll.questions.length > 0 && poll.questions.every(chatFits),
    },
    t.lang,
  );
}

export async function pollStep(t: PollTurn, step: PollStep): Promise<Reply> {
  if (!t.c.enabledTools.includes('consultations'))
    return r.refusal(r.tx(t.lang, 'У цій громаді цей інструмент не ввімкнено.', 'This tool is not switched on in this community.'), t.lang);
  if (step.kind === 'list') {
    const { items, total } = await openPollsForChat(t.ctx, t.c, LIST_SIZE);
    return p.pollList(items, total, `${t.ctx.config.publicUrl}/${t.c.slug}/consultations?kind=poll&state=active`, t.lang);
  }
  const viewer = t.chat.userId === null ? null : await loadViewer(t.ctx.db, t.chat.userId);
  const saved = await findDraft(t.ctx.db, t.chat.subscriberId);
  let draft = saved?.kind === 'poll' ? draftOf(saved.data) : null;
  const id = step.kind === 'other-text' ? (draft?.itemId ?? 0) : step.id;
  const poll = await pollForChat(t.ctx, t.c, viewer, id, t.lang);
  if (!poll) return noPoll(t.lang);
  if (step.kind === 'card') return card(t, poll, viewer !== null);
  if (!viewer) return r.needsLink(t.lang);
  // As the web's poll page: answered once, then who may answer and whether it is open, then what a chat can offer.
  if (poll.answered || poll.refusal || !poll.questions.every(chatFits) || poll.questions.length === 0) {
    if (draft) await deleteDraft(t.ctx.db, t.chat.subscriberId);
    return card(t, poll, true);
  }
  const save = (d: PollDraft) => saveDraft(t.ctx.db, t.chat.subscriberId, 'poll', { ...d }, t.now);
  const show = (d: PollDraft, error: string | null = null): Reply =>
    d.index >= poll.questions.length
      ? p.pollReview(poll.id, poll.title, poll.questions, d.body, t.lang)
      : p.questionReply(poll.id, poll.questions[d.index]!, d.index, poll.questions.length, d.body, t.lang, error);
  if (step.kind === 'start') {
    draft = { itemId: poll.id, index: 0, body: {}, awaitingOther: false };
    await save(draft);
    return show(draft);
  }
  if (!draft || draft.itemId !== poll.id) return p.pollStale(poll.id, t.lang);
  if (step.kind === 'send') {
    if (draft.index < poll.questions.length) return show(draft);
    const out = await answerPollFromChat(t.ctx, { community: t.c, itemId: poll.id, viewer, body: draft.body, lang: t.lang });
    switch (out.kind) {
      case 'answered':
        await deleteDraft(t.ctx.db, t.chat.subscriberId);
        return p.pollAnswered(out.receipt, t.lang);
      case 'rate-limited':
        return r.refusal(pick(TOO_MANY_TEXT, t.lang), t.lang);
      case 'invalid':
        await save({ ...draft, index: 0 });
        return show({ ...draft, index: 0 }, out.text);
      case 'already':
      case 'refused':
        await deleteDraft(t.ctx.db, t.chat.subscriberId);
        return card(t, (await pollForChat(t.ctx, t.c, viewer, poll.id, t.lang)) ?? poll, true);
    }
  }
  const q = poll.questions[draft.index];
  if (!q) return show(draft);
  const body: PollAnswers = { ...draft.body };
  const choice = pollFieldName.choice(q.id);
  const chosen = (): string[] => {
    const v = body[choice];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  /** The question's answer is complete: checked by the poll's rules, then on to the next (or the review). */
  const advance = async (): Promise<Reply> => {
    const error = chatAnswerError(q, body, t.lang);
    // A scale answered wrongly is answered again from its first option.
    if (error && q.type === 'scoring') for (const o of q.options) delete body[pollFieldName.score(q.id, o.id)];
    const d: PollDraft = { ...draft!, body, awaitingOther: false, index: error ? draft!.index : draft!.index + 1 };
    await save(d);
    return show(d, error);
  };
  const stay = async (): Promise<Reply> => {
    const d: PollDraft = { ...draft!, body, awaitingOther: false };
    await save(d);
    return show(d);
  };
  switch (step.kind) {
    case 'option': {
      if (!q.options.some((o) => o.id === step.option) || q.type === 'scoring') return show(draft);
      if (q.type === 'single') {
        body[choice] = String(step.option);
        delete body[pollFieldName.other(q.id)];
        return advance();
      }
      const now = chosen();
      body[choice] = now.includes(String(step.option)) ? now.filter((x) => x !== String(step.option)) : [...now, String(step.option)];
      return stay();
    }
    case 'other': {
      if (!q.allowOther) return show(draft);
      if (q.type === 'multiple' && chosen().includes(POLL_OTHER)) {
        body[choice] = chosen().filter((x) => x !== POLL_OTHER);
        delete body[pollFieldName.other(q.id)];
        return stay();
      }
      await save({ ...draft, awaitingOther: true });
      return p.otherPrompt(t.lang);
    }
    case 'other-text': {
      if (!draft.awaitingOther || !q.allowOther) return show(draft);
      body[pollFieldName.other(q.id)] = step.text;
      if (q.type === 'single') {
        body[choice] = POLL_OTHER;
        return advance();
      }
      if (!chosen().includes(POLL_OTHER)) body[choice] = [...chosen(), POLL_OTHER];
      return stay();
    }
    case 'next':
      if (q.type !== 'multiple') return show(draft);
      return advance();
    case 'score': {
      if (q.type !== 'scoring' || !q.options.some((o) => o.id === step.option)) return show(draft);
      body[pollFieldName.score(q.id, step.option)] = String(step.value);
      return p.nextToScore(q, body) ? stay() : advance();
    }
  }
}
