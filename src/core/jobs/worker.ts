/**
 * The background loop of an app instance: runs due jobs (mail and the modules' jobs) and each module's
 * tick. Any number of instances may run it; the queue's locking keeps each job to one of them.
 */
import type { CoreContext } from '../context.js';
import { claimJob, completeJob, failJob } from './queue.js';
import { deliverOutboxMessage, MAIL_DELIVER_JOB } from '../mail/mailer.js';
import type { JobHandler } from '../modules/manifest.js';
import { startSequencer } from '../tlog/sequencer.js';
import { logSigner } from '../tlog/keys.js';
import { startBackfill } from '../tlog/backfill.js';
import { repeatUntilStopped } from './repeat.js';
import { runFollowWork } from '../follows/service.js';

function handlers(ctx: CoreContext): Map<string, JobHandler> {
  const map = new Map<string, JobHandler>();
  map.set(MAIL_DELIVER_JOB, async (c, payload) => {
    await deliverOutboxMessage(c.db, c.mail, Number(payload.outboxId), c.clock.now());
  });
  for (const m of ctx.modules) for (const [kind, h] of Object.entries(m.jobs ?? {})) map.set(kind, h);
  return map;
}

/** Runs jobs until none is due (or `max` ran). Returns how many ran. */
export async function runDueJobs(ctx: CoreContext, max = 100): Promise<number> {
  const byKind = handlers(ctx);
  let ran = 0;
  while (ran < max) {
    const job = await claimJob(ctx.db, ctx.clock.now());
    if (!job) break;
    ran++;
    const h = byKind.get(job.kind);
    try {
      if (!h) throw new Error(`no handler for job kind ${job.kind}`);
      await h(ctx, job.payload);
      await completeJob(ctx.db, job.id, ctx.clock.now());
    } catch (e) {
      ctx.log.warn({ jobId: job.id, kind: job.kind, err: e instanceof Error ? e.message : String(e) }, 'job failed');
      await failJob(ctx.db, job, e instanceof Error ? e.message : String(e), ctx.clock.now());
      // A letter that could not be sent after every attempt is marked so, for an operator to see.
      if (job.kind === MAIL_DELIVER_JOB && job.attempts >= job.maxAttempts) {
        await ctx.db.updateTable('mail_outbox').set({ status: 'failed' }).where('id', '=', Number(job.payload.outboxId)).execute();
      }
    }
  }
  return ran;
}

export async function runTicks(ctx: CoreContext): Promise<void> {
  try {
    await runFollowWork(ctx);
  } catch (e) {
    ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'follow tick failed');
  }
  for (const m of ctx.modules) {
    if (!m.tick) continue;
    try {
      await m.tick(ctx, ctx.clock.now());
    } catch (e) {
      ctx.log.error({ module: m.id, err: e instanceof Error ? e.message : String(e) }, 'tick failed');
    }
  }
}

/** The background work of an instance: ticks and jobs every `intervalMs`, the transparency log's sequencer every second
 * and its backfill of acts that predate it. */
export function startWorker(ctx: CoreContext, intervalMs = 2000): () => Promise<void> {
  const stopSequencer = startSequencer(ctx.db, logSigner(ctx.config), (e) =>
    ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'transparency log sequencer failed'),
  );
  const stopBackfill = startBackfill(ctx);
  const stopLoop = repeatUntilStopped(
    async () => {
      await runTicks(ctx);
      await runDueJobs(ctx);
    },
    (e) => ctx.log.error({ err: e instanceof Error ? e.message : String(e) }, 'worker loop failed'),
    { intervalMs, firstAfterMs: 50 },
  );
  return async () => {
    await Promise.all([stopLoop(), stopSequencer(), stopBackfill()]);
  };
}
