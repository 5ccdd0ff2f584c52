/**
 * An app process is killed with SIGKILL in the middle of a stream of signatures and budget ballots, then
 * started again on the same database: every signature that was confirmed (303 to the petition) and every
 * ballot that was confirmed (303 to the receipt) is there, the counts shown equal the rows, and the people
 * whose requests were cut off can sign and vote afterwards, once.
 * Runs on PostgreSQL (DATABASE_URL) and on the embedded database (a PGlite data directory).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database.js';
import {
  ballotCounts,
  freePorts,
  freshPostgresDatabase,
  inParallel,
  makePeople,
  openDirect,
  openPetition,
  openVotingContest,
  petitionCounts,
  seedCommunities,
  shownCount,
  shownVotes,
  sleep,
  startAppProcess,
  Visitor,
  type AppProcess,
  type FreshDatabase,
  type Person,
} from './support/platform.js';

const adminUrl = process.env.DATABASE_URL;
const SLUG = 'kramatorsk';
// Fewer on PGlite: one process writes every signature to disk in turn.
const SIGNERS = adminUrl ? 300 : 200;
const CONCURRENCY = 16;

type Outcome = { kind: 'confirmed' } | { kind: 'other'; status: number; location: string | null } | { kind: 'cut-off'; error: string } | { kind: 'not-sent' };
/** One request of the stream: a person signs the petition, or casts a ballot for the project. */
type Act = 'sign' | 'vote';

