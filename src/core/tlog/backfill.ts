/**
 * Acts that predate the transparency log (a database upgraded to it, the demo's rows inserted by plain
 * SQL) are appended to it after the fact, so that the log and the site count the same. Each module that
 * logs acts offers `logBackfill` (manifest): it takes up to `limit` of its unlogged acts, oldest first,
 * `for update skip locked`, and appends for each the entry its live path would have written, at the act's
 * own time and marked `backfilled` (then, for an act cancelled before the log, its cancellation). Rows
 * locked by another instance are skipped, and a logged row is never taken again: the work is idempotent
 * and any number of instances may run it at once.
 */
import { setImmediate } from 'node:timers/promises';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/database.js';
import { logAct, type ActReceipt, type LoggedAct } from './acts.js';
import { repeatUntilStopped } from '../jobs/repeat.js';

/** A module's backfill: logs up to `limit` unlogged acts in `trx` and returns how many it logged. */
export type LogBackfill = (ctx: CoreContext, trx: Db, limit: number) => Promise<number>;

/**
 * Acts per module and transaction: short transactions, few rows locked at a time. The embedded database
 * has one connection, which a batch holds: smaller batches there keep pages answering meanwhile.
 */
const BACKFILL_BATCH = { postgres: 500, pglite: 50 } as const;

/**
 * Appends a pre-log act: the live path's entry, at the act's own time, with `backfilled: true` among its
 * details (an honest mark that it was written later than it happened).
 */
export function logBackfilledAct(ctx: CoreContext, trx: Db, act: LoggedAct): Promise<ActReceipt> {
  return logAct(ctx, trx, { ...act, details: { ...act.details, backfilled: true } });
}

/** One round: each module's batch in a transaction of its own. Returns how many acts were logged. */
export async function backfillRound(ctx: CoreContext, limit: number = BACKFILL_BATCH[ctx.database.kind]): Promise<number> {
  let n = 0;
  for (const m of ctx.modules) {
    const run = m.logBackfill;
    if (!run) continue;
    n += await ctx.db.transaction().execute((trx) => run(ctx, trx, limit));
    // The embedded database answers in the same thread, so awaiting it alone may never give the event
    // loop a turn: without this yield a first start's backfill kept every request waiting (17 s).
    await setImmediate();
  }
  return n;
}

/** Rounds until nothing is left (or `maxRounds` ran); returns how many acts were logged. */
export async function backfillLog(ctx: CoreContext, opts: { limit?: number; maxRounds?: number } = {}): Promise<number> {
  let total = 0;
  for (let i = 0; i < (opts.maxRounds ?? Infinity); i++) {
    const n = await backfillRound(ctx, opts.limit);
    total += n;
    if (n === 0) break;
  }
  return total;
}

/**
 * Runs the backfill in the background until stopped: drains what is there (the sequencer takes the entries
 * as they commit), then looks again every `intervalMs` (the demo seed may add rows later; the check is a
 * query on a partial index of unlogged rows). Nobody waits for it: a page is served meanwhile.
 */
export function startBackfill(ctx: CoreContext, intervalMs = 10_000): () => Promise<void> {
  if (!ctx.config.log.backfill) return () => Promise.resolve();
  let stopping = false;
  const stop = repeatUntilStopped(
    async () => {
      while (!stopping && (await backfillRound(ctx)) > 0);
    },
    (e) => ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'transparency log backfill failed'),
    { intervalMs, firstAfterMs: 100 },
  );
  return () => {
    stopping = true;
    return stop();
  };
}
