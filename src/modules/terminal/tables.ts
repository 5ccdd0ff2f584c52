/** The terminals' tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Codepage, PaperStatus } from './rules.js';

export interface TerminalDevicesTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  place: string;
  office_id: number | null;
  codepage: ColumnType<Codepage, Codepage | undefined, Codepage>;
  key_hash: string;
  key_prefix: string;
  created_by: number | null;
  created_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  paper: ColumnType<PaperStatus, PaperStatus | undefined, PaperStatus>;
}

export interface TerminalActivityTable {
  terminal_id: number;
  /** The Kyiv calendar day, YYYY-MM-DD. */
  day: ColumnType<string, string, string>;
  kind: string;
  count: ColumnType<number, number | undefined, number>;
}

export type TerminalTables = {
  terminal_devices: TerminalDevicesTable;
  terminal_activity: TerminalActivityTable;
};

export const tables = (db: Db) => db.withTables<TerminalTables>();
