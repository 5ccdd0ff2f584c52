/** Every module's migrations in one map, for the migrator: the caller passes the modules it runs. */
import type { Migration } from 'kysely';
import type { ModuleManifest } from './manifest.js';

export function moduleMigrations(list: readonly ModuleManifest[]): Record<string, Migration> {
  return Object.assign({}, ...list.map((m) => m.migrations ?? {})) as Record<string, Migration>;
}
