/** Opening the database, migrating it and (in demo mode) seeding it: shared by start, CLI and tests. */
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { moduleMigrations } from './modules/migrations.js';
import type { ModuleManifest } from './modules/manifest.js';

export async function openMigratedDatabase(
  config: Config,
  modules: readonly ModuleManifest[],
  opts: { inMemory?: boolean; loadDataDir?: Blob | Uint8Array } = {},
): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    dataDir: opts.inMemory ? null : config.dataDir,
    loadDataDir: opts.loadDataDir,
  });
  try {
    await migrateToLatest(database.db, moduleMigrations(modules));
  } catch (e) {
    // Closed here, or its pool's open connections would keep the process alive after the error.
    await database.close().catch(() => undefined);
    throw e;
  }
  return database;
}
