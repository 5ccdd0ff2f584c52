/**
 * Pacing of broadcasts: Telegram lets a bot send about 30 messages a second in all and one a second to
 * one chat, and answers 429 with `retry_after` past that. `wait` resolves when the next message may go
 * (per bot and per chat), `pause` holds a bot back for what a 429 asked. Time and sleeping are injected,
 * so tests run it on a manual clock; the broadcast worker takes any `Pacer`, so tests can pass one that
 * never waits. The limits hold per app instance.
 */
export interface Pacer {
  /** Resolves when one more message may go from this bot to this chat, and counts it. */
  wait(bot: string, chat: string): Promise<void>;
  /** The bot was told to wait (429 `retry_after`): nothing more goes from it for that long. */
  pause(bot: string, seconds: number): void;
}

export interface PaceLimits {
  /** Messages a second from one bot (Telegram: 30). */
  perSecond: number;
  /** Seconds between two messages to one chat (Telegram: 1). */
  perChatSeconds: number;
}

export const TELEGRAM_LIMITS: PaceLimits = { perSecond: 30, perChatSeconds: 1 };

export class SpacedPacer implements Pacer {
  /** Per bot: the earliest instant its next message may go. */
  private readonly nextOfBot = new Map<string, number>();
  /** Per bot and chat: the earliest instant the next message to the chat may go. */
  private readonly nextOfChat = new Map<string, number>();

  constructor(
    private readonly limits: PaceLimits = TELEGRAM_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async wait(bot: string, chat: string): Promise<void> {
    const chatKey = `${bot}\u0000${chat}`;
    // Claim the slot before sleeping, so concurrent callers queue up behind one another.
    const at = Math.max(this.now(), this.nextOfBot.get(bot) ?? 0, this.nextOfChat.get(chatKey) ?? 0);
    this.nextOfBot.set(bot, at + 1000 / this.limits.perSecond);
    this.nextOfChat.set(chatKey, at + this.limits.perChatSeconds * 1000);
    this.forgetOld(at);
    const delay = at - this.now();
    if (delay > 0) await this.sleep(delay);
  }

  pause(bot: string, seconds: number): void {
    this.nextOfBot.set(bot, Math.max(this.nextOfBot.get(bot) ?? 0, this.now() + seconds * 1000));
  }

  /** Chats whose pause has passed need no entry: the map stays as small as the last second's chats. */
  private forgetOld(now: number): void {
    if (this.nextOfChat.size < 10_000) return;
    for (const [k, t] of this.nextOfChat) if (t <= now) this.nextOfChat.delete(k);
  }
}
