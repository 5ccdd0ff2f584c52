/**
 * Runs the core's migrations and every module's. Names are `<module>-<nnn>-<what>`; the core's sort first
 * because their prefix is `0-core`, and order between modules does not matter (a module only references
 * the core's tables).
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import * as core001 from './migrations/core-001-base.js';
import * as core002 from './migrations/core-002-stats-counters.js';
import * as core003 from './migrations/core-003-community-admin.js';
import * as core004 from './migrations/core-004-katottg.js';
import * as core005 from './migrations/core-005-residency.js';
import * as core006 from './migrations/core-006-email-confirmations.js';
import * as core007 from './migrations/core-007-phone-verification.js';
import * as core008 from './migrations/core-008-identity-links.js';
import * as core009 from './migrations/core-009-transparency-log.js';
import * as core010 from './migrations/core-010-log-counts.js';
import * as core011 from './migrations/core-011-follows.js';
import * as core012 from './migrations/core-012-community-numbers.js';
import * as core013 from './migrations/core-013-editor-role.js';

export const coreMigrations: Record<string, Migration> = {
  '0-core-001-base': core001,
  '0-core-002-stats-counters': core002,
  '0-core-003-community-admin': core003,
  '0-core-004-katottg': core004,
  '0-core-005-residency': core005,
  '0-core-006-email-confirmations': core006,
  '0-core-007-phone-verification': core007,
  '0-core-008-identity-links': core008,
  '0-core-009-transparency-log': core009,
  '0-core-010-log-counts': core010,
  '0-core-011-follows': core011,
  '0-core-012-community-numbers': core012,
  '0-core-013-editor-role': core013,
};

export async function migrateToLatest<T>(db: Kysely<T>, moduleMigrations: Record<string, Migration>): Promise<string[]> {
  const migrations = { ...coreMigrations, ...moduleMigrations };
  // A restart finds every migration applied: one query says so, without the migrator's lock table and
  // transaction (issue #19: a restart in < 3 s). Anything missing goes through the migrator as before.
  if (await allApplied(db, Object.keys(migrations))) return [];
  const migrator = new Migrator({
    db,
    allowUnorderedMigrations: true,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Whether Kysely's migration table already lists every one of `names`. */
async function allApplied<T>(db: Kysely<T>, names: string[]): Promise<boolean> {
  const table = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!table.rows[0]?.t) return false;
  const done = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(done.rows.map((r) => r.name));
  return names.every((n) => applied.has(n));
}
