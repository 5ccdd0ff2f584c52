/**
 * The database of record: embedded PGlite in DATA_DIR by default, a PostgreSQL server when DATABASE_URL
 * is set. Both speak the same SQL and run the same migrations.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { CoreTables } from './schema.js';

export type Db = Kysely<CoreTables>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, gzipped unless told (backups, test templates). */
  dumpDataDir?: (compression?: 'gzip' | 'none') => Promise<Blob>;
}

// bigint counts and ids come back as numbers on both drivers (our values stay far below 2^53).
pg.types.setTypeParser(20, (v: string) => Number(v));
// Dates (not timestamps) stay as they are stored, 'YYYY-MM-DD', rather than shifting through local time.
pg.types.setTypeParser(1082, (v: string) => v);

export interface OpenOptions {
  databaseUrl: string | null;
  /** A folder for PGlite, or null for an in-memory database (tests). */
  dataDir: string | null;
  poolSize?: number;
  /** PGlite only: start from a dump made with dumpDataDir() (tests start from a seeded template). */
  loadDataDir?: Blob | Uint8Array;
}

/**
 * An in-memory database (the tests) starts with a small buffer pool and keeps little WAL: its start takes
 * time in proportion to shared_buffers (128 MB by default: about 0.6 s of CPU more per start than 16 MB,
 * and every test file starts at least one), and a dump then carries one WAL segment, not five.
 */
const IN_MEMORY_PARAMS = ['-c', 'shared_buffers=16MB', '-c', 'min_wal_size=32MB', '-c', 'wal_recycle=off'];

/**
 * PGlite reads a dump with `blob.arrayBuffer()`, which Node 20 serves through a stream, chunk by chunk:
 * for a test template (60 MB) that copy cost more CPU than the untar. Bytes already in memory are handed
 * over as they are, under the two members PGlite reads (`type`: not gzip; `arrayBuffer`).
 */
function dumpFromBytes(bytes: Uint8Array): Blob {
  const view = {
    type: 'application/x-tar',
    size: bytes.byteLength,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  };
  return view as unknown as Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection that the server ends (a restart, a failover, an administrator, or a test's
    // database dropped while the pool is closing) is an 'error' of the pool; unheard, it would crash the
    // process. The pool has already dropped that client; the next query opens a new one.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL ended an idle connection: ${err.message}`));
    // A connection that ends while it is checked out (its backend terminated mid-query) fails that query,
    // and its client also emits 'error', which the pool listens to only while the client is idle; unheard,
    // that too would crash the process. The failed query is the caller's to handle.
    pool.on('connect', (client) => client.on('error', (err) => process.emitWarning(`PostgreSQL ended a connection in use: ${err.message}`)));
    const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const load = opts.loadDataDir instanceof Uint8Array ? dumpFromBytes(opts.loadDataDir) : opts.loadDataDir;
  const client = await PGlite.create(opts.dataDir ?? undefined, {
    ...(load ? { loadDataDir: load } : {}),
    ...(opts.dataDir ? {} : { startParams: [...PGlite.defaultStartParams, ...IN_MEMORY_PARAMS] }),
    parsers: {
      [pgliteTypes.INT8]: (v: string) => Number(v),
      [pgliteTypes.DATE]: (v: string) => v,
    },
  });
  const db = new Kysely<CoreTables>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy(), dumpDataDir: (compression = 'gzip') => client.dumpDataDir(compression) };
}
