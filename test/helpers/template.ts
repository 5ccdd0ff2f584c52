/**
 * A seeded database made once per test run, which each test file copies instead of seeding again: a
 * gzipped PGlite dump, or a PostgreSQL template database. Seeding every module's demo takes seconds;
 * copying takes a fraction of that, which keeps the suite (and CI) short.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testConfig } from '../../src/core/config.js';
import { openMigratedDatabase } from '../../src/core/bootstrap.js';
import { seedDemo } from '../../src/core/demo/seed.js';
import { modules } from '../../src/modules/index.js';
import { createContext } from '../../src/server.js';

/** Identity keys in the template are keyed with this secret, so apps made from it must use it too. */
export const TEMPLATE_SECRET = 'viche-test-template-secret';
const ENV = 'VICHE_TEST_TEMPLATE';

export type Template = { kind: 'pglite'; file: string } | { kind: 'postgres'; database: string };

export function currentTemplate(): Template | null {
  const v = process.env[ENV];
  if (!v) return null;
  return v.startsWith('postgres:') ? { kind: 'postgres', database: v.slice('postgres:'.length) } : { kind: 'pglite', file: v };
}

export async function pgliteTemplateData(t: Extract<Template, { kind: 'pglite' }>): Promise<Blob> {
  return new Blob([await readFile(t.file)]);
}

/** Makes the template and returns the value for VICHE_TEST_TEMPLATE. */
export async function makeTemplate(file: string): Promise<string> {
  const adminUrl = process.env.DATABASE_URL;
  let database: string | null = null;
  let url: string | null = null;
  if (adminUrl) {
    database = `viche_template_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    url = u.toString();
  }
  const config = { ...testConfig({ databaseUrl: url, publicUrl: 'http://viche.test' }), secretKey: TEMPLATE_SECRET };
  const db = await openMigratedDatabase(config, modules, { inMemory: true });
  await seedDemo(createContext({ config, database: db }));
  if (db.dumpDataDir) await writeFile(file, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  await db.close();
  return database ? `postgres:${database}` : file;
}

export async function dropTemplate(value: string): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!value.startsWith('postgres:') || !adminUrl) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${value.slice('postgres:'.length)} with (force)`);
  await admin.end();
}
