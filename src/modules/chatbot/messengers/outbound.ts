/**
 * One message of a broadcast to one chat, on any messenger: the broadcast worker calls the sender of the
 * recipient's channel and gets back what became of it. Telegram sends through grammy; Viber through
 * `messengers/viber.ts` (the photo by its URL here, the link button as a keyboard button); the `sim`
 * channel writes to the /dev/bot simulator's log. A channel without a sender is skipped. Each sender
 * names its bot (`botKey`), so the worker paces it with the bot's own throttle (messengers/throttle.ts).
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { ChatChannel } from '../rules.js';
import { appendSimLog, findSettings } from '../repository.js';
import { openSecret } from '../../../core/security/secret-box.js';
import { telegramApi } from './telegram.js';
import { botKey } from './throttle.js';
import { VIBER_RATE_BREACH, VIBER_RECEIVER_GONE, ViberError, viberApi, viberBroadcastMessages } from './viber.js';

export interface Outgoing {
  text: string;
  /** A JPEG, Telegram's id for it once uploaded (then the bytes are not sent again), and its public URL (Viber fetches it). */
  photo: { data: Buffer; telegramId: string | null; url: string } | null;
  button: { label: string; url: string } | null;
}

export type SendOutcome =
  | { kind: 'sent'; telegramPhotoId?: string }
  /** The person blocked the bot (or deleted their account): they are unsubscribed. */
  | { kind: 'blocked' }
  | { kind: 'failed' }
  /** The messenger asked to slow down and did not take the message: it goes again after the pause. */
  | { kind: 'retry'; afterSeconds: number };

export interface Sender {
  /** The bot it sends as (messenger and a hash of the token): the key of its throttle. */
  bot: string;
  send(chatId: string, m: Outgoing): Promise<SendOutcome>;
}

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
  // grammy is loaded when a bot first sends, not with the platform (a third of a second of every start).
  const { GrammyError, InputFile } = await import('grammy');
  const send = async (chatId: string, m: Outgoing): Promise<SendOutcome> => {
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
  return { bot: botKey('telegram', token), send };
}

const viberSender: SenderFactory = async (ctx, c) => {
  const s = await findSettings(ctx.db, c.id);
  if (!s?.enabled || !s.viberTokenSealed) return null;
  const token = openSecret(ctx.config.secretKey, `chatbot:viber:${c.id}`, s.viberTokenSealed);
  return token ? viberSenderOf(ctx, token, c.name.uk) : null;
};

/** The platform's one Viber bot (PLATFORM_VIBER_TOKEN) sends to the chats that picked this community in it. */
const platformViberSender: SenderFactory = async (ctx, c) => {
  const token = ctx.config.platformBot.viberToken;
  return token ? viberSenderOf(ctx, token, c.name.uk) : null;
};

/**
 * Viber: status 5 or 6 (not registered, not subscribed: the person left) is `blocked`; status 12 or HTTP
 * 429 (rate control breach) is `retry` (not waited out here: the worker pauses the bot and queues the
 * message again); any other refusal, HTTP error or timeout is `failed`.
 */
function viberSenderOf(ctx: CoreContext, token: string, senderName: string): Sender {
  const api = viberApi(ctx, token, { retries: 0 });
  const send = async (chatId: string, m: Outgoing): Promise<SendOutcome> => {
    const messages = viberBroadcastMessages({ text: m.text, photoUrl: m.photo?.url ?? null, button: m.button }, senderName);
    try {
      for (const message of messages) await api.sendMessage(chatId, message);
      return { kind: 'sent' };
    } catch (e) {
      // Never log the error: it is enough to know what became of the message.
      if (e instanceof ViberError) {
        if (VIBER_RECEIVER_GONE.has(e.status)) return { kind: 'blocked' };
        if (e.status === VIBER_RATE_BREACH) return { kind: 'retry', afterSeconds: e.retryAfter ?? 1 };
      }
      return { kind: 'failed' };
    }
  };
  return { bot: botKey('viber', token), send };
}

/** The simulator: the broadcast appears in the simulated chat, as a messenger would show it. */
const simSender: SenderFactory = async (ctx, c) => ({
  bot: `sim:${c.id}`,
  send: async (chatId, m) => {
    const lines = [...(m.photo ? ['🖼'] : []), m.text, ...(m.button ? [`🔗 ${m.button.label}: ${m.button.url}`] : [])];
    await appendSimLog(ctx.db, c.id, chatId, [{ fromBot: true, body: lines.join('\n'), buttons: [] }], ctx.clock.now());
    return { kind: 'sent' };
  },
});

export const SENDERS: Record<ChatChannel, SenderFactory> = {
  telegram: telegramSender,
  'telegram-platform': platformTelegramSender,
  viber: viberSender,
  'viber-platform': platformViberSender,
  sim: simSender,
};
