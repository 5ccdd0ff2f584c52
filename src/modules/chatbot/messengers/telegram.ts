/**
 * Telegram through grammy's `Api`: the community's own bot, its webhook secrets, reading an update into
 * the dialogue's input, and sending replies as messages with inline keyboards. The dialogue itself is
 * rules.ts, the same for every messenger.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Api, Transformer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { CoreContext } from '../../../core/context.js';
import { isLang, type Lang } from '../../../core/i18n/index.js';
import type { Incoming, Reply } from '../rules.js';
import { throttleFor } from './throttle.js';

/** The job that answers one update, so that the webhook itself answers Telegram at once. */
export const TELEGRAM_UPDATE_JOB = 'chatbot.telegram-update';

/** The longest pause Telegram may ask for (429 `retry_after`) that a call waits out; longer fails the job, which the queue retries later. */
const MAX_RETRY_AFTER_SECONDS = 30;
const RETRIES = 3;
/** Telegram's own limit of a message: an appeal's text is one message (rules/appeals.ts). */
const MAX_INPUT = 4096;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** On 429 Too Many Requests, wait what Telegram says and try again (a few times). */
const retryOn429: Transformer = async (prev, method, payload, signal) => {
  for (let attempt = 0; ; attempt++) {
    const res = await prev(method, payload, signal);
    const wait = !res.ok && res.error_code === 429 ? (res.parameters?.retry_after ?? 1) : null;
    if (wait === null || attempt >= RETRIES || wait > MAX_RETRY_AFTER_SECONDS) return res;
    await sleep(wait * 1000);
  }
};

/** The bot's API client; grammy is loaded on first use (issue #19: start time and memory). */
export async function telegramApi(ctx: CoreContext, token: string): Promise<Api> {
  const { Api: TelegramApi } = await import('grammy');
  const api = new TelegramApi(token, { apiRoot: ctx.config.telegramApiRoot });
  api.config.use(retryOn429);
  return api;
}

/**
 * The webhook's two secrets, derived from SECRET_KEY and the token (so a new token changes both, and
 * nothing more is stored): one in the URL path, one that Telegram sends back in
 * `X-Telegram-Bot-Api-Secret-Token` (setWebhook's `secret_token`: 1–256 of A–Z a–z 0–9 _ -).
 */
export function webhookSecrets(secretKey: string, communityId: number, token: string): { path: string; header: string } {
  const mac = (label: string) => createHmac('sha256', secretKey).update(`chatbot:telegram:${label}:${communityId}:${token}`).digest('base64url');
  return { path: mac('path').slice(0, 32), header: mac('header') };
}

export function sameSecret(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function webhookUrl(publicUrl: string, slug: string, pathSecret: string): string {
  return `${publicUrl}/bots/telegram/${encodeURIComponent(slug)}/${pathSecret}`;
}

/** What the job needs of an update: nothing more of the person than the chat and what they sent. */
export interface TelegramTurn {
  updateId: number;
  chatId: string;
  input: Incoming;
  /** A button press, to be acknowledged (Telegram shows a spinner until then). */
  callbackQueryId: string | null;
  lang: Lang;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function chatIdOf(message: unknown): string | null {
  if (!isRecord(message) || !isRecord(message.chat)) return null;
  const id = message.chat.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : null;
}

function langOf(from: unknown): Lang {
  const code = isRecord(from) && typeof from.language_code === 'string' ? from.language_code.slice(0, 2) : '';
  // Ukrainian unless the person's Telegram is in English: the platform speaks these two.
  return code === 'en' ? 'en' : 'uk';
}

/** A message's text, shared location or photo (its largest size, by file id); null for anything else. */
function messageInput(m: Record<string, unknown>): Incoming | null {
  if (typeof m.text === 'string') return { kind: 'text', text: m.text.slice(0, MAX_INPUT) };
  const loc = m.location;
  if (isRecord(loc) && typeof loc.latitude === 'number' && typeof loc.longitude === 'number') {
    if (Math.abs(loc.latitude) > 90 || Math.abs(loc.longitude) > 180) return null;
    return { kind: 'location', lat: loc.latitude, lng: loc.longitude };
  }
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    const largest: unknown = m.photo[m.photo.length - 1];
    if (isRecord(largest) && typeof largest.file_id === 'string' && largest.file_id.length <= 200) return { kind: 'photo', fileId: largest.file_id };
  }
  return null;
}

/** A text message, location or photo, or a button press, of a private chat; null for anything else (stickers, edits, groups). */
export function readUpdate(update: unknown): TelegramTurn | null {
  if (!isRecord(update) || typeof update.update_id !== 'number') return null;
  const updateId = update.update_id;
  const m = update.message;
  if (isRecord(m) && isRecord(m.chat) && m.chat.type === 'private') {
    const chatId = chatIdOf(m);
    const input = messageInput(m);
    if (!chatId || !input) return null;
    return { updateId, chatId, input, callbackQueryId: null, lang: langOf(m.from) };
  }
  const cb = update.callback_query;
  if (isRecord(cb) && typeof cb.id === 'string' && typeof cb.data === 'string') {
    const chatId = chatIdOf(cb.message);
    if (!chatId) return null;
    return { updateId, chatId, input: { kind: 'button', data: cb.data.slice(0, 64) }, callbackQueryId: cb.id, lang: langOf(cb.from) };
  }
  return null;
}

export function isTelegramTurn(v: unknown): v is TelegramTurn {
  if (!isRecord(v) || !isRecord(v.input)) return false;
  const inputOk =
    (v.input.kind === 'text' && typeof v.input.text === 'string') ||
    (v.input.kind === 'button' && typeof v.input.data === 'string') ||
    (v.input.kind === 'location' && typeof v.input.lat === 'number' && typeof v.input.lng === 'number') ||
    (v.input.kind === 'photo' && typeof v.input.fileId === 'string');
  return (
    typeof v.updateId === 'number' &&
    typeof v.chatId === 'string' &&
    inputOk &&
    (v.callbackQueryId === null || typeof v.callbackQueryId === 'string') &&
    isLang(v.lang)
  );
}

function keyboard(reply: Reply): InlineKeyboardMarkup | undefined {
  if (reply.buttons.length === 0) return undefined;
  return { inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) };
}

/** Downloads a photo the person sent (getFile, then the file itself from the Bot API's file root). */
export async function downloadTelegramFile(ctx: CoreContext, api: Api, token: string, fileId: string, maxBytes: number): Promise<Buffer> {
  const file = await api.getFile(fileId);
  if (!file.file_path || (file.file_size ?? 0) > maxBytes) throw new Error('telegram file unavailable or too large');
  const res = await fetch(`${ctx.config.telegramApiRoot}/file/bot${token}/${file.file_path}`);
  if (!res.ok) throw new Error(`telegram file download: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > maxBytes) throw new Error('telegram file too large');
  return body;
}

export async function sendTelegramReplies(api: Api, chatId: string, replies: readonly Reply[]): Promise<void> {
  for (const r of replies) {
    const markup = keyboard(r);
    await throttleFor('telegram', api.token).wait(chatId);
    await api.sendMessage(chatId, r.text, markup ? { reply_markup: markup, link_preview_options: { is_disabled: true } } : {});
  }
}
