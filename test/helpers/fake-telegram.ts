/**
 * A local fake of the Telegram Bot API (https://core.telegram.org/bots/api) for tests: the methods the
 * chat-bot calls (getMe, sendMessage, sendPhoto, answerCallbackQuery, setWebhook, deleteWebhook) at
 * `POST /bot<token>/<method>`, for the tokens it was given. It records every call, so a test reads what
 * the bot sent, and can answer the next calls with 429 (`retry_after`) as Telegram's flood control does,
 * or a blocked chat's messages with 403. sendPhoto takes a file upload (multipart) or a file id.
 * Also builds the updates Telegram would post to a webhook.
 */
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
  /** Chats (ids as text) whose person blocked the bot: messages to them get 403, as from Telegram. */
  blocked: Set<string>;
  /** The calls of one method, oldest first. */
  callsOf(method: string): TelegramCall[];
  /** The webhook a bot was last given (setWebhook), null after deleteWebhook. */
  webhook(token: string): { url: string; secretToken: string } | null;
  close(): Promise<void>;
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const webhooks = new Map<string, { url: string; secretToken: string } | null>();
  let messageId = 1000;
  const fake: FakeTelegram = {
    url: '',
    bots: new Map(),
    calls: [],
    floodNext: 0,
    blocked: new Set(),
    callsOf: (method) => fake.calls.filter((c) => c.method === method),
    webhook: (token) => webhooks.get(token) ?? null,
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
        case 'deleteWebhook':
          webhooks.set(token, null);
          return send(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
        default:
          return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      }
    });
  });
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
