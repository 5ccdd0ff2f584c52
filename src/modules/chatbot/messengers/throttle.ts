/**
 * The messengers' rate limits, the one pacer of every outgoing send: replies (`sendTelegramReplies`,
 * `sendViberReplies`) and broadcasts (service/broadcasts.ts, through `sharedPacer`) of one bot draw on the
 * same budget. A bot sends at most `perBot` messages a second and at most `perChat` a second into one
 * chat, each with a small burst allowed, as the messengers tolerate; a 429 (Telegram's `retry_after`,
 * Viber's status 12) holds the whole bot back for that long (`pause`).
 *
 * - Telegram (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): no more
 *   than one message a second in one chat (short bursts are let through), about 30 a second in all.
 * - Viber publishes no per-second figure for `send_message`; it answers a breach with status 12 («rate
 *   control breach»). The same shape is kept with a lower total, so a broadcast stays well clear of it.
 *
 * Each limit is a GCRA (the «virtual scheduling» form of a token bucket): the theoretical arrival time
 * `tat` advances by one interval per message, and a message may go once `now >= tat - burst tolerance`.
 * `reserve` books the earliest moment both limits allow and returns how long to wait for it, so the
 * logic is pure and tested with a given clock; `wait` sleeps that long. The state lives in the app
 * instance: two instances sending for one bot each keep the limit on their own (a broadcast runs on one).
 */
import { createHash } from 'node:crypto';

export interface RateLimits {
  /** Messages a second for the whole bot, and how many may go back to back. */
  perBot: { perSecond: number; burst: number };
  /** Messages a second into one chat, and how many may go back to back. */
  perChat: { perSecond: number; burst: number };
}

export const TELEGRAM_LIMITS: RateLimits = { perBot: { perSecond: 30, burst: 30 }, perChat: { perSecond: 1, burst: 5 } };
export const VIBER_LIMITS: RateLimits = { perBot: { perSecond: 20, burst: 20 }, perChat: { perSecond: 1, burst: 5 } };

/** Chats whose bucket has been full (idle) this long are forgotten, so the map does not grow with every chat ever served. */
const FORGET_AFTER_MS = 60_000;

interface Cell {
  /** Theoretical arrival time of the next message, in ms. */
  tat: number;
}

function gcra(limit: { perSecond: number; burst: number }): { interval: number; tolerance: number } {
  const interval = 1000 / limit.perSecond;
  return { interval, tolerance: interval * (Math.max(1, limit.burst) - 1) };
}

export class Throttle {
  private readonly bot: Cell = { tat: 0 };
  private readonly chats = new Map<string, Cell>();
  private readonly botRate: { interval: number; tolerance: number };
  private readonly chatRate: { interval: number; tolerance: number };
  private lastSweep = 0;

  constructor(
    limits: RateLimits,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {
    this.botRate = gcra(limits.perBot);
    this.chatRate = gcra(limits.perChat);
  }

  /** Books the next message into `chat` at the earliest moment both limits allow: how many ms from `now` that is. */
  reserve(chat: string, now: number): number {
    this.sweep(now);
    let cell = this.chats.get(chat);
    if (!cell) {
      cell = { tat: 0 };
      this.chats.set(chat, cell);
    }
    const at = Math.max(now, this.bot.tat - this.botRate.tolerance, cell.tat - this.chatRate.tolerance);
    this.bot.tat = Math.max(this.bot.tat, at) + this.botRate.interval;
    cell.tat = Math.max(cell.tat, at) + this.chatRate.interval;
    return at - now;
  }

  /** The messenger asked to slow down: nothing more goes from this bot until `seconds` after `now`. */
  pause(seconds: number, now: number = this.clock.now()): void {
    // A message may go once now >= tat - tolerance: so the bot's next one goes at `now + seconds` at the earliest.
    this.bot.tat = Math.max(this.bot.tat, now + seconds * 1000 + this.botRate.tolerance);
  }

  /** Waits until the next message into `chat` may go (at once, mostly). */
  async wait(chat: string): Promise<void> {
    const delay = this.reserve(chat, this.clock.now());
    if (delay > 0) await this.clock.sleep(delay);
  }

  /** How many chats it remembers (for the test of forgetting). */
  get trackedChats(): number {
    return this.chats.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < FORGET_AFTER_MS) return;
    this.lastSweep = now;
    for (const [chat, cell] of this.chats) if (cell.tat < now - FORGET_AFTER_MS) this.chats.delete(chat);
  }
}

export type Messenger = 'telegram' | 'viber';

/** A bot's key: its messenger and a hash of its token (never the token itself). */
export function botKey(messenger: Messenger, token: string): string {
  return `${messenger}:${createHash('sha256').update(token).digest('base64url').slice(0, 16)}`;
}

const throttles = new Map<string, Throttle>();

function throttleOf(key: string): Throttle {
  let t = throttles.get(key);
  if (!t) {
    t = new Throttle(key.startsWith('viber:') ? VIBER_LIMITS : TELEGRAM_LIMITS);
    throttles.set(key, t);
  }
  return t;
}

/** The throttle of one bot, shared by every send of this instance. */
export function throttleFor(messenger: Messenger, token: string): Throttle {
  return throttleOf(botKey(messenger, token));
}

/** What the broadcast worker paces its sends with, by bot key (`botKey`); tests pass one that never waits. */
export interface Pacer {
  /** Resolves when one more message may go from this bot to this chat, and counts it. */
  wait(bot: string, chat: string): Promise<void>;
  /** The bot was told to wait (a 429): nothing more goes from it for that long. */
  pause(bot: string, seconds: number): void;
}

/** The pacer over the shared throttles: broadcasts and replies of one bot keep one limit together. */
export const sharedPacer: Pacer = {
  wait: (bot, chat) => throttleOf(bot).wait(chat),
  pause: (bot, seconds) => throttleOf(bot).pause(seconds),
};
