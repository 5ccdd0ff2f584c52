/** The appeals' table (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Channel, Status } from './rules.js';

export interface AppealsTable {
  id: Generated<number>;
  /** Per community, given by a trigger (core/db/community-numbers.ts). */
  number: Generated<number>;
  community_id: number;
  user_id: number | null;
  channel: Channel;
  author_name: string;
  email: string | null;
  lang: 'uk' | 'en';
  topic: string;
  body: string;
  status: ColumnType<Status, Status | undefined, Status>;
  received_at: ColumnType<Date, Date, never>;
  due_at: Date;
  assignee_user_id: number | null;
  extended_at: Date | null;
  extension_reason: string | null;
  answer: string | null;
  answered_at: Date | null;
  answered_by: number | null;
}

export type AppealsTables = { appeals: AppealsTable };

export const tables = (db: Db) => db.withTables<AppealsTables>();
