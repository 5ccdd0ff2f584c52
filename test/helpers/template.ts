/**
 * Databases made once per test run, which each test file copies instead of making its own: the fully
 * seeded one (every module's demo), one only migrated (all modules, no data), and, on PGlite, one only
 * initialised (for apps with their own list of modules). On PGlite they are dumps (plain tarballs:
 * gunzipping one in every file cost more than reading it); on PostgreSQL, template databases. Seeding every
 * module's demo takes seconds, PGlite's initdb four seconds of CPU and the migrations one; a copy takes a
 * fraction of that, which keeps the suite (and CI) short.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { testConfig } from '../../src/core/config.js';
import { openMigratedDatabase } from '../../src/core/bootstrap.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import { moduleMigrations } from '../../src/core/modules/migrations.js';
import { seedDemo } from '../../src/core/demo/seed.js';
import { modules } from '../../src/modules/index.js';
import { createContext } from '../../src/server.js';

/** Identity keys in the template are keyed with this secret, so apps made from it must use it too. */
export const TEMPLATE_SECRET = 'viche-test-template-secret';
const ENV = 'VICHE_TEST_TEMPLATE';

/** Where a test database starts: the seeded demo, all modules' tables without data, or an empty cluster. */
export type TemplateStart = 'seeded' | 'migrated' | 'empty';

/** VICHE_TEST_TEMPLATE: `postgres:NAME` (NAME seeded, NAME_migrated), or the PGlite dumps' common path prefix. */
export type Template = { kind: 'pglite'; prefix: string } | { kind: 'postgres'; database: string };

export function currentTemplate(): Template | null {
  const v = process.env[ENV];
  if (!v) return null;
  return v.startsWith('postgres:') ? { kind: 'postgres', database: v.slice('postgres:'.length) } : { kind: 'pglite', prefix: v };
}

const dumpFile = (prefix: string, start: TemplateStart) => `${prefix}.${start}.tar`;

/** The PostgreSQL template database for `start`; null: the server's own empty template. */
export function postgresTemplate(t: Extract<Template, { kind: 'postgres' }>, start: TemplateStart): string | null {
  return start === 'seeded' ? t.database : start === 'migrated' ? `${t.database}_migrated` : null;
}

export async function pgliteTemplateData(t: Extract<Template, { kind: 'pglite' }>, start: TemplateStart): Promise<Uint8Array> {
  return readFile(dumpFile(t.prefix, start));
}

async function dump(db: Database, file: string): Promise<void> {
  // A checkpoint first: each copy then starts without replaying WAL, and the dump keeps one segment of it.
  await sql`checkpoint`.execute(db.db);
  await writeFile(file, Buffer.from(await (await db.dumpDataDir!('none')).arrayBuffer()));
}

async function adminQuery(adminUrl: string, query: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(query);
  } finally {
    await admin.end();
  }
}

/** Makes the templates and returns the value for VICHE_TEST_TEMPLATE; on PGlite `prefix` names the dumps. */
export async function makeTemplate(prefix: string): Promise<string> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const database = `viche_template_${process.pid}_${randomBytes(3).toString('hex')}`;
    const migrated = `${database}_migrated`;
    const urlOf = (name: string) => {
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    };
    await adminQuery(adminUrl, `create database ${migrated}`);
    const config = { ...testConfig({ databaseUrl: urlOf(migrated), publicUrl: 'http://viche.test' }), secretKey: TEMPLATE_SECRET };
    await (await openMigratedDatabase(config, modules)).close();
    await adminQuery(adminUrl, `create database ${database} template ${migrated}`);
    const db = await openMigratedDatabase({ ...config, databaseUrl: urlOf(database) }, modules);
    await seedDemo(createContext({ config, database: db }));
    await db.close();
    return `postgres:${database}`;
  }
  const config = { ...testConfig({ databaseUrl: null, publicUrl: 'http://viche.test' }), secretKey: TEMPLATE_SECRET };
  const db = await openDatabase({ databaseUrl: null, dataDir: null });
  try {
    await dump(db, dumpFile(prefix, 'empty'));
    await migrateToLatest(db.db, moduleMigrations(modules));
    await dump(db, dumpFile(prefix, 'migrated'));
    await seedDemo(createContext({ config, database: db }));
    await dump(db, dumpFile(prefix, 'seeded'));
  } finally {
    await db.close();
  }
  return prefix;
}

export async function dropTemplate(value: string): Promise<void> {
  const t = value.startsWith('postgres:')
    ? { kind: 'postgres' as const, database: value.slice('postgres:'.length) }
    : { kind: 'pglite' as const, prefix: value };
  if (t.kind === 'pglite') {
    for (const start of ['seeded', 'migrated', 'empty'] as const) await rm(dumpFile(t.prefix, start), { force: true });
    return;
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return;
  // The seeded one first: it was copied from the migrated one.
  for (const name of [t.database, postgresTemplate(t, 'migrated')!]) await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}
