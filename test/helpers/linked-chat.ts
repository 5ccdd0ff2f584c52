/**
 * A community's chat-bot in the tests, talked to through the fake Telegram Bot API or the fake Viber API:
 * switching the bot on as a moderator, delivering an update and reading what the bot sent back (after the
 * job queue has run), and linking the chat to a signed-in person with the one-time link the bot offers.
 * The app and the fakes are created in the test's `before`, so they are passed as getters.
 */
import assert from 'node:assert/strict';
import { demo, signedInAs, type TestApp, type TestBrowser } from './test-app.js';
import { buttonUpdate, textUpdate, type FakeTelegram } from './fake-telegram.js';
import { viberText, type FakeViber } from './fake-viber.js';
import { runDueJobs } from '../../src/core/jobs/worker.js';

/** A message the bot sent: its text and its buttons (Telegram's callback data, Viber's action body). */
export interface ChatMessage {
  text: string;
  buttons: { text: string; data: string }[];
}

/** The community's moderator switches the bot on with these tokens (`telegram_token`, `viber_token`). */
export async function enableBot(t: TestApp, tokens: { telegram_token?: string; viber_token?: string }, slug = 'lviv'): Promise<void> {
  const moderator = await signedInAs(t, demo.moderator(slug, 'petitions'));
  const res = await moderator.post(`/${slug}/manage/chatbot/settings`, { enabled: 'on', ...tokens });
  assert.equal(res.statusCode, 303, res.body);
}

/** Points the app at the fake Viber API and lets the fake post its webhooks into the app. */
export function connectFakeViber(t: TestApp, vb: FakeViber): void {
  t.ctx.config.viberApiRoot = vb.url;
  vb.poster = async (url, raw, headers) => {
    const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: raw });
    return { status: res.statusCode, body: res.body };
  };
}

export interface Chat {
  /** Delivers an update (an event); returns what the bot sent to this chat meanwhile. */
  deliver(update: Record<string, unknown>): Promise<ChatMessage[]>;
  /** Presses a button; the bot's first answer (asserted to exist). */
  press(data: string): Promise<ChatMessage>;
  /** Writes a message; the bot's first answer (asserted to exist). */
  say(text: string): Promise<ChatMessage>;
  /** What the bot sent to this chat since the `from`-th call to the fake (for messages a job sends). */
  sentSince(from: number): ChatMessage[];
}

function chatOf(
  sentSince: Chat['sentSince'],
  deliver: Chat['deliver'],
  press: (data: string) => Record<string, unknown>,
  say: (text: string) => Record<string, unknown>,
): Chat {
  const first = async (update: Record<string, unknown>) => {
    const [m] = await deliver(update);
    assert.ok(m, 'the bot answered');
    return m;
  };
  return { deliver, press: (data) => first(press(data)), say: (text) => first(say(text)), sentSince };
}

/** A Telegram chat with the bot of `token`; `chat` null reads what the bot sent to any chat. */
export function telegramChat(app: () => TestApp, fake: () => FakeTelegram, token: string, chat: number | null): Chat {
  const sentSince = (from: number): ChatMessage[] =>
    fake()
      .calls.slice(from)
      .flatMap((c) => {
        if (c.method !== 'sendMessage' || (chat !== null && String(c.payload.chat_id) !== String(chat))) return [];
        const markup = c.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
        return [{ text: String(c.payload.text), buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data })) }];
      });
  const deliver = async (update: Record<string, unknown>): Promise<ChatMessage[]> => {
    const [t, tg] = [app(), fake()];
    const hook = tg.webhook(token);
    assert.ok(hook, 'the webhook was set');
    const res = await t.app.inject({
      method: 'POST',
      url: new URL(hook.url).pathname,
      headers: { 'x-telegram-bot-api-secret-token': hook.secretToken },
      payload: update,
    });
    assert.equal(res.statusCode, 200, res.body);
    const from = tg.calls.length;
    await runDueJobs(t.ctx);
    return sentSince(from);
  };
  const id = chat ?? 0;
  return chatOf(
    sentSince,
    deliver,
    (data) => buttonUpdate(id, data),
    (text) => textUpdate(id, text),
  );
}

/** A Viber chat of `user` with the bot of `token`; a button's data is its action body without «btn:». */
export function viberChat(app: () => TestApp, fake: () => FakeViber, token: string, user: string): Chat {
  const sentSince = (from: number): ChatMessage[] =>
    fake()
      .calls.slice(from)
      .flatMap((c) => {
        if (c.method !== 'send_message' || c.payload.receiver !== user) return [];
        const kb = c.payload.keyboard as { Buttons?: { Text: string; ActionBody: string }[] } | undefined;
        return [{ text: String(c.payload.text), buttons: (kb?.Buttons ?? []).map((b) => ({ text: b.Text, data: b.ActionBody.replace(/^btn:/, '') })) }];
      });
  const deliver = async (event: Record<string, unknown>): Promise<ChatMessage[]> => {
    const vb = fake();
    const res = await vb.push(token, event);
    assert.equal(res.status, 200, res.body);
    const from = vb.calls.length;
    await runDueJobs(app().ctx);
    return sentSince(from);
  };
  return chatOf(
    sentSince,
    deliver,
    (data) => viberText(user, `btn:${data}`),
    (text) => viberText(user, text),
  );
}

/** The path of the one-time link in the bot's message. */
export function linkPathIn(text: string, slug = 'lviv'): string {
  const m = new RegExp(`http://viche\\.test(/${slug}/chatbot/link/[A-Za-z0-9_-]+)`).exec(text);
  assert.ok(m, text);
  return m[1]!;
}

/** Links the chat to `person`: asks the bot for a link, confirms it on the web, lets the bot say so. */
export async function linkedChat(t: TestApp, chat: Chat, person: TestBrowser): Promise<void> {
  const offer = await chat.say('/link');
  assert.equal((await person.post(linkPathIn(offer.text), {})).statusCode, 200);
  await runDueJobs(t.ctx);
}
