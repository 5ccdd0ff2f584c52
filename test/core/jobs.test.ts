import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { claimJob, completeJob, enqueueJob, failJob, type ClaimedJob } from '../../src/core/jobs/queue.js';
import { runDueJobs } from '../../src/core/jobs/worker.js';
import { openDatabase, type Database, type Db } from '../../src/core/db/database.js';
import type { CoreContext } from '../../src/core/context.js';
import type { ModuleManifest } from '../../src/core/modules/manifest.js';

const SECOND = 1000;

interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_until: Date | null;
  done_at: Date | null;
  last_error: string | null;
}

async function jobRow(db: Db, id: number): Promise<JobRow> {
  const r = await sql<JobRow>`
    select id, kind, payload, attempts, max_attempts, run_at, locked_until, done_at, last_error
    from jobs where id = ${id}`.execute(db);
  const row = r.rows[0];
  assert.ok(row, `job ${id} exists`);
  return { ...row, id: Number(row.id) };
}

async function jobIds(db: Db, kind: string): Promise<number[]> {
  const r = await sql<{ id: number }>`select id from jobs where kind = ${kind} order by id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

function at(base: Date, ms: number): Date {
  return new Date(base.getTime() + ms);
}

describe('the job queue', () => {
  let t: TestApp;
  let t0: Date;
  before(async () => {
    t = await createTestApp({ seed: false, now: new Date('2026-03-02T09:00:00Z') });
  });
  after(async () => t.close());
  beforeEach(async () => {
    // Each test starts with an empty queue, so a claim can only return the jobs the test made.
    await sql`delete from jobs`.execute(t.ctx.db);
    t0 = t.clock.now();
  });

  test('a dedupe key enqueues a job only once; without a key each call enqueues', async () => {
    await enqueueJob(t.ctx.db, 'test.dedupe', { n: 1 }, { dedupeKey: 'petition:1:mail', runAt: t0 });
    await enqueueJob(t.ctx.db, 'test.dedupe', { n: 2 }, { dedupeKey: 'petition:1:mail', runAt: t0 });
    const ids = await jobIds(t.ctx.db, 'test.dedupe');
    assert.equal(ids.length, 1);
    const row = await jobRow(t.ctx.db, ids[0]!);
    assert.deepEqual(row.payload, { n: 1 }, 'the first job is kept, not replaced');
    assert.equal(row.max_attempts, 5);

    await enqueueJob(t.ctx.db, 'test.nokey', { n: 1 }, { runAt: t0 });
    await enqueueJob(t.ctx.db, 'test.nokey', { n: 1 }, { runAt: t0 });
    assert.equal((await jobIds(t.ctx.db, 'test.nokey')).length, 2);
  });

  test('a job is claimed only when due, with its payload, and a claimed job is not claimed again', async () => {
    await enqueueJob(t.ctx.db, 'test.due', { petitionId: 7, what: 'deadline' }, { runAt: at(t0, 60 * SECOND), maxAttempts: 3 });
    assert.equal(await claimJob(t.ctx.db, at(t0, 59 * SECOND)), null, 'not due yet');
    const job = await claimJob(t.ctx.db, at(t0, 60 * SECOND));
    assert.ok(job);
    assert.equal(job.kind, 'test.due');
    assert.deepEqual(job.payload, { petitionId: 7, what: 'deadline' });
    assert.equal(job.attempts, 1);
    assert.equal(job.maxAttempts, 3);
    const row = await jobRow(t.ctx.db, job.id);
    assert.equal(row.locked_until?.getTime(), at(t0, 360 * SECOND).getTime(), 'leased for 5 minutes');
    assert.equal(await claimJob(t.ctx.db, at(t0, 61 * SECOND)), null, 'leased: nobody else gets it');
    await completeJob(t.ctx.db, job.id, at(t0, 62 * SECOND));
    const done = await jobRow(t.ctx.db, job.id);
    assert.equal(done.done_at?.getTime(), at(t0, 62 * SECOND).getTime());
    assert.equal(done.locked_until, null);
    assert.equal(await claimJob(t.ctx.db, at(t0, 3600 * SECOND)), null, 'a done job is never claimed again');
  });

  test('concurrent claimers never get the same job (two connection pools on PostgreSQL)', async () => {
    const second: Database | null = t.ctx.database.kind === 'postgres' ? await openDatabase({ databaseUrl: t.ctx.config.databaseUrl, dataDir: null }) : null;
    try {
      for (let i = 0; i < 20; i++) await enqueueJob(t.ctx.db, 'test.race', { i }, { runAt: t0 });
      const made = await jobIds(t.ctx.db, 'test.race');
      assert.equal(made.length, 20);
      const dbs: Db[] = [t.ctx.db, second?.db ?? t.ctx.db];
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => claimJob(dbs[i % 2]!, t0)));
      const claimed = results.filter((r): r is ClaimedJob => r !== null).map((r) => r.id);
      assert.equal(claimed.length, 20, 'every job claimed once, the other 20 claims got nothing');
      assert.deepEqual(
        [...new Set(claimed)].sort((a, b) => a - b),
        made,
      );
      // A double claim would have counted two attempts on one job.
      const attempts = await sql<{ attempts: number }>`select attempts from jobs where kind = 'test.race'`.execute(t.ctx.db);
      assert.deepEqual(
        attempts.rows.map((r) => r.attempts),
        Array.from({ length: 20 }, () => 1),
      );
    } finally {
      await second?.close();
    }
  });

  // PGlite has one connection: there is no other instance to lock against, so this runs on PostgreSQL
  // (CI runs the whole suite there too).
  const onPostgres = { skip: process.env.DATABASE_URL ? false : 'needs PostgreSQL (DATABASE_URL)' };
  test('a job row locked by another instance is skipped, not waited for (PostgreSQL)', onPostgres, async () => {
    const second = await openDatabase({ databaseUrl: t.ctx.config.databaseUrl, dataDir: null });
    try {
      await enqueueJob(t.ctx.db, 'test.skip', { n: 1 }, { runAt: t0 });
      await enqueueJob(t.ctx.db, 'test.skip', { n: 2 }, { runAt: at(t0, SECOND) });
      const [first, other] = await second.db.transaction().execute(async (trx) => {
        // The other instance has claimed the first job and has not committed yet.
        const mine = await claimJob(trx, at(t0, 2 * SECOND));
        const theirs = await Promise.race([
          claimJob(t.ctx.db, at(t0, 2 * SECOND)),
          new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3000)),
        ]);
        return [mine, theirs] as const;
      });
      assert.ok(first);
      assert.deepEqual(first.payload, { n: 1 });
      assert.notEqual(other, 'blocked', 'the claim must not wait for the locked row');
      assert.ok(other && other !== 'blocked');
      assert.deepEqual(other.payload, { n: 2 });
      assert.notEqual(other.id, first.id);
    } finally {
      await second.close();
    }
  });

  test('a job whose lease expired (its worker died) can be claimed again', async () => {
    await enqueueJob(t.ctx.db, 'test.lease', {}, { runAt: t0 });
    const first = await claimJob(t.ctx.db, t0);
    assert.ok(first);
    assert.equal(await claimJob(t.ctx.db, at(t0, 299 * SECOND)), null, 'the lease still holds');
    const again = await claimJob(t.ctx.db, at(t0, 301 * SECOND));
    assert.ok(again);
    assert.equal(again.id, first.id);
    assert.equal(again.attempts, 2, 'the lost run counts as an attempt');
  });

  test('failJob releases the job and backs off: 30 s, then 60 s, …, at most an hour', async () => {
    await enqueueJob(t.ctx.db, 'test.backoff', {}, { runAt: t0, maxAttempts: 20 });
    const j1 = await claimJob(t.ctx.db, t0);
    assert.ok(j1);
    await failJob(t.ctx.db, j1, 'SMTP said no', t0);
    let row = await jobRow(t.ctx.db, j1.id);
    assert.equal(row.run_at.getTime(), at(t0, 30 * SECOND).getTime());
    assert.equal(row.locked_until, null);
    assert.equal(row.done_at, null);
    assert.equal(row.last_error, 'SMTP said no');
    assert.equal(row.attempts, 1);
    assert.equal(await claimJob(t.ctx.db, at(t0, 29 * SECOND)), null);

    const t1 = at(t0, 30 * SECOND);
    const j2 = await claimJob(t.ctx.db, t1);
    assert.ok(j2);
    assert.equal(j2.id, j1.id);
    assert.equal(j2.attempts, 2);
    await failJob(t.ctx.db, j2, 'x'.repeat(800), t1);
    row = await jobRow(t.ctx.db, j1.id);
    assert.equal(row.run_at.getTime(), at(t1, 60 * SECOND).getTime());
    assert.equal(row.last_error?.length, 500, 'long errors are cut');

    // A job on its 10th attempt waits the cap, an hour, not 30·2⁹ s.
    await failJob(t.ctx.db, { ...j2, attempts: 10 }, 'again', t1);
    row = await jobRow(t.ctx.db, j1.id);
    assert.equal(row.run_at.getTime(), at(t1, 3600 * SECOND).getTime());
  });

  test('runDueJobs runs handlers; one that throws leaves its job undone for later, and the run returns', async () => {
    const calls: { kind: string; payload: Record<string, unknown> }[] = [];
    const testModule: ModuleManifest = {
      id: 'jobs-test',
      name: { uk: 'Тест', en: 'Test' },
      jobs: {
        'test.ok': async (_c, payload) => {
          calls.push({ kind: 'test.ok', payload });
        },
        'test.boom': async (_c, payload) => {
          calls.push({ kind: 'test.boom', payload });
          throw new Error('boom: the printer is on fire');
        },
      },
    };
    const ctx: CoreContext = { ...t.ctx, modules: [...t.ctx.modules, testModule] };
    await enqueueJob(t.ctx.db, 'test.boom', { a: 1 }, { runAt: t0 });
    await enqueueJob(t.ctx.db, 'test.ok', { b: 2 }, { runAt: at(t0, 1) });
    await enqueueJob(t.ctx.db, 'test.unknown', {}, { runAt: at(t0, 2) });
    await enqueueJob(t.ctx.db, 'test.ok', { later: true }, { runAt: at(t0, 3600 * SECOND) });
    t.clock.set(at(t0, 10 * SECOND));

    assert.equal(await runDueJobs(ctx), 3, 'the three due jobs ran, the failing ones did not loop');
    assert.deepEqual(calls, [
      { kind: 'test.boom', payload: { a: 1 } },
      { kind: 'test.ok', payload: { b: 2 } },
    ]);
    const [boomId, okId, laterId, unknownId] = [
      ...(await jobIds(t.ctx.db, 'test.boom')),
      ...(await jobIds(t.ctx.db, 'test.ok')),
      ...(await jobIds(t.ctx.db, 'test.unknown')),
    ];
    const boom = await jobRow(t.ctx.db, boomId!);
    assert.equal(boom.done_at, null);
    assert.equal(boom.attempts, 1);
    assert.equal(boom.last_error, 'boom: the printer is on fire');
    assert.equal(boom.run_at.getTime(), at(t0, 40 * SECOND).getTime());
    const ok = await jobRow(t.ctx.db, okId!);
    assert.equal(ok.done_at?.getTime(), at(t0, 10 * SECOND).getTime());
    assert.equal(ok.last_error, null);
    const unknown = await jobRow(t.ctx.db, unknownId!);
    assert.equal(unknown.done_at, null);
    assert.equal(unknown.last_error, 'no handler for job kind test.unknown');
    const later = await jobRow(t.ctx.db, laterId!);
    assert.equal(later.attempts, 0, 'a job not yet due is left alone');

    assert.equal(await runDueJobs(ctx), 0, 'nothing is due until the back-off ends');
    t.clock.set(at(t0, 41 * SECOND));
    assert.equal(await runDueJobs(ctx), 2, 'the failed jobs are retried');
    assert.equal(calls.length, 3);
    assert.equal((await jobRow(t.ctx.db, boomId!)).attempts, 2);
  });

  test('runDueJobs stops after max jobs', async () => {
    const ctx: CoreContext = {
      ...t.ctx,
      modules: [...t.ctx.modules, { id: 'jobs-test', name: { uk: 'Тест', en: 'Test' }, jobs: { 'test.noop': async () => {} } }],
    };
    for (let i = 0; i < 3; i++) await enqueueJob(t.ctx.db, 'test.noop', { i }, { runAt: t0 });
    assert.equal(await runDueJobs(ctx, 2), 2);
    assert.equal(await runDueJobs(ctx, 2), 1);
    const open = await sql<{ n: number }>`select count(*)::int as n from jobs where done_at is null`.execute(t.ctx.db);
    assert.equal(open.rows[0]!.n, 0);
  });

  test('a job that used all its attempts is no longer claimed, and stays for an operator to see', async () => {
    await enqueueJob(t.ctx.db, 'test.exhaust', {}, { runAt: t0, maxAttempts: 2 });
    const j1 = await claimJob(t.ctx.db, t0);
    assert.ok(j1);
    await failJob(t.ctx.db, j1, 'first', t0);
    const j2 = await claimJob(t.ctx.db, at(t0, 31 * SECOND));
    assert.ok(j2);
    assert.equal(j2.attempts, 2);
    await failJob(t.ctx.db, j2, 'second', at(t0, 31 * SECOND));
    assert.equal(await claimJob(t.ctx.db, at(t0, 10 * 3600 * SECOND)), null);
    const row = await jobRow(t.ctx.db, j1.id);
    assert.equal(row.attempts, 2);
    assert.equal(row.done_at, null);
    assert.equal(row.last_error, 'second');

    // Even a lease that ran out on the last attempt does not bring it back.
    await enqueueJob(t.ctx.db, 'test.exhaust-lease', {}, { runAt: t0, maxAttempts: 1 });
    const only = await claimJob(t.ctx.db, t0);
    assert.ok(only);
    assert.equal(await claimJob(t.ctx.db, at(t0, 3600 * SECOND)), null);
  });
});
