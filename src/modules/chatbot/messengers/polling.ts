/**
 * Long polling for Telegram, for a quick local run without a public address (TELEGRAM_POLLING=1): on
 * each tick of the worker, every community bot that is on with a token (and the platform's bot) fetches its new updates
 * (getUpdates, after deleteWebhook once, for Telegram refuses getUpdates while a webhook is set) and feeds
 * them to the same queue the webhook does; the queued job answers them. The offset (the next update id
 * wanted) is kept in the instance: after a restart Telegram hands over what was not confirmed, and the
 * jobs' dedupe key (one per update id) answers each update once. Run it on one instance only.
 */
import { createHash } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import { enqueueJob } from '../../../core/jobs/queue.js';
import { telegramTokenOf } from '../service.js';
import { listTelegramBots } from '../repository/bots.js';
import { PLATFORM_TELEGRAM_JOB } from '../service/platform.js';
import { readUpdate, telegramApi, TELEGRAM_UPDATE_JOB, type TelegramTurn } from './telegram.js';

/** Queues one update for the job that answers it: once per update id, however often Telegram sends it. */
export async function queueTelegramTurn(ctx: CoreContext, communityId: number, turn: TelegramTurn): Promise<void> {
  await enqueueJob(
    ctx.db,
    TELEGRAM_UPDATE_JOB,
    { communityId, turn },
    { runAt: ctx.clock.now(), dedupeKey: `chatbot:telegram:${communityId}:${turn.updateId}`, maxAttempts: 3 },
  );
}

/** Queues one update of the platform's bot (service/platform.ts answers it), once per update id. */
export async function queuePlatformTelegramTurn(ctx: CoreContext, turn: TelegramTurn): Promise<void> {
  await enqueueJob(
    ctx.db,
    PLATFORM_TELEGRAM_JOB,
    { turn },
    { runAt: ctx.clock.now(), dedupeKey: `chatbot:platform-telegram:${turn.updateId}`, maxAttempts: 3 },
  );
}

/** Per bot (a hash of its token, never the token): its webhook is deleted, and the next update id wanted. */
const polled = new Map<string, { offset: number }>();

const botKey = (token: string) => createHash('sha256').update(token).digest('base64url').slice(0, 16);

/** At most this many updates a bot per tick (Telegram's own maximum is 100). */
const BATCH = 100;

/** One round of polling every bot that is on, and the platform's bot (a tick of the worker; nothing unless TELEGRAM_POLLING=1). */
export async function pollTelegramOnce(ctx: CoreContext): Promise<void> {
  if (!ctx.config.telegramPolling) return;
  const bots: { token: string | null; label: string; queue: (turn: TelegramTurn) => Promise<void> }[] = (await listTelegramBots(ctx.db)).map((bot) => ({
    token: telegramTokenOf(ctx, { ...bot, enabled: true, telegramUsername: null, viberTokenSealed: null, viberUri: null }),
    label: `community ${bot.communityId}`,
    queue: (turn) => queueTelegramTurn(ctx, bot.communityId, turn),
  }));
  bots.push({ token: ctx.config.platformBot.telegramToken, label: 'platform', queue: (turn) => queuePlatformTelegramTurn(ctx, turn) });
  for (const bot of bots) {
    const token = bot.token;
    if (!token) continue;
    try {
      const api = await telegramApi(ctx, token);
      const key = botKey(token);
      let state = polled.get(key);
      if (!state) {
        await api.deleteWebhook();
        state = { offset: 0 };
        polled.set(key, state);
      }
      // timeout 0: the tick must not hang on one bot while the others (and the jobs) wait.
      const updates = await api.getUpdates({ offset: state.offset, limit: BATCH, timeout: 0, allowed_updates: ['message', 'callback_query'] });
      for (const u of updates) {
        const turn = readUpdate(u);
        if (turn) await bot.queue(turn);
        state.offset = Math.max(state.offset, u.update_id + 1);
      }
    } catch (e) {
      ctx.log.warn({ bot: bot.label, err: e instanceof Error ? e.message.replace(token, '…') : 'unknown' }, 'telegram polling failed');
    }
  }
}
