/**
 * `npm run backup` / `npm run restore` for the embedded database, run as an operator runs them (the CLI
 * in its own process, on a data directory the CLI seed filled): the restored copy holds the same rows and
 * the app serves the same counts from it. With DATABASE_URL the commands point to pg_dump instead.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { testConfig } from '../../src/core/config.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { openMigratedDatabase } from '../../src/core/bootstrap.js';
import { modules } from '../../src/modules/index.js';
import { buildApp, createContext } from '../../src/server.js';
import { makePeople, ROOT, shownCount } from './support/platform.js';
import { programArgs } from '../helpers/processes.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI of ours (as the npm scripts do, see programArgs) against the given DATA_DIR or DATABASE_URL. */
function cli(script: 'src/cli.ts' | 'src/backup.ts', args: string[], where: { DATA_DIR?: string; DATABASE_URL?: string }, timeoutMs = 90_000): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  Object.assign(env, where);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...programArgs(script), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const COUNTED = ['communities', 'users', 'petitions', 'petition_signatures'] as const;

async function counts(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // Every table of ours, not only the four named: a backup that lost any of them is not a backup.
  const tables = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(database.db);
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(database.db);
    out[name] = r.rows[0]!.n;
  }
  return out;
}

// The embedded database is what these commands back up; the PostgreSQL pass of the suite skips them.
describe('backups of the embedded database', { skip: process.env.DATABASE_URL ? 'covered by the PGlite pass' : false }, () => {
  let work = '';
  let original = '';
  let restored = '';
  let archive = '';
  const open: Database[] = [];

  before(
    async () => {
      work = await mkdtemp(join(tmpdir(), 'viche-backup-'));
      original = join(work, 'data');
      restored = join(work, 'restored');
      archive = join(work, 'backups', 'viche-test.tar.gz');
      const seeded = await cli('src/cli.ts', ['seed'], { DATA_DIR: original }, 190_000);
      assert.equal(seeded.code, 0, seeded.stderr);
      // The demo promises its people their roles until they sign in; a backup must also carry accounts.
      const d = await openDatabase({ databaseUrl: null, dataDir: original });
      try {
        await makePeople(d, 'lviv', 5, 'Архівна');
      } finally {
        await d.close();
      }
    },
    { timeout: 200_000 },
  );

  after(async () => {
    for (const d of open) await d.close().catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a backup restored into a new directory holds the same rows, and the app serves the same counts from it', { timeout: 180_000 }, async () => {
    const made = await cli('src/backup.ts', ['backup', archive], { DATA_DIR: original });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /backed up .* to .*viche-test\.tar\.gz \(\d+\.\d MB\)/);
    assert.ok(existsSync(archive));
    assert.ok(!existsSync(`${archive}.partial`), 'no partial file is left');

    const back = await cli('src/backup.ts', ['restore', archive], { DATA_DIR: restored });
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /restored .* into .*restored/);

    const a = await openDatabase({ databaseUrl: null, dataDir: original });
    open.push(a);
    const b = await openDatabase({ databaseUrl: null, dataDir: restored });
    open.push(b);
    const before = await counts(a);
    const afterRestore = await counts(b);
    for (const table of COUNTED) assert.ok((before[table] ?? 0) > 0, `the seed filled ${table}`);
    assert.deepEqual(afterRestore, before, 'every table has the same number of rows');
    const busiest = await sql<{ id: number; slug: string; signature_count: number }>`
      select p.id, c.slug, (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = p.id) as signature_count
      from petitions p join communities c on c.id = p.community_id
      where p.status = 'collecting' order by 3 desc limit 1`.execute(a.db);
    const petition = busiest.rows[0]!;
    await a.close();
    await b.close();
    open.length = 0;

    // The app, on the restored directory, as main.ts builds it.
    const config = testConfig({ dataDir: restored, databaseUrl: null, publicUrl: 'http://viche.test' });
    const database = await openMigratedDatabase(config, modules);
    open.push(database);
    const app = await buildApp(createContext({ config, database }));
    try {
      const page = await app.inject({ method: 'GET', url: `/${petition.slug}/petitions/${petition.id}` });
      assert.equal(page.statusCode, 200);
      assert.equal(shownCount(page.body), petition.signature_count, 'the restored copy shows the count the original had');
      const rows = await sql<{
        n: number;
      }>`select count(*)::int as n from petition_signatures where petition_id = ${petition.id} and invalidated_at is null`.execute(database.db);
      assert.equal(rows.rows[0]!.n, petition.signature_count, 'and that count equals its rows');
    } finally {
      await app.close();
    }
  });

  test(
    'refuses to back up a directory in use, and to restore over a database without --force; --force keeps the old one aside',
    { timeout: 150_000 },
    async () => {
      for (const d of open) await d.close();
      open.length = 0;

      const inUse = await openDatabase({ databaseUrl: null, dataDir: original });
      open.push(inUse);
      const busy = await cli('src/backup.ts', ['backup', join(work, 'backups', 'while-open.tar.gz')], { DATA_DIR: original });
      assert.equal(busy.code, 1);
      assert.match(busy.stderr, /looks in use: its postmaster\.pid exists/);
      assert.match(busy.stderr, /Stop the app/);
      assert.ok(!existsSync(join(work, 'backups', 'while-open.tar.gz')), 'nothing was written');
      await inUse.close();
      open.length = 0;

      const over = await cli('src/backup.ts', ['restore', archive], { DATA_DIR: restored });
      assert.equal(over.code, 1);
      assert.match(over.stderr, /is not empty: it holds a database\. .*add --force/);

      const forced = await cli('src/backup.ts', ['restore', archive, '--force'], { DATA_DIR: restored });
      assert.equal(forced.code, 0, forced.stderr);
      const aside = readdirSync(work).filter((n) => n.startsWith('restored.before-restore-'));
      assert.equal(aside.length, 1, 'the replaced database is kept');
      assert.ok(existsSync(join(work, aside[0]!, 'PG_VERSION')));
      assert.ok(existsSync(join(restored, 'PG_VERSION')));
      assert.deepEqual(
        readdirSync(work).filter((n) => n.includes('.restoring-')),
        [],
        'no staging directory is left',
      );

      const missing = await cli('src/backup.ts', ['restore', join(work, 'no-such.tar.gz')], { DATA_DIR: join(work, 'empty') });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /There is no file/);
    },
  );

  test('with DATABASE_URL nothing is written and the pg_dump / pg_restore commands are printed', { timeout: 60_000 }, async () => {
    const url = 'postgres://viche@db.example/viche';
    const dump = await cli('src/backup.ts', ['backup'], { DATABASE_URL: url, DATA_DIR: join(work, 'unused') });
    assert.equal(dump.code, 2);
    assert.match(dump.stdout, /pg_dump --format=custom --file=backups\/viche-\d{8}-\d{6}\.dump "\$DATABASE_URL"/);
    assert.ok(!dump.stdout.includes(url), 'the URL (and any password in it) is not echoed');
    const load = await cli('src/backup.ts', ['restore', 'backups/x.dump'], { DATABASE_URL: url });
    assert.equal(load.code, 2);
    assert.match(load.stdout, /pg_restore --clean --if-exists --no-owner --dbname="\$DATABASE_URL" backups\/x\.dump/);
    assert.ok(!existsSync(join(work, 'unused')));
    const usage = await cli('src/backup.ts', ['sideways'], {});
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage:/);
  });
});
