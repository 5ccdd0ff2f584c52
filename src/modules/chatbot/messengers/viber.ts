/**
 * Viber through its REST bot API (https://developers.viber.com/docs/api/rest-bot-api/): a small typed
 * client over fetch (the `viber-bot` package is an Express server of 2019 with old dependencies, so it is
 * not used), the checks of a callback's signature, reading a callback into the dialogue's input, and
 * sending replies as messages with Viber keyboards built from the same `Reply.buttons` Telegram shows.
 *
 * The API root comes from VIBER_API_ROOT (`ctx.config.viberApiRoot`); each call is
 * `POST {root}/{method}` with the bot's token in `X-Viber-Auth-Token`, and Viber answers HTTP 200 with
 * `status` 0 on success. A rate breach (status 12, or HTTP 429) is waited out and tried again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import { isLang, type Lang } from '../../../core/i18n/index.js';
import type { Incoming, Reply } from '../rules.js';
import { throttleFor } from './throttle.js';

/** The job that answers one callback, so that the webhook itself answers Viber at once. */
export const VIBER_EVENT_JOB = 'chatbot.viber-event';

/** Viber's status for «rate control breach». */
const RATE_BREACH = 12;
const MAX_RETRY_AFTER_SECONDS = 30;
const RETRIES = 3;
/** Viber shows the sender's name above each message: at most 28 characters. */
const MAX_SENDER_NAME = 28;
/** What a keyboard button sends back: its `data`, marked so that a button press is told from typed text. */
const BUTTON_PREFIX = 'btn:';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call Viber refused (`status` other than 0, or an HTTP error); never carries the token. */
export class ViberError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    message: string,
    /** For a rate breach: the seconds Viber asked to wait (Retry-After, else 1). */
    readonly retryAfter: number | null = null,
  ) {
    super(`viber ${method}: ${status} ${message}`.slice(0, 300));
  }
}

/** Viber's statuses (https://developers.viber.com/docs/api/rest-bot-api/#error-codes) that mean the person is gone. */
export const VIBER_RECEIVER_GONE = new Set([
  5, // receiverNotRegistered
  6, // receiverNotSubscribed
]);
export const VIBER_RATE_BREACH = RATE_BREACH;

export interface ViberKeyboardButton {
  Columns: number;
  Rows: number;
  /** `reply` sends ActionBody back as the person's message; `open-url` opens ActionBody in the browser. */
  ActionType: 'reply' | 'open-url';
  ActionBody: string;
  Text: string;
  Silent: boolean;
}

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: boolean;
  Buttons: ViberKeyboardButton[];
}

export interface ViberTextMessage {
  sender: { name: string };
  type: 'text';
  text: string;
  min_api_version: number;
  keyboard?: ViberKeyboard;
}

/** A photo Viber fetches from `media` (a JPEG of at most 1 MB), with an optional description under it. */
export interface ViberPictureMessage {
  sender: { name: string };
  type: 'picture';
  /** At most 768 characters (VIBER_PICTURE_TEXT). */
  text: string;
  media: string;
  min_api_version: number;
  keyboard?: ViberKeyboard;
}

export type ViberMessage = ViberTextMessage | ViberPictureMessage;

/** The longest description of a picture message Viber takes. */
export const VIBER_PICTURE_TEXT = 768;

export interface ViberApi {
  readonly token: string;
  getAccountInfo(): Promise<{ id: string; name: string; uri: string }>;
  /** `url` '' removes the webhook. */
  setWebhook(url: string): Promise<void>;
  sendMessage(receiver: string, message: ViberMessage): Promise<void>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `retries`: how often a rate breach is waited out here (replies); a broadcast passes 0 and leaves the
 * pause to its pacer, so the message goes back to the queue instead of holding a send open.
 */
export function viberApi(ctx: CoreContext, token: string, o: { retries?: number } = {}): ViberApi {
  const root = ctx.config.viberApiRoot;
  const retries = o.retries ?? RETRIES;
  const call = async (method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${root}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-viber-auth-token': token },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const json: unknown = await res.json().catch(() => null);
      const status = isRecord(json) && typeof json.status === 'number' ? json.status : null;
      const breach = res.status === 429 || status === RATE_BREACH;
      if (breach) {
        const header = Number(res.headers.get('retry-after'));
        const wait = Number.isFinite(header) && header > 0 ? header : 1;
        if (attempt < retries && wait <= MAX_RETRY_AFTER_SECONDS) {
          await sleep(wait * 1000);
          continue;
        }
        throw new ViberError(method, RATE_BREACH, 'rate control breach', wait);
      }
      if (!res.ok || !isRecord(json)) throw new ViberError(method, res.status, `HTTP ${res.status}`);
      if (status !== 0) throw new ViberError(method, status ?? -1, typeof json.status_message === 'string' ? json.status_message : 'refused');
      return json;
    }
  };
  return {
    token,
    async getAccountInfo() {
      const r = await call('get_account_info', {});
      return { id: String(r.id ?? ''), name: String(r.name ?? ''), uri: String(r.uri ?? '') };
    },
    async setWebhook(url) {
      await call(
        'set_webhook',
        url ? { url, event_types: ['subscribed', 'unsubscribed', 'conversation_started'], send_name: false, send_photo: false } : { url: '' },
      );
    },
    async sendMessage(receiver, message) {
      await call('send_message', { receiver, ...message });
    },
  };
}

