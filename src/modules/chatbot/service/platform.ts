/**
 * The platform's one bot in Telegram (PLATFORM_TELEGRAM_TOKEN) and in Viber (PLATFORM_VIBER_TOKEN), beside
 * the communities' own: a person first picks their community (typing part of its name, or from the
 * buttons), the choice is remembered per chat, and from then on the chat is that community's dialogue
 * (rules.ts, through `handleMessage`) on the channel `telegram-platform` or `viber-platform`; «Змінити
 * громаду» in the settings (or /community) picks another. /stop (and, in Viber, leaving the bot) deletes
 * the subscription and the remembered choice: a chat id is kept only while it is in use. Both messengers
 * go through the same `platformTurn`; only reading the update and sending the replies differ.
 */
import { createHash } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById, searchCommunities } from '../../../core/communities/communities-repository.js';
import { pick, plural, type Lang } from '../../../core/i18n/index.js';
import type { Button, Incoming, Reply } from '../rules.js';
import { deleteSubscriber } from '../repository.js';
import { deletePlatformChoice, findPlatformChoice, savePlatformChoice } from '../repository/bots.js';
import { handleMessage } from '../service.js';
import { isTelegramTurn, sendTelegramReplies, telegramApi, webhookSecrets } from '../messengers/telegram.js';
import { isViberTurn, sendViberReplies, viberApi, viberMessage, viberPathSecret, type ViberTextMessage } from '../messengers/viber.js';

export const PLATFORM_TELEGRAM_JOB = 'chatbot.platform-telegram-update';
export const PLATFORM_VIBER_JOB = 'chatbot.platform-viber-event';
/** The name Viber shows above the platform bot's messages. */
const PLATFORM_SENDER = 'Віче';

const MAX_CHOICES = 8;
const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);

const communityButtons = (cs: readonly Community[], lang: Lang): Button[][] =>
  cs.slice(0, MAX_CHOICES).map((c) => [{ label: pick(c.name, lang), data: `pc:${c.id}` }]);

async function picker(ctx: CoreContext, lang: Lang, query: string | null): Promise<Reply> {
  if (query === null) {
    const all = await searchCommunities(ctx.db, {});
    return {
      text: tx(
        lang,
        'Це бот платформи Віче. Оберіть свою громаду: напишіть частину її назви (наприклад, «Львів») або натисніть кнопку.',
        'This is the Viche platform bot. Choose your community: type part of its name (e.g. “Lviv”) or press a button.',
      ),
      buttons: communityButtons(all, lang),
    };
  }
  const found = await searchCommunities(ctx.db, { q: query });
  if (found.length === 0) {
    return {
      text: tx(lang, `Громади «${query}» не знайдено. Спробуйте іншу частину назви.`, `No community “${query}” found. Try another part of the name.`),
      buttons: communityButtons(await searchCommunities(ctx.db, {}), lang),
    };
  }
  const count = plural(found.length, { uk: ['громаду', 'громади', 'громад'], en: ['community', 'communities'] }, lang);
  return {
    text:
      tx(lang, `Знайдено ${count}. Оберіть свою:`, `Found ${count}. Choose yours:`) +
      (found.length > MAX_CHOICES ? tx(lang, ' (уточніть назву, щоб побачити решту)', ' (type more of the name to see the rest)') : ''),
    buttons: communityButtons(found, lang),
  };
}

const changeButton = (lang: Lang): Button => ({ label: tx(lang, '🏘 Змінити громаду', '🏘 Change community'), data: 'community' });

/** One turn of a chat with the platform bot. */
export async function platformTurn(
  ctx: CoreContext,
  o: { messenger: 'telegram' | 'viber'; chatId: string; input: Incoming; fallbackLang: Lang; now: Date },
): Promise<Reply[]> {
  const channel = o.messenger === 'telegram' ? 'telegram-platform' : 'viber-platform';
  const lang = o.fallbackLang;
  const text = o.input.kind === 'text' ? o.input.text.trim() : '';
  const press = o.input.kind === 'button' ? o.input.data : null;
  const command = text.startsWith('/') ? text.slice(1).split(/[\s@]/)[0]!.toLowerCase() : null;
  const chosenId = await findPlatformChoice(ctx.db, o.messenger, o.chatId);
  const chosen = chosenId === null ? null : await findCommunityById(ctx.db, chosenId);

  const picked = press ? /^pc:(\d{1,9})$/.exec(press)?.[1] : undefined;
  if (picked !== undefined) {
    const c = await findCommunityById(ctx.db, Number(picked));
    if (!c || c.status !== 'connected') return [await picker(ctx, lang, null)];
    // One community per chat: the previous one's subscription through this bot goes.
    if (chosen && chosen.id !== c.id) await deleteSubscriber(ctx.db, chosen.id, channel, o.chatId);
    await savePlatformChoice(ctx.db, o.messenger, o.chatId, c.id, o.now);
    const replies = await handleMessage(ctx, {
      community: c,
      channel,
      chatId: o.chatId,
      input: { kind: 'button', data: 'start' },
      fallbackLang: lang,
      now: o.now,
    });
    return [{ text: tx(lang, `Вашу громаду обрано: ${c.name.uk}.`, `Your community is chosen: ${c.name.en}.`), buttons: [] }, ...replies];
  }
  if (press === 'community' || command === 'community') return [await picker(ctx, lang, null)];
  if (!chosen) {
    if (command === 'stop') {
      return [
        { text: tx(lang, 'Вас не підписано; нічого про цей чат не збережено.', 'You are not subscribed; nothing about this chat is kept.'), buttons: [] },
      ];
    }
    return [await picker(ctx, lang, text && command === null && [...text].length >= 2 ? text.slice(0, 100) : null)];
  }
  const replies = await handleMessage(ctx, { community: chosen, channel, chatId: o.chatId, input: o.input, fallbackLang: lang, now: o.now });
  if (command === 'stop') await deletePlatformChoice(ctx.db, o.messenger, o.chatId);
  // The settings (they hold the language buttons) also offer another community.
  return replies.map((r) =>
    r.buttons.some((row) => row.some((b) => b.data.startsWith('lang:')))
      ? { ...r, buttons: [...r.buttons.slice(0, -1), [changeButton(lang)], ...r.buttons.slice(-1)] }
      : r,
  );
}

