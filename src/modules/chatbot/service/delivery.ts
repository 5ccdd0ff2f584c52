/**
 * Messages the bot starts (not answers): a chat linked from the web page, a followed item's new state. A
 * messenger's chat gets them through the job queue (`chatbot.deliver`), so no web request waits for
 * Telegram; the simulator's chat gets them in its log at once.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { enqueueJob } from '../../../core/jobs/queue.js';
import type { Db } from '../../../core/db/database.js';
import type { ChatChannel, Reply } from '../rules.js';
import { appendSimLog, findSettings } from '../repository.js';
import { sendTelegramReplies, telegramApi } from '../messengers/telegram.js';
import { telegramTokenOf, viberTokenOf } from '../service.js';
import { sendViberReplies, viberApi } from '../messengers/viber.js';
import { senderNameOf } from './viber.js';
import { tables } from '../tables.js';
import { pick, type Text } from '../../../core/i18n/index.js';

export const DELIVER_JOB = 'chatbot.deliver';

function isReplies(v: unknown): v is Reply[] {
  return (
    Array.isArray(v) &&
    v.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as Reply).text === 'string' &&
        Array.isArray((r as Reply).buttons) &&
        (r as Reply).buttons.every((row) => Array.isArray(row) && row.every((b) => typeof b.label === 'string' && typeof b.data === 'string')),
    )
  );
}

/** Sends `replies` to one chat of the community's bot (queued for a messenger, at once in the simulator). */
export async function sendToChat(
  ctx: CoreContext,
  c: Community,
  chat: { channel: ChatChannel; chatId: string },
  replies: readonly Reply[],
  db: Db = ctx.db,
): Promise<void> {
  if (chat.channel === 'sim') {
    await appendSimLog(
      db,
      c.id,
      chat.chatId,
      replies.map((r) => ({ fromBot: true, body: r.text, buttons: r.buttons })),
      ctx.clock.now(),
    );
    return;
  }
  await enqueueJob(db, DELIVER_JOB, { communityId: c.id, channel: chat.channel, chatId: chat.chatId, replies }, { runAt: ctx.clock.now(), maxAttempts: 3 });
}

/** The job: send the queued replies with the bot the chat talks to (the community's own, or the platform's), if it is still there. */
export async function deliverQueued(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const c = typeof payload.communityId === 'number' ? await findCommunityById(ctx.db, payload.communityId) : null;
  if (!c || typeof payload.chatId !== 'string' || !isReplies(payload.replies)) return;
  if (payload.channel === 'telegram-platform') {
    const token = ctx.config.platformBot.telegramToken;
    if (token) await sendTelegramReplies(await telegramApi(ctx, token), payload.chatId, payload.replies);
    return;
  }
  if (payload.channel === 'viber-platform') {
    const token = ctx.config.platformBot.viberToken;
    if (token) await sendViberReplies(viberApi(ctx, token), payload.chatId, payload.replies, senderNameOf(c));
    return;
  }
  const settings = await findSettings(ctx.db, c.id);
  if (!settings?.enabled) return;
  if (payload.channel === 'telegram') {
    const token = telegramTokenOf(ctx, settings);
    if (token) await sendTelegramReplies(await telegramApi(ctx, token), payload.chatId, payload.replies);
  } else if (payload.channel === 'viber') {
    const token = viberTokenOf(ctx, settings);
    if (token) await sendViberReplies(viberApi(ctx, token), payload.chatId, payload.replies, senderNameOf(c));
  }
}

/**
 * Tells a person in every chat of the community's bot they linked to their account (the e-queue's
 * reminders): each chat in its own language. How many chats were told; 0 when none is linked.
 */
export async function sendToPerson(ctx: CoreContext, c: Community, userId: number, text: Text): Promise<number> {
  const chats = await tables(ctx.db)
    .selectFrom('chatbot_subscribers')
    .select(['channel', 'chat_id', 'lang'])
    .where('community_id', '=', c.id)
    .where('user_id', '=', userId)
    .where('linked_at', 'is not', null)
    .orderBy('id')
    .execute();
  for (const chat of chats) await sendToChat(ctx, c, { channel: chat.channel, chatId: chat.chat_id }, [{ text: pick(text, chat.lang), buttons: [] }]);
  return chats.length;
}
