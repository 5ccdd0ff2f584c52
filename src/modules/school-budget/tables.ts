/** Row types of the school budget's own tables, as Kysely sees them. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { BudgetTables } from '../budgets/index.js';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type SchoolKind = 'school' | 'gymnasium' | 'lyceum';

export interface SchoolsTable {
  id: Generated<number>;
  community_id: number;
  slug: string;
  name: string;
  kind: SchoolKind;
  address: string;
  students: number;
  grade_from: number;
  grade_to: number;
  created_at: Ts;
  updated_at: Ts;
}

export interface SchoolContestsTable {
  contest_id: number;
  community_id: number;
  school_id: number;
  grade_from: number;
  grade_to: number;
}

export interface SchoolProjectsTable {
  project_id: number;
  community_id: number;
  school_id: number;
  author_class: string;
}

export interface CodeBatchesTable {
  id: Generated<number>;
  /** Within the community: № 1, 2, … (a trigger assigns it; core/db/community-numbers.ts). */
  number: Generated<number>;
  community_id: number;
  school_id: number;
  contest_id: number;
  class_label: string | null;
  size: number;
  seed: string;
  created_by: number | null;
  created_at: Ts;
  voided_at: TsNull;
}

export interface CodesTable {
  batch_id: number;
  position: number;
  community_id: number;
  school_id: number;
  contest_id: number;
  code_hash: string;
  used_at: TsNull;
  voided_at: TsNull;
}

export type SchoolTables = BudgetTables & {
  school_schools: SchoolsTable;
  school_contests: SchoolContestsTable;
  school_projects: SchoolProjectsTable;
  school_code_batches: CodeBatchesTable;
  school_codes: CodesTable;
};

export const schoolTables = (db: Db) => db.withTables<SchoolTables>();