/** The job behind the platform bot's webhook (or polling): answer one Telegram update. */
export async function answerPlatformTelegramUpdate(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const turn = payload.turn;
  const token = ctx.config.platformBot.telegramToken;
  if (!token || !isTelegramTurn(turn)) return;
  const api = await telegramApi(ctx, token);
  if (turn.callbackQueryId) await api.answerCallbackQuery(turn.callbackQueryId);
  const replies = await platformTurn(ctx, { messenger: 'telegram', chatId: turn.chatId, input: turn.input, fallbackLang: turn.lang, now: ctx.clock.now() });
  await sendTelegramReplies(api, turn.chatId, replies);
}

/** The job behind the platform's Viber webhook: answer one callback (a message, a button, a subscription). */
export async function answerPlatformViberEvent(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const turn = payload.turn;
  const token = ctx.config.platformBot.viberToken;
  if (!token || !isViberTurn(turn)) return;
  const replies = await platformTurn(ctx, { messenger: 'viber', chatId: turn.chatId, input: turn.input, fallbackLang: turn.lang, now: ctx.clock.now() });
  await sendViberReplies(viberApi(ctx, token), turn.chatId, replies, PLATFORM_SENDER);
}

/** `conversation_started`: the greeting is the community picker, sent as the webhook's answer (nothing is stored). */
export async function platformViberWelcome(ctx: CoreContext, lang: Lang): Promise<ViberTextMessage> {
  return viberMessage(await picker(ctx, lang, null), PLATFORM_SENDER);
}

/** The person left the platform bot in Viber: their subscription (to the community they picked) and the choice go. */
export async function forgetPlatformViberChat(ctx: CoreContext, chatId: string): Promise<void> {
  const chosen = await findPlatformChoice(ctx.db, 'viber', chatId);
  if (chosen !== null) await deleteSubscriber(ctx.db, chosen, 'viber-platform', chatId);
  await deletePlatformChoice(ctx.db, 'viber', chatId);
}

/** The platform's Viber webhook path secret (derived as a community bot's is, with community 0). */
export const platformViberPathSecret = (ctx: CoreContext, token: string): string => viberPathSecret(ctx.config.secretKey, 0, token);

/** The platform bot's webhook URL; its secrets are derived as a community bot's are, with community 0. */
export function platformWebhook(ctx: CoreContext, token: string): { url: string; header: string; path: string } {
  const secrets = webhookSecrets(ctx.config.secretKey, 0, token);
  return { url: `${ctx.config.publicUrl}/bots/platform/telegram/${secrets.path}`, header: secrets.header, path: secrets.path };
}

/** Tokens (hashed) whose webhook this instance has set. */
const webhookSet = new Set<string>();

/** On the worker's tick: once per instance, point the platform bots' webhooks here (Telegram's not when polling). */
export async function ensurePlatformWebhook(ctx: CoreContext): Promise<void> {
  await ensurePlatformViberWebhook(ctx);
  const token = ctx.config.platformBot.telegramToken;
  if (!token || ctx.config.telegramPolling) return;
  const key = createHash('sha256').update(token).digest('base64url');
  if (webhookSet.has(key)) return;
  const hook = platformWebhook(ctx, token);
  try {
    await (await telegramApi(ctx, token)).setWebhook(hook.url, { secret_token: hook.header, allowed_updates: ['message', 'callback_query'] });
    webhookSet.add(key);
  } catch (e) {
    ctx.log.warn({ err: e instanceof Error ? e.message.replace(token, '…') : 'unknown' }, 'platform bot: setWebhook failed');
  }
}

/** Viber has no polling: its webhook is set once per instance (Viber checks it at once with a signed callback). */
async function ensurePlatformViberWebhook(ctx: CoreContext): Promise<void> {
  const token = ctx.config.platformBot.viberToken;
  if (!token) return;
  const key = `viber:${createHash('sha256').update(token).digest('base64url')}`;
  if (webhookSet.has(key)) return;
  try {
    await viberApi(ctx, token).setWebhook(`${ctx.config.publicUrl}/bots/platform/viber/${platformViberPathSecret(ctx, token)}`);
    webhookSet.add(key);
  } catch (e) {
    ctx.log.warn({ err: e instanceof Error ? e.message.replace(token, '…') : 'unknown' }, 'platform bot: Viber set_webhook failed');
  }
}
