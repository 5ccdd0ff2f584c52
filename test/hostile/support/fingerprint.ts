/**
 * A fingerprint of everything the app stores: per table, the number of rows and a hash of their contents.
 * Two equal fingerprints around a batch of refused requests prove that none of them changed anything —
 * not one row inserted, updated or deleted — without knowing what each route would have written.
 */
import { sql } from 'kysely';
import type { Db } from '../../../src/core/db/database.js';

/**
 * Bookkeeping that requests may touch and that grants nothing: rate-limit windows count attempts (refused
 * ones too, by design), sign-in states are made by GET pages. Sessions are kept in: they slide at most
 * once a day, so within a test a change there is a session made or ended.
 */
const BOOKKEEPING = new Set(['rate_limits', 'oauth_states', 'kysely_migration', 'kysely_migration_lock']);

export type Fingerprint = Map<string, string>;

export async function fingerprint(db: Db): Promise<Fingerprint> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Fingerprint = new Map();
  for (const { name } of tables.rows) {
    if (BOOKKEEPING.has(name)) continue;
    const r = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(string_agg(md5(x::text), '' order by md5(x::text))) as h from ${sql.table(name)} x`.execute(db);
    out.set(name, `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`);
  }
  return out;
}

/** The tables whose contents differ between two fingerprints, with their row counts before → after. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((n) => before.get(n) !== after.get(n))
    .map((n) => `${n} (rows ${before.get(n)?.split(':')[0] ?? '—'} → ${after.get(n)?.split(':')[0] ?? '—'})`);
}