/** The webhook's path secret, from SECRET_KEY and the token (a new token changes it; nothing more is stored). */
export function viberPathSecret(secretKey: string, communityId: number, token: string): string {
  return createHmac('sha256', secretKey).update(`chatbot:viber:path:${communityId}:${token}`).digest('base64url').slice(0, 32);
}

export function viberWebhookUrl(publicUrl: string, slug: string, pathSecret: string): string {
  return `${publicUrl}/bots/viber/${encodeURIComponent(slug)}/${pathSecret}`;
}

/** `X-Viber-Content-Signature`: HMAC-SHA256 of the raw body with the bot's token, in hex. */
export function viberSignature(token: string, raw: Buffer | string): string {
  return createHmac('sha256', token).update(raw).digest('hex');
}

export function validViberSignature(token: string, raw: Buffer, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(viberSignature(token, raw), 'hex'), Buffer.from(given, 'hex'));
}

/** What the job needs of a callback: the chat (Viber's user id) and what was sent, nothing more of the person. */
export interface ViberTurn {
  /** Viber's `message_token` (a number, sent as text here): one job per callback. */
  eventId: string;
  chatId: string;
  input: Incoming;
  lang: Lang;
}

/** A callback the webhook acts on. */
export type ViberEvent =
  { kind: 'turn'; turn: ViberTurn } | { kind: 'unsubscribed'; chatId: string } | { kind: 'conversation-started'; lang: Lang } | { kind: 'ignored' };

function langOf(user: unknown): Lang {
  const code = isRecord(user) && typeof user.language === 'string' ? user.language.slice(0, 2).toLowerCase() : '';
  return code === 'en' ? 'en' : 'uk';
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);
const tokenOf = (v: unknown): string => (typeof v === 'number' || typeof v === 'string' ? String(v).slice(0, 40) : '');

/** The longest media URL of a picture kept (Viber's are signed CDN links of a few hundred characters). */
const MAX_MEDIA_URL = 2048;

/** A photo's media URL Viber gave: http(s) only, nothing else is fetched. */
function mediaUrlOf(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > MAX_MEDIA_URL) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * A message's text or button press, shared location (`location: { lat, lon }`) or picture (its `media`
 * URL, fetched when the report is sent, as Telegram's photo is by its file id); null for anything else.
 */
