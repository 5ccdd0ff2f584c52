/**
 * One message of a broadcast to one chat, on any messenger: the broadcast worker calls the sender of the
 * recipient's channel and gets back what became of it. Telegram sends through grammy; the `sim` channel
 * writes to the /dev/bot simulator's log; another messenger plugs in here by adding its sender to
 * `SENDERS` (Viber: a sender over `messengers/viber.ts`). A channel without a sender is skipped.
 */
import { GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { ChatChannel } from '../rules.js';
import { appendSimLog, findSettings } from '../repository.js';
import { openSecret } from '../../../core/security/secret-box.js';
import { telegramApi } from './telegram.js';

export interface Outgoing {
  text: string;
  /** A JPEG, and Telegram's id for it once uploaded (then the bytes are not sent again). */
  photo: { data: Buffer; telegramId: string | null } | null;
  button: { label: string; url: string } | null;
}

export type SendOutcome =
  | { kind: 'sent'; telegramPhotoId?: string }
  /** The person blocked the bot (or deleted their account): they are unsubscribed. */
  | { kind: 'blocked' }
  | { kind: 'failed' }
  /** The messenger asked to slow down and did not take the message: it goes again after the pause. */
  | { kind: 'retry'; afterSeconds: number };

export type Sender = (chatId: string, m: Outgoing) => Promise<SendOutcome>;

/** The community's sender on a channel, or null when the community has no bot there. */
export type SenderFactory = (ctx: CoreContext, community: Community) => Promise<Sender | null>;

const telegramSender: SenderFactory = async (ctx, c) => {
  const s = await findSettings(ctx.db, c.id);
  if (!s?.enabled || !s.telegramTokenSealed) return null;
  const token = openSecret(ctx.config.secretKey, `chatbot:telegram:${c.id}`, s.telegramTokenSealed);
  return token ? telegramSenderOf(ctx, token) : null;
};

/** The platform's one bot (PLATFORM_TELEGRAM_TOKEN) sends to the chats that picked this community in it. */
const platformTelegramSender: SenderFactory = async (ctx) => {
  const token = ctx.config.platformBot.telegramToken;
  return token ? telegramSenderOf(ctx, token) : null;
};

async function telegramSenderOf(ctx: CoreContext, token: string): Promise<Sender> {
  const api = await telegramApi(ctx, token);
  return async (chatId, m) => {
    const markup: InlineKeyboardMarkup | undefined = m.button ? { inline_keyboard: [[{ text: m.button.label, url: m.button.url }]] } : undefined;
    try {
      if (m.photo) {
        const sent = await api.sendPhoto(chatId, m.photo.telegramId ?? new InputFile(m.photo.data, 'photo.jpg'), {
          caption: m.text,
          ...(markup ? { reply_markup: markup } : {}),
        });
        return { kind: 'sent', telegramPhotoId: sent.photo.at(-1)?.file_id };
      }
      await api.sendMessage(chatId, m.text, { ...(markup ? { reply_markup: markup } : {}), link_preview_options: { is_disabled: !m.button } });
      return { kind: 'sent' };
    } catch (e) {
      // Never log the error itself: grammy's error carries the payload, chat id included.
      if (e instanceof GrammyError) {
        if (e.error_code === 403) return { kind: 'blocked' };
        if (e.error_code === 429) return { kind: 'retry', afterSeconds: e.parameters.retry_after ?? 1 };
      }
      return { kind: 'failed' };
    }
  };
}

/** The simulator: the broadcast appears in the simulated chat, as a messenger would show it. */
const simSender: SenderFactory = async (ctx, c) => {
  return async (chatId, m) => {
    const lines = [...(m.photo ? ['🖼'] : []), m.text, ...(m.button ? [`🔗 ${m.button.label}: ${m.button.url}`] : [])];
    await appendSimLog(ctx.db, c.id, chatId, [{ fromBot: true, body: lines.join('\n'), buttons: [] }], ctx.clock.now());
    return { kind: 'sent' };
  };
};

export const SENDERS: Partial<Record<ChatChannel, SenderFactory>> = { telegram: telegramSender, 'telegram-platform': platformTelegramSender, sim: simSender };