describe(`SIGKILL in the middle of a stream of signatures and ballots (${adminUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  let pgdb: FreshDatabase | null = null;
  let dataDir: string | null = null;
  const running: AppProcess[] = [];
  const secretKey = randomBytes(24).toString('hex');
  let where: { databaseUrl: string | null; dataDir: string | null; secretKey: string };
  let signers: Person[] = [];
  let petitionId = 0;
  let contestId = 0;
  let projectId = 0;

  const start = async (name: string) => {
    const [port] = (await freePorts(1)) as [number];
    const app = await startAppProcess({
      name,
      port,
      env: {
        ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : { DATA_DIR: where.dataDir! }),
        SECRET_KEY: secretKey,
        // Production mode: no demo seed, no emulator; the test brings its own data.
        DEMO: '0',
        IDGOVUA_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    running.push(app);
    return app;
  };

  before(
    async () => {
      pgdb = adminUrl ? await freshPostgresDatabase(adminUrl, 'crash') : null;
      dataDir = pgdb ? null : await mkdtemp(join(tmpdir(), 'viche-crash-'));
      where = { databaseUrl: pgdb?.url ?? null, dataDir, secretKey };
      // Prepared before the app starts: a PGlite directory serves one process at a time.
      const d = await openDirect(where);
      try {
        await seedCommunities(d);
        const [author, ...rest] = await makePeople(d, SLUG, SIGNERS + 1, 'Аварійна');
        signers = rest;
        petitionId = await openPetition(d, {
          slug: SLUG,
          authorId: author!.userId,
          moderatorId: author!.userId,
          threshold: 10_000,
          title: 'Петиція, під час збору якої впав сервер',
          email: 'crash.author@example.com',
        });
        const contest = await openVotingContest(d, { slug: SLUG, title: 'Бюджет, під час голосування за який впав сервер', projects: 1 });
        contestId = contest.contestId;
        projectId = contest.projectIds[0]!;
      } finally {
        await d.close();
      }
    },
    { timeout: 150_000 },
  );

  after(async () => {
    await Promise.all(running.map((a) => a.stop()));
    await pgdb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('every confirmed signature and ballot survives the crash, and counts equal rows after the restart', { timeout: 240_000 }, async (t) => {
    const path = `/${SLUG}/petitions/${petitionId}`;
    const budget = `/${SLUG}/budgets/${contestId}`;
    const first = await start('instance before the crash');
    const visitors = signers.map((p) => new Visitor(p));
    await inParallel(visitors, 16, (v) => v.fetchCsrf(first.url));

    // One stream: every person signs and votes, the two kinds of request interleaved. Once a third is
    // confirmed the process is killed while requests of both kinds are in flight.
    const acts: { v: Visitor; i: number; act: Act }[] = visitors.flatMap((v, i) => [
      { v, i, act: 'sign' as const },
      { v, i, act: 'vote' as const },
    ]);
    const outcomes: Record<Act, Outcome[]> = { sign: visitors.map(() => ({ kind: 'not-sent' })), vote: visitors.map(() => ({ kind: 'not-sent' })) };
    let confirmed = 0;
    let killing: Promise<void> | null = null;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < acts.length && !killing) {
          const { v, i, act } = acts[next++]!;
          try {
            const r =
              act === 'sign'
                ? await v.post(first.url, `${path}/sign`, {}, 30_000)
                : await v.post(first.url, `${budget}/vote/confirm`, { project: String(projectId) }, 30_000);
            const ok = r.status === 303 && r.location === (act === 'sign' ? path : `${budget}/vote/receipt`);
            outcomes[act][i] = ok ? { kind: 'confirmed' } : { kind: 'other', status: r.status, location: r.location };
            if (ok && ++confirmed >= (2 * SIGNERS) / 3) killing ??= first.kill();
          } catch (e) {
            outcomes[act][i] = { kind: 'cut-off', error: e instanceof Error ? e.message : String(e) };
          }
        }
      }),
    );
    await killing;
    const count = (act: Act, kind: Outcome['kind']) => outcomes[act].filter((o) => o.kind === kind).length;
    for (const act of ['sign', 'vote'] as const) {
      t.diagnostic(`${act}, before the kill: ${count(act, 'confirmed')} confirmed, ${count(act, 'cut-off')} cut off, ${count(act, 'not-sent')} not sent`);
      assert.equal(
        count(act, 'other'),
        0,
        `before the kill every ${act} attempt was confirmed: ${JSON.stringify(outcomes[act].filter((o) => o.kind === 'other').slice(0, 3))}\n${first.output()}`,
      );
      assert.ok(count(act, 'confirmed') >= SIGNERS / 4, `${count(act, 'confirmed')} ${act} confirmed before the kill`);
      assert.ok(count(act, 'not-sent') > 0, `the ${act} stream was stopped in the middle`);
    }
    assert.ok(count('sign', 'cut-off') + count('vote', 'cut-off') > 0, 'the kill cut off requests in flight');

    const second = await start('instance after the crash');
    // Signatures: the page, the API and the list of signatories agree, and hold every confirmed one.
    const page = await visitors[0]!.get(second.url, path);
    const api = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}`)).json()) as { signatureCount: number };
    const list = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}/signatures`)).json()) as { items: { name: string }[]; total: number };
    assert.equal(shownCount(page.body), api.signatureCount, 'the page and the API show one count');
    assert.equal(list.total, api.signatureCount, 'the count equals the signatures listed');
    const names = new Set(list.items.map((s) => s.name));
    const lost = signers.filter((_, i) => outcomes.sign[i]!.kind === 'confirmed' && !names.has(signers[i]!.name));
    assert.deepEqual(
      lost.map((p) => p.name),
      [],
      'no confirmed signature is lost',
    );
    t.diagnostic(`after the restart: ${api.signatureCount} signatures (the author's and ${api.signatureCount - 1} signers')`);
    assert.ok(
      api.signatureCount >= 1 + count('sign', 'confirmed') && api.signatureCount <= 1 + count('sign', 'confirmed') + count('sign', 'cut-off'),
      `count ${api.signatureCount}`,
    );
    // Ballots: each person whose ballot was confirmed has a receipt; the project shows as many votes as there are receipts.
    const receipts = await inParallel(visitors, CONCURRENCY, async (v) => (await v.get(second.url, `${budget}/vote/receipt`)).status);
    const lostBallots = signers.filter((_, i) => outcomes.vote[i]!.kind === 'confirmed' && receipts[i] !== 200);
    assert.deepEqual(
      lostBallots.map((p) => p.name),
      [],
      'no confirmed ballot is lost',
    );
    assert.ok(
      receipts.every((s) => s === 200 || s === 404),
      `a receipt or none: ${[...new Set(receipts)].join(', ')}`,
    );
    const withBallot = receipts.filter((s) => s === 200).length;
    assert.ok(withBallot >= count('vote', 'confirmed') && withBallot <= count('vote', 'confirmed') + count('vote', 'cut-off'), `${withBallot} ballots`);
    assert.equal(
      shownVotes((await visitors[0]!.get(second.url, `${budget}/projects/${projectId}`)).body),
      withBallot,
      'the votes shown equal the ballots stored',
    );
    t.diagnostic(`after the restart: ${withBallot} ballots`);

    // Everyone not confirmed tries again: those whose cut-off request had committed are told so.
    const resign = await inParallel(
      visitors.filter((_, i) => outcomes.sign[i]!.kind !== 'confirmed'),
      CONCURRENCY,
      async (v) => {
        await v.fetchCsrf(second.url);
        return v.post(second.url, `${path}/sign`);
      },
    );
    assert.ok(
      resign.every((r) => r.status === 303 && (r.location === path || r.location === `${path}?already=1`)),
      resign.map((r) => `${r.status} ${r.location}`).join(', '),
    );
    const revote = await inParallel(
      visitors.filter((_, i) => outcomes.vote[i]!.kind !== 'confirmed'),
      CONCURRENCY,
      async (v) => {
        await v.fetchCsrf(second.url);
        return v.post(second.url, `${budget}/vote/confirm`, { project: String(projectId) });
      },
    );
    assert.ok(
      revote.every((r) => (r.status === 303 && r.location === `${budget}/vote/receipt`) || (r.status === 200 && r.body.includes('Ви вже проголосували'))),
      revote.map((r) => `${r.status} ${r.location}`).join(', '),
    );
    const afterRetries = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}`)).json()) as { signatureCount: number };
    assert.equal(afterRetries.signatureCount, SIGNERS + 1);
    assert.equal(shownVotes((await visitors[0]!.get(second.url, `${budget}/projects/${projectId}`)).body), SIGNERS);

    // Stopped cleanly, the database itself says the same.
    await second.stop();
    const d = await openDirect(where);
    try {
      assert.deepEqual(await petitionCounts(d.db, petitionId), { shown: SIGNERS + 1, rows: SIGNERS + 1, status: 'collecting' });
      const rows = await sql<{ user_id: number }>`select user_id from petition_signatures where petition_id = ${petitionId}`.execute(d.db);
      const stored = new Set(rows.rows.map((r) => r.user_id));
      assert.ok(
        signers.every((p) => stored.has(p.userId)),
        'every signer has one signature',
      );
      const ballots = await ballotCounts(d.db, contestId);
      assert.equal(ballots.ballots, SIGNERS, 'one ballot per person');
      assert.equal(ballots.voters, SIGNERS);
      assert.deepEqual(ballots.choices, { [projectId]: SIGNERS }, 'the votes counted equal the ballots');
    } finally {
      await d.close();
    }
  });
});

describe('PostgreSQL ends the app’s idle connections (a restart, a failover, an administrator)', { skip: adminUrl ? false : 'needs DATABASE_URL' }, () => {
  test('the process lives on and the next query gets a new connection', { timeout: 60_000 }, async () => {
    const pgdb = await freshPostgresDatabase(adminUrl!, 'idle');
    const database = await openDatabase({ databaseUrl: pgdb.url, dataDir: null });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // A connection that is now idle in the pool.
      await sql`select 1`.execute(database.db);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const ended = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
        new URL(pgdb.url).pathname.slice(1),
      ]);
      await admin.end();
      assert.ok(ended.rows.length > 0 && ended.rows.every((r: { ok: boolean }) => r.ok), 'the server ended the pool’s connection');
      for (let i = 0; i < 50 && warnings.length === 0; i++) await sleep(100);
      assert.match(warnings.join('\n'), /PostgreSQL ended an idle connection/, 'heard and told, not an uncaught error');
      const again = await sql<{ n: number }>`select 41 + 1 as n`.execute(database.db);
      assert.equal(again.rows[0]!.n, 42);
    } finally {
      process.off('warning', onWarning);
      await database.close();
      await pgdb.drop();
    }
  });
});
