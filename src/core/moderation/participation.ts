/**
 * Who a community's moderator may act on: only people who took part in that community, i.e. authored or
 * commented something there. The core knows no module's tables, so each module answers through its
 * manifest's `participatedIn`; `hasRowIn` is the one query they share.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ModuleManifest } from '../modules/manifest.js';

/** Is there a row of this person (in `column`) in this community's part of `table`? */
export async function hasRowIn(db: Db, table: string, column: string, communityId: number, userId: number): Promise<boolean> {
  const r = await sql<{
    one: number;
  }>`select 1 as one from ${sql.table(table)} where community_id = ${communityId} and ${sql.ref(column)} = ${userId} limit 1`.execute(db);
  return r.rows.length > 0;
}

/** Did this person author or comment anything in this community, in any module? */
export async function tookPartIn(modules: readonly ModuleManifest[], db: Db, communityId: number, userId: number): Promise<boolean> {
  for (const m of modules) {
    if (m.participatedIn && (await m.participatedIn(db, communityId, userId))) return true;
  }
  return false;
}
