/**
 * Linking a chat to a Віче account. The bot sends a one-time link (random token, stored only as its
 * SHA-256, valid LINK_MINUTES, usable once); the person opens it in a browser, signs in as the platform
 * allows (id.gov.ua) and confirms «Привʼязати цей чат до мого облікового запису». A code typed in the chat
 * alone never links anything: whoever holds the chat must also hold the account. Unlinking is in the bot
 * and in the cabinet; each change is audited.
 */
import { createHash } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { randomToken } from '../../../core/sessions/sessions.js';
import { publicName } from '../../../core/users/public-name.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { linkedNotice, unlinkedNotice } from '../rules/edem.js';
import {
  chatOfSubscriber,
  dropUnusedTokens,
  findLinkToken,
  insertLinkToken,
  linkedChatsOfUser,
  setChatUser,
  useLinkToken,
  type ChatRef,
  type LinkedChat,
} from '../repository/edem.js';
import { sendToChat } from './delivery.js';

export const LINK_MINUTES = 15;

/** How a link's token is stored (exported for the authorization matrix's fixtures). */
export const linkTokenHash = (token: string): string => createHash('sha256').update(`chatbot-link:${token}`).digest('hex');

/** A token as it may appear in a URL: anything else names no link (and is never looked up). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function linkPath(slug: string, token: string): string {
  return `/${encodeURIComponent(slug)}/chatbot/link/${token}`;
}

/** A fresh one-time link for this chat (earlier unused ones stop working); returns its URL. */
export async function requestLink(ctx: CoreContext, o: { community: Community; subscriberId: number; now: Date }): Promise<string> {
  const token = randomToken(32);
  await inTransaction(ctx.db, async (trx) => {
    await dropUnusedTokens(trx, o.subscriberId);
    await insertLinkToken(trx, {
      communityId: o.community.id,
      subscriberId: o.subscriberId,
      tokenHash: linkTokenHash(token),
      expiresAt: new Date(o.now.getTime() + LINK_MINUTES * 60_000),
      now: o.now,
    });
  });
  return `${ctx.config.publicUrl}${linkPath(o.community.slug, token)}`;
}

export type LinkState = { kind: 'valid'; chat: ChatRef; expiresAt: Date } | { kind: 'unknown' } | { kind: 'used' } | { kind: 'expired' };

/** What a link's token stands for, in this community, now. */
export async function linkState(ctx: CoreContext, c: Community, token: string, now: Date): Promise<LinkState> {
  if (!TOKEN_SHAPE.test(token)) return { kind: 'unknown' };
  const t = await findLinkToken(ctx.db, linkTokenHash(token));
  if (!t || t.communityId !== c.id) return { kind: 'unknown' };
  if (t.usedAt) return { kind: 'used' };
  if (t.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  const chat = await chatOfSubscriber(ctx.db, t.subscriberId);
  return chat ? { kind: 'valid', chat, expiresAt: t.expiresAt } : { kind: 'unknown' };
}

/**
 * The signed-in person confirms the link: the token is spent (only one request can), the chat is linked
 * to the account, audited, and the chat is told. Returns the state that refused it, if any.
 */
export async function confirmLink(ctx: CoreContext, o: { community: Community; token: string; viewer: Viewer; now: Date }): Promise<LinkState['kind']> {
  const state = await linkState(ctx, o.community, o.token, o.now);
  if (state.kind !== 'valid') return state.kind;
  const t = (await findLinkToken(ctx.db, linkTokenHash(o.token)))!;
  const ok = await inTransaction(ctx.db, async (trx) => {
    if (!(await useLinkToken(trx, t.id, o.now))) return false;
    await setChatUser(trx, state.chat.subscriberId, o.viewer.id, o.now);
    await dropUnusedTokens(trx, state.chat.subscriberId);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.viewer.id,
      action: 'chatbot.chat-linked',
      subjectType: 'chatbot-chat',
      subjectId: state.chat.subscriberId,
      before: { userId: state.chat.userId },
      after: { userId: o.viewer.id, channel: state.chat.channel },
    });
    return true;
  });
  if (!ok) return 'used';
  await sendToChat(ctx, o.community, state.chat, [linkedNotice(state.chat.lang, publicName(o.viewer))]);
  return 'valid';
}

/** Unlinks a chat (by its person in the bot, or by the account's owner in the cabinet); false if it was not linked. */
export async function unlinkChat(
  ctx: CoreContext,
  o: { subscriberId: number; actorUserId: number | null; via: 'chat' | 'cabinet'; now: Date },
): Promise<boolean> {
  const chat = await chatOfSubscriber(ctx.db, o.subscriberId);
  if (!chat || chat.userId === null) return false;
  await inTransaction(ctx.db, async (trx) => {
    await setChatUser(trx, chat.subscriberId, null, o.now);
    await dropUnusedTokens(trx, chat.subscriberId);
    await recordAudit(trx, {
      communityId: chat.communityId,
      actorUserId: o.actorUserId ?? chat.userId,
      action: 'chatbot.chat-unlinked',
      subjectType: 'chatbot-chat',
      subjectId: chat.subscriberId,
      before: { userId: chat.userId },
      after: { userId: null, via: o.via },
    });
  });
  if (o.via === 'cabinet') {
    const c = await findCommunityById(ctx.db, chat.communityId);
    if (c) await sendToChat(ctx, c, chat, [unlinkedNotice(chat.lang)]);
  }
  return true;
}

/** The account's linked chats, for the cabinet. */
export function chatsOfUser(ctx: CoreContext, userId: number): Promise<LinkedChat[]> {
  return linkedChatsOfUser(ctx.db, userId);
}
