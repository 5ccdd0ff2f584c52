/**
 * A local fake of the Telegram Bot API (https://core.telegram.org/bots/api) for tests: the methods the
 * chat-bot calls (getMe, sendMessage, sendPhoto, answerCallbackQuery, setWebhook, deleteWebhook, getUpdates,
 * getFile) at `POST /bot<token>/<method>`, for the tokens it was given, and the files of `files` at
 * `GET /file/bot<token>/<file_path>`. It records every call, so a test reads what the bot sent, and can
 * answer the next calls with 429 (`retry_after`) as Telegram's flood control does, or a blocked chat's
 * messages with 403. sendPhoto takes a file upload (multipart) or a file id.
 * Also builds the updates Telegram would post to a webhook.
 */
import { sql } from 'kysely';
import type { TestApp } from './test-app.js';
import { sealSecret } from '../../src/core/security/secret-box.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
  token: string;
  method: string;
  payload: Record<string, unknown>;
}

export interface FakeTelegram {
  /** The API root to give grammy (`apiRoot`). */
  url: string;
  /** token → the bot's username; other tokens get 401 Unauthorized, as from Telegram. */
  bots: Map<string, string>;
  calls: TelegramCall[];
  /** How many of the next calls get 429 Too Many Requests with `retry_after` 1. */
  floodNext: number;
  /** Files people "sent" (photos): file_id → its bytes, served as Telegram serves them. */
  files: Map<string, Buffer>;
  /** Chats (ids as text) whose person blocked the bot: messages to them get 403, as from Telegram. */
  blocked: Set<string>;
  /** The calls of one method, oldest first. */
  callsOf(method: string): TelegramCall[];
  /** The webhook a bot was last given (setWebhook), null after deleteWebhook. */
  webhook(token: string): { url: string; secretToken: string } | null;
  /** Holds an update for the bot's getUpdates (long polling), until a call with a greater offset confirms it. */
  queueUpdate(token: string, update: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const webhooks = new Map<string, { url: string; secretToken: string } | null>();
  const pending = new Map<string, Record<string, unknown>[]>();
  let messageId = 1000;
  const fake: FakeTelegram = {
    url: '',
    bots: new Map(),
    calls: [],
    floodNext: 0,
    files: new Map(),
    blocked: new Set(),
    callsOf: (method) => fake.calls.filter((c) => c.method === method),
    webhook: (token) => webhooks.get(token) ?? null,
    queueUpdate: (token, update) => {
      const list = pending.get(token) ?? [];
      list.push(update);
      pending.set(token, list);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const file = /^\/file\/bot([^/]+)\/photos\/([A-Za-z0-9_-]+)\.jpg$/.exec(req.url ?? '');
      if (req.method === 'GET' && file) {
        const body = fake.bots.has(decodeURIComponent(file[1]!)) ? fake.files.get(file[2]!) : undefined;
        if (!body) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
      }
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const token = decodeURIComponent(m[1]!);
      const method = m[2]!;
      let payload: Record<string, unknown> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(String(req.headers['content-type'] ?? ''))?.[1];
      if (boundary) {
        // A file upload (sendPhoto with the photo's bytes): the text parts are the payload (grammy names the file `attach://…`).
        for (const part of raw.split(`--${boundary}`)) {
          const m = /name="([^"]+)"(; filename="[^"]*")?[^]*?\r\n\r\n([^]*)\r\n$/.exec(part);
          if (m && !m[2]) payload[m[1]!] = m[3]!;
        }
      } else if (raw) {
        try {
          payload = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: cannot parse JSON' });
        }
      }
      const username = fake.bots.get(token);
      if (!username) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (fake.floodNext > 0) {
        fake.floodNext--;
        return send(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      }
      fake.calls.push({ token, method, payload });
      if ((method === 'sendMessage' || method === 'sendPhoto') && fake.blocked.has(String(payload.chat_id))) {
        return send(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      }
      const botId = Number(token.split(':')[0]);
      switch (method) {
        case 'getMe':
          return send(res, 200, {
            ok: true,
            result: {
              id: botId,
              is_bot: true,
              first_name: username,
              username,
              can_join_groups: false,
              can_read_all_group_messages: false,
              supports_inline_queries: false,
            },
          });
        case 'sendMessage':
          if (typeof payload.text !== 'string' || payload.text === '' || payload.chat_id === undefined) {
            return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
          }
          return send(res, 200, {
            ok: true,
            result: {
              message_id: ++messageId,
              date: Math.floor(Date.now() / 1000),
              chat: { id: Number(payload.chat_id), type: 'private' },
              text: payload.text,
            },
          });
        case 'getFile': {
          const id = String(payload.file_id ?? '');
          const body = fake.files.get(id);
          if (!body) return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
          return send(res, 200, { ok: true, result: { file_id: id, file_unique_id: `u-${id}`, file_size: body.length, file_path: `photos/${id}.jpg` } });
        }
        case 'sendPhoto':
          if (payload.photo === undefined || payload.chat_id === undefined) {
            return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no photo in the request' });
          }
          return send(res, 200, {
            ok: true,
            result: {
              message_id: ++messageId,
              date: Math.floor(Date.now() / 1000),
              chat: { id: Number(payload.chat_id), type: 'private' },
              photo: [
                {
                  file_id: String(payload.photo).startsWith('attach://') ? `photo-${messageId}` : String(payload.photo),
                  file_unique_id: 'u',
                  width: 100,
                  height: 100,
                },
              ],
              caption: payload.caption,
            },
          });
        case 'answerCallbackQuery':
          return send(res, 200, { ok: true, result: true });
        case 'setWebhook':
          webhooks.set(token, { url: String(payload.url), secretToken: String(payload.secret_token ?? '') });
          return send(res, 200, { ok: true, result: true, description: 'Webhook was set' });
        case 'getUpdates': {
          // As Telegram: not while a webhook is set; an offset confirms (drops) every earlier update.
          if (webhooks.get(token))
            return send(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active" });
          const offset = typeof payload.offset === 'number' ? payload.offset : 0;
          const left = (pending.get(token) ?? []).filter((u) => Number(u.update_id) >= offset);
          pending.set(token, left);
          const limit = typeof payload.limit === 'number' ? payload.limit : 100;
          return send(res, 200, { ok: true, result: left.slice(0, limit) });
        }
        case 'deleteWebhook':
          webhooks.set(token, null);
          return send(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
        default:
          return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      }
    });
  });
  // Idle connections stay open longer than any test's pause, so a client never reuses a socket the fake is
  // closing (a reset that would count as a failed send, which no real Telegram outage caused).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

let updateId = 5000;

/** A private chat's text message, as Telegram posts it to a webhook. */
export function textUpdate(chatId: number, text: string, languageCode = 'uk'): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Тест', language_code: languageCode };
  return {
    update_id: ++updateId,
    message: { message_id: updateId, date: 1_700_000_000, chat: { id: chatId, type: 'private', first_name: 'Тест' }, from, text },
  };
}

/** A press of an inline keyboard's button under one of the bot's messages. */
export function buttonUpdate(chatId: number, data: string, languageCode = 'uk'): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Тест', language_code: languageCode };
  return {
    update_id: ++updateId,
    callback_query: {
      id: `cb-${updateId}`,
      from,
      chat_instance: 'ci-1',
      data,
      message: { message_id: 1, date: 1_700_000_000, chat: { id: chatId, type: 'private', first_name: 'Тест' }, text: '…' },
    },
  };
}

