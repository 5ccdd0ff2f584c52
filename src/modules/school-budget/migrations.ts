import { communityNumberSql } from '../../core/db/community-numbers.js';
import { sql, type Kysely, type Migration } from 'kysely';
import { budgetMigrations } from '../budgets/index.js';

/**
 * The school budget's own tables: schools, what a school contest adds to the engine's contest (which grades
 * vote) and to its projects (the authors' class), and voting codes. Contests, projects, ballots and tallies
 * are the contest engine's tables (budgets-001), with owner 'school:<id>'; they are listed here too so the
 * module also migrates alone.
 *
 * A code row never points at a ballot, and a ballot never at a code: the one act that joins them, using a
 * code, sets `used_at` (rounded to the hour, like the ballot's time) in the transaction that inserts the
 * ballot under a random voter key.
 */
export const schoolBudgetMigrations: Record<string, Migration> = {
  ...budgetMigrations,
  'school-budget-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table school_schools (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) between 2 and 60),
          name text not null check (char_length(name) between 3 and 200),
          kind text not null check (kind in ('school', 'gymnasium', 'lyceum')),
          address text not null default '',
          students integer not null check (students between 1 and 10000),
          grade_from integer not null check (grade_from between 1 and 12),
          grade_to integer not null check (grade_to between 1 and 12 and grade_to >= grade_from),
          created_at timestamptz not null,
          updated_at timestamptz not null,
          unique (community_id, slug),
          unique (community_id, id)
        );

        create table school_contests (
          contest_id integer primary key references budget_contests(id) on delete cascade,
          community_id integer not null references communities(id),
          school_id integer not null references school_schools(id),
          grade_from integer not null check (grade_from between 1 and 12),
          grade_to integer not null check (grade_to between 1 and 12 and grade_to >= grade_from)
        );
        create index school_contests_school on school_contests (school_id, contest_id desc);

        create table school_projects (
          project_id integer primary key references budget_projects(id) on delete cascade,
          community_id integer not null references communities(id),
          school_id integer not null references school_schools(id),
          author_class text not null check (char_length(author_class) between 1 and 40)
        );

        create table school_code_batches (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          school_id integer not null references school_schools(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          class_label text check (class_label is null or char_length(class_label) between 1 and 10),
          size integer not null check (size between 1 and 2000),
          seed text not null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null,
          voided_at timestamptz
        );
        create index school_code_batches_contest on school_code_batches (contest_id, id);

        create table school_codes (
          batch_id integer not null references school_code_batches(id) on delete cascade,
          position integer not null check (position >= 0),
          community_id integer not null references communities(id),
          school_id integer not null references school_schools(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          code_hash text not null unique,
          used_at timestamptz,
          voided_at timestamptz,
          primary key (batch_id, position)
        );
        create index school_codes_contest on school_codes (contest_id);
      `.execute(db);
    },
  },
  // Issue #21: numbered within the community (№ 1, 2, … per community); the id stays the key.
  'school-budget-002-community-numbers': {
    async up(db: Kysely<unknown>) {
      await sql.raw(communityNumberSql('school_code_batches', 'school-code-sheets')).execute(db);
    },
  },
};
