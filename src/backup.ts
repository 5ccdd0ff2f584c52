/**
 * `npm run backup [-- FILE]` and `npm run restore -- FILE [--force]`: backups of the embedded database
 * (PGlite in DATA_DIR) as one .tar.gz of its data directory. With DATABASE_URL the database is a
 * PostgreSQL server, whose own tools (pg_dump, pg_restore) do this better, so the commands are printed
 * instead and nothing is written.
 *
 * PGlite has no server to ask for a consistent copy, so the copy is taken by opening the directory here;
 * an app must not be running against it at the same time (see `inUse`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from './core/config.js';

const USAGE = `usage:
  backup [FILE]           copy the embedded database in DATA_DIR to FILE
                          (default backups/viche-YYYYMMDD-HHMMSS.tar.gz, UTC)
  restore FILE [--force]  put the backup FILE into DATA_DIR; --force replaces a database already there
                          (it is kept aside, not deleted)
Stop the app (npm start) first: the embedded database serves one process at a time.`;

/** Exit codes: 0 done; 1 refused or failed; 2 nothing done (usage, or PostgreSQL's tools apply). */
type Exit = 0 | 1 | 2;

class Refusal extends Error {}

/** 20270104-091500: sortable, no characters that need quoting, UTC so that it never repeats at DST. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * PGlite writes postmaster.pid when it opens a directory and removes it when it closes cleanly. It does
 * not lock the directory, and two processes writing one directory corrupt it, so the file is taken as
 * "in use" unless the operator says the app is stopped (it also stays after a crash).
 */
function inUse(dataDir: string): boolean {
  return existsSync(join(dataDir, 'postmaster.pid'));
}

function assertNotInUse(dataDir: string, force: boolean, what: string): void {
  if (!inUse(dataDir) || force) return;
  throw new Refusal(
    `${dataDir} looks in use: its postmaster.pid exists, so an app (npm start) has the database open, or one stopped without shutting down.\n` +
      `Stop the app and ${what} again. If no app is running (it crashed or was killed), add --force: the database recovers as it opens.`,
  );
}

function hasDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** A backup is only as good as a restore: the archive is opened in memory and must hold our schema. */
async function verifyArchive(archive: Blob): Promise<void> {
  const pg = await PGlite.create({ loadDataDir: archive });
  try {
    await pg.query('select count(*) from kysely_migration');
  } finally {
    await pg.close();
  }
}

async function backup(dataDir: string, file: string | undefined, force: boolean): Promise<Exit> {
  if (!hasDatabase(dataDir)) throw new Refusal(`There is no database in ${dataDir} (no PG_VERSION). Set DATA_DIR to the app's data directory.`);
  assertNotInUse(dataDir, force, 'run the backup');
  const target = resolve(file ?? join('backups', `viche-${stamp(new Date())}.tar.gz`));
  if (existsSync(target)) throw new Refusal(`${target} already exists; choose another file name.`);
  mkdirSync(dirname(target), { recursive: true });

  // Opened as the app opens it, so a directory left by a crash is recovered first; a checkpoint then
  // writes everything into the data files, so the copy does not depend on replaying the log.
  const pg = await PGlite.create(dataDir);
  let archive: Blob;
  try {
    await pg.exec('checkpoint');
    archive = await pg.dumpDataDir('gzip');
  } finally {
    await pg.close();
  }
  await verifyArchive(archive);
  // Written under another name first: an interrupted run never leaves a truncated file that looks whole.
  const partial = `${target}.partial`;
  writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
  renameSync(partial, target);
  console.log(`backed up ${dataDir} to ${target} (${megabytes(archive.size)})`);
  return 0;
}

async function restore(dataDir: string, file: string | undefined, force: boolean): Promise<Exit> {
  if (!file) throw new Refusal(`Which backup? ${USAGE}`);
  const source = resolve(file);
  if (!existsSync(source)) throw new Refusal(`There is no file ${source}.`);
  const replacing = !isEmptyDir(dataDir);
  if (replacing && !force) {
    throw new Refusal(
      `${dataDir} is not empty${hasDatabase(dataDir) ? ': it holds a database' : ''}. Restore into an empty DATA_DIR, or stop the app and add --force to replace it (the current one is kept aside).`,
    );
  }
  if (replacing) assertNotInUse(dataDir, force, 'restore');

  // Unpacked beside the target and opened once before it takes the target's place, so a bad archive
  // leaves DATA_DIR as it was.
  const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    const pg = await PGlite.create(staging, { loadDataDir: new Blob([readFileSync(source)]) });
    try {
      await pg.query('select count(*) from kysely_migration');
    } finally {
      await pg.close();
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw new Refusal(`${source} is not a backup that can be restored: ${e instanceof Error ? e.message : String(e)}`);
  }
  let keptAside: string | null = null;
  if (existsSync(dataDir)) {
    if (replacing) {
      keptAside = `${dataDir}.before-restore-${stamp(new Date())}`;
      renameSync(dataDir, keptAside);
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  renameSync(staging, dataDir);
  console.log(`restored ${source} into ${dataDir}${keptAside ? `; the database that was there is kept in ${keptAside}` : ''}`);
  console.log('Start the app as usual: it brings the schema up to date if the backup is older.');
  return 0;
}

function postgresInstructions(command: 'backup' | 'restore', file: string | undefined): Exit {
  const dump = file ?? `backups/viche-${stamp(new Date())}.dump`;
  console.log(
    command === 'backup'
      ? `The database is PostgreSQL (DATABASE_URL): nothing was written. Back it up with pg_dump, which takes a consistent copy while the app runs:\n\n` +
          `  mkdir -p backups && pg_dump --format=custom --file=${dump} "$DATABASE_URL"\n`
      : `The database is PostgreSQL (DATABASE_URL): nothing was restored. Stop the app, then restore with pg_restore:\n\n` +
          `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${file ?? 'backups/viche-YYYYMMDD-HHMMSS.dump'}\n\n` +
          `or into a new empty database (createdb viche_restored) and point DATABASE_URL at it.`,
  );
  return 2;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Exit> {
  const [command, ...rest] = argv;
  const force = rest.includes('--force');
  const positional = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--force');
  if ((command !== 'backup' && command !== 'restore') || positional.length > 1 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  // Backups copy files and never use the secret, so they run without SECRET_KEY even when DEMO=0.
  const config = loadConfig({ ...env, DEMO: '1' });
  if (config.databaseUrl) return postgresInstructions(command, positional[0]);
  const dataDir = resolve(config.dataDir);
  try {
    return command === 'backup' ? await backup(dataDir, positional[0], force) : await restore(dataDir, positional[0], force);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    console.error(e.message);
    return 1;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