/** A location shared in a private chat (📎 → Location). */
export function locationUpdate(chatId: number, latitude: number, longitude: number): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Тест', language_code: 'uk' };
  return {
    update_id: ++updateId,
    message: { message_id: updateId, date: 1_700_000_000, chat: { id: chatId, type: 'private', first_name: 'Тест' }, from, location: { latitude, longitude } },
  };
}

/** A photo sent in a private chat: Telegram lists its sizes, the largest last. */
export function photoUpdate(chatId: number, fileId: string): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Тест', language_code: 'uk' };
  const size = (suffix: string, w: number) => ({ file_id: `${fileId}${suffix}`, file_unique_id: `u${fileId}${suffix}`, width: w, height: (w * 3) / 4 });
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 1_700_000_000,
      chat: { id: chatId, type: 'private', first_name: 'Тест' },
      from,
      photo: [size('s', 90), size('m', 320), size('', 1280)],
    },
  };
}

/** Connects the community's bot to the fake, as the moderator's form would leave it (without calling Telegram); returns the community's id. */
export async function connectFakeBot(t: TestApp, tg: FakeTelegram, slug: string, token: string, username: string): Promise<number> {
  tg.bots.set(token, username);
  t.ctx.config.telegramApiRoot = tg.url;
  const id = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const sealed = sealSecret(t.ctx.config.secretKey, `chatbot:telegram:${id}`, token);
  await sql`update chatbot_settings set enabled = true, telegram_token_sealed = ${sealed} where community_id = ${id}`.execute(t.ctx.db);
  return id;
}