function messageInput(m: Record<string, unknown>): Incoming | null {
  if (m.type === 'text' && typeof m.text === 'string') {
    return m.text.startsWith(BUTTON_PREFIX)
      ? { kind: 'button', data: m.text.slice(BUTTON_PREFIX.length, BUTTON_PREFIX.length + 64) }
      : { kind: 'text', text: m.text.slice(0, 4096) };
  }
  if (m.type === 'location' && isRecord(m.location)) {
    const { lat, lon } = m.location;
    if (typeof lat !== 'number' || typeof lon !== 'number' || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return { kind: 'location', lat, lng: lon };
  }
  if (m.type === 'picture') {
    const media = mediaUrlOf(m.media);
    return media ? { kind: 'photo', fileId: media } : null;
  }
  return null;
}

/** Reads a callback: a text message, location or picture or a button press, a (un)subscription, the opening of the chat; `ignored` otherwise. */
export function readViberEvent(body: unknown): ViberEvent {
  if (!isRecord(body)) return { kind: 'ignored' };
  const eventId = tokenOf(body.message_token);
  switch (body.event) {
    case 'message': {
      const sender = body.sender;
      const chatId = isRecord(sender) ? idOf(sender.id) : null;
      const input = isRecord(body.message) ? messageInput(body.message) : null;
      if (!chatId || !input || !eventId) return { kind: 'ignored' };
      return { kind: 'turn', turn: { eventId, chatId, input, lang: langOf(sender) } };
    }
    case 'subscribed': {
      const chatId = isRecord(body.user) ? idOf(body.user.id) : null;
      // Subscribing in Viber is /start here: the dialogue subscribes and greets.
      if (!chatId || !eventId) return { kind: 'ignored' };
      return { kind: 'turn', turn: { eventId, chatId, input: { kind: 'button', data: 'start' }, lang: langOf(body.user) } };
    }
    case 'unsubscribed': {
      const chatId = idOf(body.user_id);
      return chatId ? { kind: 'unsubscribed', chatId } : { kind: 'ignored' };
    }
    case 'conversation_started':
      return { kind: 'conversation-started', lang: langOf(body.user) };
    default:
      // `webhook` (set_webhook's check), `delivered`, `seen`, `failed`, …: nothing to do.
      return { kind: 'ignored' };
  }
}

export function isViberTurn(v: unknown): v is ViberTurn {
  if (!isRecord(v) || !isRecord(v.input)) return false;
  const inputOk =
    (v.input.kind === 'text' && typeof v.input.text === 'string') ||
    (v.input.kind === 'button' && typeof v.input.data === 'string') ||
    (v.input.kind === 'location' && typeof v.input.lat === 'number' && typeof v.input.lng === 'number') ||
    (v.input.kind === 'photo' && mediaUrlOf(v.input.fileId) !== null);
  return typeof v.eventId === 'string' && typeof v.chatId === 'string' && inputOk && isLang(v.lang);
}

/**
 * Downloads a picture the person sent from the media URL Viber gave: an image (by its content type) of at
 * most `maxBytes`, read no further than that; the URL is never logged (it grants access to the file).
 */
export async function downloadViberMedia(url: string, maxBytes: number): Promise<Buffer> {
  const media = mediaUrlOf(url);
  if (!media) throw new Error('viber media: not an http(s) URL');
  const res = await fetch(media, { signal: AbortSignal.timeout(20_000), redirect: 'follow' });
  if (!res.ok) throw new Error(`viber media download: ${res.status}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type.startsWith('image/')) throw new Error('viber media: not an image');
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) throw new Error('viber media too large');
  if (!res.body) throw new Error('viber media: empty');
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error('viber media too large');
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Viber's keyboard is 6 columns wide: each row's buttons share them. */
export function viberKeyboard(reply: Reply): ViberKeyboard | undefined {
  if (reply.buttons.length === 0) return undefined;
  const Buttons = reply.buttons.flatMap((row) =>
    row.map((b) => ({
      Columns: Math.max(1, Math.floor(6 / row.length)),
      Rows: 1,
      ActionType: 'reply' as const,
      ActionBody: `${BUTTON_PREFIX}${b.data}`,
      Text: b.label,
      // The press is not shown in the chat as a message of the person's.
      Silent: true,
    })),
  );
  return { Type: 'keyboard', DefaultHeight: false, Buttons };
}

/** One reply as a Viber text message (the sender's name shown above it is the community's). */
export function viberMessage(reply: Reply, senderName: string): ViberTextMessage {
  const keyboard = viberKeyboard(reply);
  // Keyboards with Silent buttons need API version 4 or later of the person's Viber.
  const message: ViberTextMessage = {
    sender: { name: [...senderName].slice(0, MAX_SENDER_NAME).join('') },
    type: 'text',
    text: reply.text,
    min_api_version: keyboard ? 4 : 1,
  };
  if (keyboard) message.keyboard = keyboard;
  return message;
}

/** Sends the replies in order, each when the throttle allows; a refusal throws (the job is retried). */
export async function sendViberReplies(api: ViberApi, chatId: string, replies: readonly Reply[], senderName: string): Promise<void> {
  for (const r of replies) {
    await throttleFor('viber', api.token).wait(chatId);
    await api.sendMessage(chatId, viberMessage(r, senderName));
  }
}

/** A broadcast in Viber: its photo (by URL, Viber fetches it), text and link button. */
export interface ViberBroadcast {
  text: string;
  photoUrl: string | null;
  button: { label: string; url: string } | null;
}

/**
 * A broadcast as Viber messages: a picture with the text under it (one message when the text fits in a
 * picture's description, else the picture and then the text), the link button as an `open-url` button of
 * the keyboard under the last one, beside «Меню» (the keyboard replaces the bot's menu until the next reply).
 */
export function viberBroadcastMessages(b: ViberBroadcast, senderName: string): ViberMessage[] {
  const sender = { name: [...senderName].slice(0, MAX_SENDER_NAME).join('') };
  const menu: ViberKeyboardButton = { Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: `${BUTTON_PREFIX}menu`, Text: '☰ Меню', Silent: true };
  const keyboard: ViberKeyboard | undefined = b.button
    ? {
        Type: 'keyboard',
        DefaultHeight: false,
        Buttons: [{ Columns: 6, Rows: 1, ActionType: 'open-url', ActionBody: b.button.url, Text: `🔗 ${b.button.label}`, Silent: true }, menu],
      }
    : undefined;
  const withKeyboard = <M extends ViberMessage>(m: M): M => (keyboard ? { ...m, keyboard, min_api_version: 4 } : m);
  if (!b.photoUrl) return [withKeyboard({ sender, type: 'text', text: b.text, min_api_version: 1 })];
  const fits = [...b.text].length <= VIBER_PICTURE_TEXT;
  const picture: ViberPictureMessage = { sender, type: 'picture', text: fits ? b.text : '', media: b.photoUrl, min_api_version: 1 };
  return fits ? [withKeyboard(picture)] : [picture, withKeyboard({ sender, type: 'text', text: b.text, min_api_version: 1 })];
}
