/** The notice board's table (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export interface NoticesTable {
  id: Generated<number>;
  community_id: number;
  author_user_id: number | null;
  author_name: string;
  body: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type NoticeTables = { notices: NoticesTable };

export const tables = (db: Db) => db.withTables<NoticeTables>();
