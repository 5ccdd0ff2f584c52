/**
 * A job queue in a table. A job is claimed with FOR UPDATE SKIP LOCKED and a lease, so several app
 * instances never run one job at once; a crashed worker's lease expires and the job is retried.
 * Handlers must be idempotent: a job may run again if its instance dies after the work but before `done`.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key is enqueued only once (e.g. "petition:12:deadline-mail"). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(db: Db, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      run_at: opts.runAt ?? new Date(),
      dedupe_key: opts.dedupeKey ?? null,
      max_attempts: opts.maxAttempts ?? 5,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

const LEASE_SECONDS = 300;

export async function claimJob(db: Db, now: Date): Promise<ClaimedJob | null> {
  const lease = new Date(now.getTime() + LEASE_SECONDS * 1000);
  const res = await sql<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
    update jobs set locked_until = ${lease}, attempts = attempts + 1
    where id = (
      select id from jobs
      where done_at is null and run_at <= ${now} and attempts < max_attempts
        and (locked_until is null or locked_until < ${now})
      order by run_at, id
      limit 1
      for update skip locked
    )
    returning id, kind, payload, attempts, max_attempts`.execute(db);
  const r = res.rows[0];
  return r ? { id: Number(r.id), kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts } : null;
}

export async function completeJob(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('jobs').set({ done_at: now, locked_until: null, last_error: null }).where('id', '=', String(id)).execute();
}

/** Retry later with a growing pause; after max attempts the job stays, failed, for an operator to see. */
export async function failJob(db: Db, job: ClaimedJob, error: string, now: Date): Promise<void> {
  const backoffSeconds = Math.min(3600, 30 * 2 ** (job.attempts - 1));
  await db
    .updateTable('jobs')
    .set({ locked_until: null, last_error: error.slice(0, 500), run_at: new Date(now.getTime() + backoffSeconds * 1000) })
    .where('id', '=', String(job.id))
    .execute();
}

/**
 * Removes the finished jobs of one kind (done, or failed for good) older than `before`: for jobs whose
 * payload holds what must not stay (a messenger's chat id and message). Dedupe keys go with them.
 */
export async function deleteFinishedJobs(db: Db, kind: string, before: Date): Promise<void> {
  await db
    .deleteFrom('jobs')
    .where('kind', '=', kind)
    .where((eb) =>
      eb.or([eb('done_at', '<', before), eb.and([eb('done_at', 'is', null), eb('attempts', '>=', eb.ref('max_attempts')), eb('run_at', '<', before)])]),
    )
    .execute();
}
