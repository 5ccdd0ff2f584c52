/**
 * The chat side of «Звернутися до влади»: a turn of the appeal dialogue (rules/appeals.ts) with its draft
 * kept per chat, the filing through the appeals module, and the job that brings the answer (or the news
 * of an extension) back into the chat the appeal came from.
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import type { Lang } from '../../../core/i18n/index.js';
import { appealForChat, fileAppeal, type ChatNotice } from '../../appeals/index.js';
import type { ChatChannel, Incoming, Reply } from '../rules.js';
import { appealFiledReply, appealNoticeTexts, appealRefusedReply, appealTurn } from '../rules/appeals.js';
import { findSubscriber } from '../repository.js';
import {
  deleteAppealChat,
  deleteDraft,
  findAppealChat,
  findDraft,
  forgetChat,
  insertAppealChat,
  linkedAccount,
  saveDraft,
  type Chat,
} from '../repository/appeals.js';
import { sendToChat } from './delivery.js';

/** The appeal dialogue's part of a turn: its replies, or null when the main dialogue answers. */
export async function appealsTurn(
  ctx: CoreContext,
  o: { community: Community; channel: ChatChannel; chatId: string; input: Incoming; fallbackLang: Lang; now: Date },
): Promise<Reply[] | null> {
  const chat: Chat = { communityId: o.community.id, channel: o.channel, chatId: o.chatId };
  if (o.input.kind === 'text' && /^\/stop(?:[\s@]|$)/i.test(o.input.text.trim())) {
    // The chat id goes with the subscription: no draft, and answers come by e-mail only.
    await forgetChat(ctx.db, chat);
    return null;
  }
  const [draft, subscriber, account] = await Promise.all([
    findDraft(ctx.db, chat),
    findSubscriber(ctx.db, chat.communityId, chat.channel, chat.chatId),
    linkedAccount(ctx.db, chat),
  ]);
  const lang = subscriber?.lang ?? o.fallbackLang;
  const hasFullName = account !== null && account.name.split(' ').length >= 2;
  const turn = appealTurn({ input: o.input, draft, lang, accountName: hasFullName ? account.name : null, accountEmail: account?.email ?? null });
  const e = turn.effect;
  if (e?.kind === 'save') await saveDraft(ctx.db, chat, e.draft, o.now);
  else if (e?.kind === 'clear') await deleteDraft(ctx.db, chat);
  else if (e?.kind === 'file') {
    const filed = await fileAppeal(ctx, {
      community: o.community,
      userId: account?.userId ?? null,
      // The appeal records the messenger; whether the community's bot or the platform's is the chat's business.
      channel: o.channel === 'telegram-platform' ? 'telegram' : o.channel === 'viber-platform' ? 'viber' : o.channel,
      authorName: e.draft.name,
      email: e.draft.email,
      lang,
      topic: e.draft.topic,
      body: e.draft.body,
      rateKey: account ? `user:${account.userId}` : `chat:${chatKey(ctx, chat)}`,
      now: o.now,
    });
    if ('refusal' in filed) return [appealRefusedReply(lang)];
    await insertAppealChat(ctx.db, filed.id, chat);
    await deleteDraft(ctx.db, chat);
    return [appealFiledReply(lang, filed.number, filed.dueAt)];
  }
  return turn.replies;
}

/** A chat's key for rate limits: keyed, so the limits' table holds no chat id. */
function chatKey(ctx: CoreContext, c: Chat): string {
  return createHmac('sha256', ctx.config.secretKey).update(`chatbot:appeals:${c.communityId}:${c.channel}:${c.chatId}`).digest('base64url').slice(0, 32);
}

const isNotice = (v: unknown): v is ChatNotice => v === 'answered' || v === 'extended';

/**
 * The job the appeals module queues when an appeal from a chat is answered or extended: tell that chat.
 * Sent once the answer is final, the chat's link to the appeal goes (its id is no longer needed).
 */
export async function sendAppealNotice(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const { communityId, appealId, notice } = payload;
  if (typeof communityId !== 'number' || typeof appealId !== 'number' || !isNotice(notice)) return;
  const c = await findCommunityById(ctx.db, communityId);
  const chat = c ? await findAppealChat(ctx.db, c.id, appealId) : null;
  const appeal = chat ? await appealForChat(ctx, communityId, appealId) : null;
  // The person stopped the bot (or the chat was never known): the e-mail is the only way then.
  if (!c || !chat || !appeal) return;
  const replies: Reply[] = appealNoticeTexts(appeal, notice).map((text) => ({ text, buttons: [] }));
  // Through the bot the chat talks to (Telegram, Viber, the platform's bot, or the simulator's log).
  await sendToChat(ctx, c, chat, replies);
  if (notice === 'answered') await deleteAppealChat(ctx.db, appealId);
}
