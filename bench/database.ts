/**
 * The bench's own database: created fresh on the server that DATABASE_URL names (or the local one), so
 * the bench never writes into a database that holds anything else, and dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops the database, closing whatever connections are left (a killed app's, say). */
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `viche_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The name is ours (hex), so it needs no quoting beyond what identifiers allow.
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function serverFacts(url: string): Promise<{ version: string; superuser: boolean; settings: Record<string, string> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const v = await c.query<{ server_version: string }>('show server_version');
    const su = await c.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    const s = await c.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
       where name in ('shared_buffers', 'max_connections', 'synchronous_commit', 'fsync', 'max_wal_size', 'work_mem')`,
    );
    return {
      version: v.rows[0]?.server_version ?? '?',
      superuser: su.rows[0]?.rolsuper ?? false,
      settings: Object.fromEntries(s.rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting])),
    };
  } finally {
    await c.end();
  }
}
