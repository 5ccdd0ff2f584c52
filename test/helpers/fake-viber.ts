/**
 * A local fake of Viber's REST bot API (https://developers.viber.com/docs/api/rest-bot-api/) for tests:
 * the methods the chat-bot calls (get_account_info, set_webhook, send_message) at `POST /pa/<method>`,
 * authenticated by `X-Viber-Auth-Token`, for the tokens it was given. It records every call, can fail the
 * next calls (HTTP 429 with Retry-After, status 12 «rate control breach», or HTTP 500), and pushes
 * callbacks into the webhook signed as Viber signs them (`X-Viber-Content-Signature`, HMAC-SHA256 of the
 * raw body with the token): `set_webhook` itself sends the `webhook` check and fails unless it gets 200.
 * `send_message` takes text and picture messages (a picture's `media` URL is fetched, as Viber does, through
 * `mediaFetcher` when set) and answers status 6 «receiverNotSubscribed» for the users in `unsubscribed`.
 * The pictures people "send" (`files`) are served at `GET /media/<name>` with their content type, as
 * Viber's media URLs serve them; `mediaUrl(name)` is the URL a picture message carries.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ViberCall {
  token: string;
  method: string;
  payload: Record<string, unknown>;
}

/** Delivers a callback to the app (the tests wire it to `app.inject`): the HTTP status and body of its answer. */
export type WebhookPoster = (url: string, raw: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

export type ViberFailure = 'http-429' | 'rate-breach' | 'http-500';

export interface FakeViber {
  /** The API root to give the app (VIBER_API_ROOT). */
  url: string;
  /** token → the bot's public account name; other tokens get status 2 «invalid auth token», as from Viber. */
  bots: Map<string, string>;
  calls: ViberCall[];
  /** The next calls fail so, one failure per call, first in first out. */
  failNext: ViberFailure[];
  poster: WebhookPoster | null;
  /** Users who left the bot: a message to them is refused with status 6, as Viber does. */
  unsubscribed: Set<string>;
  /** Fetches a picture's `media` URL (the tests wire it to `app.inject`): the HTTP status and content type. */
  mediaFetcher: ((url: string) => Promise<{ status: number; type: string }>) | null;
  /** The media URLs fetched and what came back. */
  media: { url: string; status: number; type: string }[];
  /** Pictures people sent: name → bytes and content type, at `mediaUrl(name)`. */
  files: Map<string, { body: Buffer; type: string }>;
  /** The media URL Viber would give for a file of `files`. */
  mediaUrl(name: string): string;
  /** The files fetched from it, by name. */
  fetched: string[];
  callsOf(method: string): ViberCall[];
  /** The webhook URL a bot was last given, null after it was removed. */
  webhook(token: string): string | null;
  /** Posts a callback (as Viber would) to the bot's webhook, signed with its token unless `signature` is given. */
  push(token: string, event: Record<string, unknown>, signature?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startFakeViber(): Promise<FakeViber> {
  const webhooks = new Map<string, string | null>();
  let messageToken = 5_000_000_000_000;
  const fake: FakeViber = {
    url: '',
    bots: new Map(),
    calls: [],
    failNext: [],
    poster: null,
    unsubscribed: new Set(),
    mediaFetcher: null,
    media: [],
    files: new Map(),
    mediaUrl: (name) => `${fake.url.replace(/\/pa$/, '')}/media/${encodeURIComponent(name)}?sig=${'x'.repeat(300)}`,
    fetched: [],
    callsOf: (method) => fake.calls.filter((c) => c.method === method),
    webhook: (token) => webhooks.get(token) ?? null,
    push: async (token, event, signature) => {
      const url = webhooks.get(token);
      if (!url || !fake.poster) throw new Error('fake Viber: no webhook to push to');
      const raw = JSON.stringify(event);
      return fake.poster(url, raw, {
        'content-type': 'application/json',
        'x-viber-content-signature': signature ?? createHmac('sha256', token).update(raw).digest('hex'),
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const handle = async (req: IncomingMessage, raw: string, res: ServerResponse) => {
    const file = /^\/media\/([^/?]+)\?/.exec(req.url ?? '');
    if (req.method === 'GET' && file) {
      const name = decodeURIComponent(file[1]!);
      const f = fake.files.get(name);
      if (!f) return res.writeHead(404).end();
      fake.fetched.push(name);
      return res.writeHead(200, { 'content-type': f.type, 'content-length': String(f.body.length) }).end(f.body);
    }
    const m = /^\/pa\/([a-z_]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return send(res, 404, { status: 8, status_message: 'notFound' });
    const method = m[1]!;
    const token = String(req.headers['x-viber-auth-token'] ?? '');
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      return send(res, 200, { status: 3, status_message: 'badData' });
    }
    const name = fake.bots.get(token);
    if (!name) return send(res, 200, { status: 2, status_message: 'invalidAuthToken' });
    const failure = fake.failNext.shift();
    if (failure === 'http-429') return send(res, 429, { status: 12, status_message: 'tooManyRequests' }, { 'retry-after': '1' });
    if (failure === 'rate-breach') return send(res, 200, { status: 12, status_message: 'tooManyRequests' });
    if (failure === 'http-500') return send(res, 500, { status: 1, status_message: 'internal error' });
    fake.calls.push({ token, method, payload });
    switch (method) {
      case 'get_account_info':
        return send(res, 200, { status: 0, status_message: 'ok', id: `pa:${name}`, name, uri: name.toLowerCase().replace(/\W+/g, ''), subscribers_count: 0 });
      case 'set_webhook': {
        const url = typeof payload.url === 'string' ? payload.url : '';
        if (url === '') {
          webhooks.set(token, null);
          return send(res, 200, { status: 0, status_message: 'ok' });
        }
        // As Viber does: a signed `webhook` callback to the new URL, which must answer 200.
        webhooks.set(token, url);
        const check = await fake.push(token, { event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-CHAT-01_', message_token: ++messageToken });
        if (check.status !== 200) {
          webhooks.set(token, null);
          return send(res, 200, { status: 1, status_message: 'invalidUrl' });
        }
        return send(res, 200, { status: 0, status_message: 'ok', event_types: payload.event_types ?? [] });
      }
      case 'send_message': {
        const sender = payload.sender as { name?: unknown } | undefined;
        const picture = payload.type === 'picture';
        if (
          typeof payload.receiver !== 'string' ||
          typeof payload.text !== 'string' ||
          (payload.text === '' && !picture) ||
          typeof sender?.name !== 'string' ||
          (picture && (typeof payload.media !== 'string' || [...payload.text].length > 768))
        ) {
          return send(res, 200, { status: 3, status_message: 'badData' });
        }
        if (fake.unsubscribed.has(payload.receiver)) return send(res, 200, { status: 6, status_message: 'receiverNotSubscribed' });
        if (picture && fake.mediaFetcher) {
          const url = String(payload.media);
          const got = await fake.mediaFetcher(url);
          fake.media.push({ url, ...got });
          if (got.status !== 200 || got.type !== 'image/jpeg') return send(res, 200, { status: 3, status_message: 'badData' });
        }
        return send(res, 200, { status: 0, status_message: 'ok', message_token: ++messageToken, chat_hostname: 'SN-CHAT-01_' });
      }
      default:
        return send(res, 404, { status: 8, status_message: 'notFound' });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((e: unknown) => send(res, 500, { status: 1, status_message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pa`;
  return fake;
}

let eventToken = 4_000_000_000_000;
const user = (id: string, language: string) => ({ id, name: 'Тест', avatar: 'http://avatar.example/a.jpg', country: 'UA', language, api_version: 10 });

/** A person's text message (a keyboard button sends its ActionBody so). */
export function viberText(userId: string, text: string, language = 'uk'): Record<string, unknown> {
  return { event: 'message', timestamp: 1_700_000_000_000, message_token: ++eventToken, sender: user(userId, language), message: { type: 'text', text } };
}

export function viberSubscribed(userId: string, language = 'uk'): Record<string, unknown> {
  return { event: 'subscribed', timestamp: 1_700_000_000_000, message_token: ++eventToken, user: user(userId, language) };
}

export function viberUnsubscribed(userId: string): Record<string, unknown> {
  return { event: 'unsubscribed', timestamp: 1_700_000_000_000, message_token: ++eventToken, user_id: userId };
}

export function viberConversationStarted(userId: string, language = 'uk'): Record<string, unknown> {
  return {
    event: 'conversation_started',
    timestamp: 1_700_000_000_000,
    message_token: ++eventToken,
    type: 'open',
    context: '',
    user: user(userId, language),
    subscribed: false,
  };
}

/** A picture the person sent: Viber gives its media URL (and a thumbnail), the bot fetches it. */
export function viberPicture(userId: string, media: string, language = 'uk'): Record<string, unknown> {
  return {
    event: 'message',
    timestamp: 1_700_000_000_000,
    message_token: ++eventToken,
    sender: user(userId, language),
    message: { type: 'picture', text: '', media, thumbnail: media, file_name: 'photo.jpg', size: 1 },
  };
}

/** A location the person shared (Viber names the longitude `lon`). */
export function viberLocation(userId: string, lat: number, lon: number, language = 'uk'): Record<string, unknown> {
  return {
    event: 'message',
    timestamp: 1_700_000_000_000,
    message_token: ++eventToken,
    sender: user(userId, language),
    message: { type: 'location', location: { lat, lon } },
  };
}
