/**
 * An app process is killed with SIGKILL in the middle of a stream of signatures, then started again on
 * the same database: every signature that was confirmed (303 to the petition) is there, the count shown
 * equals the rows, and the people whose requests were cut off can sign afterwards, once.
 * Runs on PostgreSQL (DATABASE_URL) and on the embedded database (a PGlite data directory).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import {
  freePorts,
  freshPostgresDatabase,
  inParallel,
  makePeople,
  openDirect,
  openPetition,
  petitionCounts,
  seedCommunities,
  shownCount,
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

type Outcome = { kind: 'signed' } | { kind: 'other'; status: number; location: string | null } | { kind: 'cut-off'; error: string } | { kind: 'not-sent' };

describe(`SIGKILL in the middle of a stream of signatures (${adminUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  let pgdb: FreshDatabase | null = null;
  let dataDir: string | null = null;
  const running: AppProcess[] = [];
  const secretKey = randomBytes(24).toString('hex');
  let where: { databaseUrl: string | null; dataDir: string | null; secretKey: string };
  let signers: Person[] = [];
  let petitionId = 0;

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

  before(async () => {
    pgdb = adminUrl ? await freshPostgresDatabase(adminUrl, 'crash') : null;
    dataDir = pgdb ? null : await mkdtemp(join(tmpdir(), 'viche-crash-'));
    where = { databaseUrl: pgdb?.url ?? null, dataDir, secretKey };
    // Prepared before the app starts: a PGlite directory serves one process at a time.
    const d = await openDirect(where);
    try {
      await seedCommunities(d);
      const [author, ...rest] = await makePeople(d, SLUG, SIGNERS + 1, 'Аварійна');
      signers = rest;
      petitionId = await openPetition(d, { slug: SLUG, authorId: author!.userId, moderatorId: author!.userId, threshold: 10_000, title: 'Петиція, під час збору якої впав сервер', email: 'crash.author@example.com' });
    } finally {
      await d.close();
    }
  }, { timeout: 150_000 });

  after(async () => {
    await Promise.all(running.map((a) => a.stop()));
    await pgdb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('every confirmed signature survives the crash, and counts equal rows after the restart', { timeout: 150_000 }, async (t) => {
    const path = `/${SLUG}/petitions/${petitionId}`;
    const first = await start('instance before the crash');
    const visitors = signers.map((p) => new Visitor(p));
    await inParallel(visitors, 16, (v) => v.fetchCsrf(first.url));

    // A steady stream; once a third is confirmed the process is killed while requests are in flight.
    const outcomes: Outcome[] = visitors.map(() => ({ kind: 'not-sent' }));
    let confirmed = 0;
    let killing: Promise<void> | null = null;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < visitors.length && !killing) {
          const i = next++;
          try {
            const r = await visitors[i]!.post(first.url, `${path}/sign`, {}, 30_000);
            outcomes[i] = r.status === 303 && r.location === path ? { kind: 'signed' } : { kind: 'other', status: r.status, location: r.location };
            if (outcomes[i]!.kind === 'signed' && ++confirmed >= SIGNERS / 3) killing ??= first.kill();
          } catch (e) {
            outcomes[i] = { kind: 'cut-off', error: e instanceof Error ? e.message : String(e) };
          }
        }
      }),
    );
    await killing;
    const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
    t.diagnostic(`before the kill: ${count('signed')} confirmed, ${count('cut-off')} cut off, ${count('not-sent')} not sent`);
    assert.equal(count('other'), 0, `before the kill every attempt was confirmed: ${JSON.stringify(outcomes.filter((o) => o.kind === 'other').slice(0, 3))}\n${first.output()}`);
    assert.ok(count('signed') >= SIGNERS / 3, `${count('signed')} confirmed before the kill`);
    assert.ok(count('cut-off') > 0, 'the kill cut off requests in flight');
    assert.ok(count('not-sent') > 0, 'the stream was stopped in the middle');

    const second = await start('instance after the crash');
    const page = await visitors[0]!.get(second.url, path);
    const api = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}`)).json()) as { signatureCount: number };
    const list = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}/signatures`)).json()) as { items: { name: string }[]; total: number };
    assert.equal(shownCount(page.body), api.signatureCount, 'the page and the API show one count');
    assert.equal(list.total, api.signatureCount, 'the count equals the signatures listed');
    const names = new Set(list.items.map((s) => s.name));
    const lost = signers.filter((_, i) => outcomes[i]!.kind === 'signed' && !names.has(signers[i]!.name));
    assert.deepEqual(lost.map((p) => p.name), [], 'no confirmed signature is lost');
    // The author's and the confirmed ones, and at most the requests cut off (committed or not).
    t.diagnostic(`after the restart: ${api.signatureCount} signatures (the author's and ${api.signatureCount - 1} signers')`);
    assert.ok(api.signatureCount >= 1 + count('signed') && api.signatureCount <= 1 + count('signed') + count('cut-off'), `count ${api.signatureCount}`);

    // Everyone not confirmed tries again: those whose cut-off request had committed are told so.
    const retries = await inParallel(
      visitors.filter((_, i) => outcomes[i]!.kind !== 'signed'),
      CONCURRENCY,
      async (v) => {
        await v.fetchCsrf(second.url);
        return v.post(second.url, `${path}/sign`);
      },
    );
    assert.ok(retries.every((r) => r.status === 303 && (r.location === path || r.location === `${path}?already=1`)), retries.map((r) => `${r.status} ${r.location}`).join(', '));
    const afterRetries = (await (await fetch(`${second.url}/api/v1/petitions/${petitionId}`)).json()) as { signatureCount: number };
    assert.equal(afterRetries.signatureCount, SIGNERS + 1);

    // Stopped cleanly, the database itself says the same.
    await second.stop();
    const d = await openDirect(where);
    try {
      assert.deepEqual(await petitionCounts(d.db, petitionId), { shown: SIGNERS + 1, rows: SIGNERS + 1, status: 'collecting' });
      const rows = await sql<{ user_id: number }>`select user_id from petition_signatures where petition_id = ${petitionId}`.execute(d.db);
      const stored = new Set(rows.rows.map((r) => r.user_id));
      assert.ok(signers.every((p) => stored.has(p.userId)), 'every signer has one signature');
    } finally {
      await d.close();
    }
  });
});
