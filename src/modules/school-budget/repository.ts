/**
 * Schools, their contests (the contest engine's, owned by 'school:<id>') and what the school budget adds
 * to them: the grades that vote, the authors' class of a project, school moderators, and voting codes.
 * Queries only: the changes, each with its audit entry, are in service.ts.
 */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { listCategories, listContests, type Category, type Contest } from '../budgets/index.js';
import { deriveCode } from './rules.js';
import { schoolTables, type SchoolKind, type SchoolsTable } from './tables.js';

export interface School {
  id: number;
  communityId: number;
  slug: string;
  name: string;
  kind: SchoolKind;
  address: string;
  students: number;
  gradeFrom: number;
  gradeTo: number;
}

/** What the school form sets: everything but the id, the community and the page address. */
export type SchoolInput = Omit<School, 'id' | 'communityId' | 'slug'>;

export const ownerOf = (s: Pick<School, 'id'>): string => `school:${s.id}`;

/** The school id behind a contest owner, or null for the community budget's contests. */
export function schoolIdOfOwner(owner: string): number | null {
  const m = /^school:(\d{1,9})$/.exec(owner);
  return m ? Number(m[1]) : null;
}

type SchoolRow = Omit<Selectable<SchoolsTable>, 'created_at' | 'updated_at'>;

function toSchool(r: SchoolRow): School {
  return {
    id: r.id,
    communityId: r.community_id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    address: r.address,
    students: r.students,
    gradeFrom: r.grade_from,
    gradeTo: r.grade_to,
  };
}

const SCHOOL_COLUMNS = ['id', 'community_id', 'slug', 'name', 'kind', 'address', 'students', 'grade_from', 'grade_to'] as const;

export async function listSchools(db: Db, communityId: number): Promise<School[]> {
  const rows = await schoolTables(db).selectFrom('school_schools').select(SCHOOL_COLUMNS).where('community_id', '=', communityId).orderBy('name').execute();
  return rows.map(toSchool);
}

export async function findSchool(db: Db, communityId: number, slug: string): Promise<School | null> {
  if (!/^[a-z0-9-]{2,60}$/.test(slug)) return null;
  const r = await schoolTables(db)
    .selectFrom('school_schools')
    .select(SCHOOL_COLUMNS)
    .where('community_id', '=', communityId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return r ? toSchool(r) : null;
}

export async function findSchoolById(db: Db, id: number): Promise<School | null> {
  const r = await schoolTables(db).selectFrom('school_schools').select(SCHOOL_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toSchool(r) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Contests

export interface Grades {
  from: number;
  to: number;
}

/** A school's contests, the latest first. */
export async function schoolContests(db: Db, school: School): Promise<Contest[]> {
  return listContests(db, school.communityId, { owner: ownerOf(school) });
}

export async function contestGrades(db: Db, contestId: number): Promise<Grades | null> {
  const r = await schoolTables(db).selectFrom('school_contests').select(['grade_from', 'grade_to']).where('contest_id', '=', contestId).executeTakeFirst();
  return r ? { from: r.grade_from, to: r.grade_to } : null;
}

/** The one category of a school contest: all the school's projects compete for the whole budget. */
export const SCHOOL_CATEGORY_CODE = 'S';

export async function schoolCategory(db: Db, contest: Contest): Promise<Category | null> {
  return (await listCategories(db, contest.id))[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Projects: the authors' class

export async function authorClasses(db: Db, projectIds: number[]): Promise<Map<number, string>> {
  if (projectIds.length === 0) return new Map();
  const rows = await schoolTables(db).selectFrom('school_projects').select(['project_id', 'author_class']).where('project_id', 'in', projectIds).execute();
  return new Map(rows.map((r) => [r.project_id, r.author_class]));
}

// ---------------------------------------------------------------------------------------------------------
// School moderators: a role scoped to the school's slug, handed over at sign-in (the core's pending grants)

export async function schoolModerators(db: Db, school: School): Promise<{ active: string[]; invited: string[] }> {
  const active = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.last_name', 'u.first_name', 'u.patronymic', 'u.email'])
    .where('r.role', '=', 'school_moderator')
    .where('r.community_id', '=', school.communityId)
    .where('r.scope', '=', school.slug)
    .where('u.deleted_at', 'is', null)
    .orderBy('u.last_name')
    .execute();
  const invited = await db
    .selectFrom('role_grants_pending')
    .select('email')
    .where('role', '=', 'school_moderator')
    .where('community_id', '=', school.communityId)
    .where('scope', '=', school.slug)
    .where('claimed_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  return {
    active: active.map((u) => [u.last_name, u.first_name, u.patronymic].filter(Boolean).join(' ') || u.email || '—'),
    invited: invited.map((r) => r.email!),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Voting codes

export const MAX_BATCH = 2000;

export interface CodeBatch {
  id: number;
  /** Within the community: the sheet's «№ N» (`id` stays the key and the URL). */
  number: number;
  schoolId: number;
  contestId: number;
  classLabel: string | null;
  size: number;
  seed: string;
  createdAt: Date;
  voidedAt: Date | null;
  used: number;
  voided: number;
}

export interface CodeTotals {
  issued: number;
  used: number;
  voided: number;
}

export async function listBatches(db: Db, contestId: number): Promise<CodeBatch[]> {
  const rows = await schoolTables(db)
    .selectFrom('school_code_batches as b')
    .leftJoin('school_codes as c', 'c.batch_id', 'b.id')
    .select([
      'b.id',
      'b.number',
      'b.school_id',
      'b.contest_id',
      'b.class_label',
      'b.size',
      'b.seed',
      'b.created_at',
      'b.voided_at',
      sql<number>`count(c.used_at)::int`.as('used'),
      sql<number>`count(c.voided_at)::int`.as('voided'),
    ])
    .where('b.contest_id', '=', contestId)
    .groupBy('b.id')
    .orderBy('b.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    schoolId: r.school_id,
    contestId: r.contest_id,
    classLabel: r.class_label,
    size: r.size,
    seed: r.seed,
    createdAt: r.created_at,
    voidedAt: r.voided_at,
    used: r.used,
    voided: r.voided,
  }));
}

export async function findBatch(db: Db, contestId: number, batchId: number): Promise<CodeBatch | null> {
  return (await listBatches(db, contestId)).find((b) => b.id === batchId) ?? null;
}

export async function codeTotals(db: Db, contestIds: number[]): Promise<Map<number, CodeTotals>> {
  if (contestIds.length === 0) return new Map();
  const rows = await schoolTables(db)
    .selectFrom('school_codes')
    .select([
      'contest_id',
      sql<number>`count(*)::int`.as('issued'),
      sql<number>`count(used_at)::int`.as('used'),
      sql<number>`count(voided_at)::int`.as('voided'),
    ])
    .where('contest_id', 'in', contestIds)
    .groupBy('contest_id')
    .execute();
  return new Map(rows.map((r) => [r.contest_id, { issued: r.issued, used: r.used, voided: r.voided }]));
}

/** The codes of a batch for its printed sheet, with the positions voided one by one. */
export async function sheetCodes(db: Db, secretKey: string, batch: CodeBatch): Promise<{ position: number; code: string; voided: boolean }[]> {
  const voided = new Set(
    (await schoolTables(db).selectFrom('school_codes').select('position').where('batch_id', '=', batch.id).where('voided_at', 'is not', null).execute()).map(
      (r) => r.position,
    ),
  );
  return Array.from({ length: batch.size }, (_, i) => ({ position: i, code: deriveCode(secretKey, batch.seed, i), voided: voided.has(i) }));
}

export interface CodeRow {
  communityId: number;
  schoolId: number;
  contestId: number;
  usedAt: Date | null;
  voidedAt: Date | null;
}

export async function findCode(db: Db, hash: string): Promise<CodeRow | null> {
  const r = await schoolTables(db)
    .selectFrom('school_codes')
    .select(['community_id', 'school_id', 'contest_id', 'used_at', 'voided_at'])
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  return r ? { communityId: r.community_id, schoolId: r.school_id, contestId: r.contest_id, usedAt: r.used_at, voidedAt: r.voided_at } : null;
}

/**
 * Takes the code: only one transaction can flip `used_at` from null, the others wait on the row and then
 * find it used. Called inside the transaction that inserts the ballot.
 */
export async function takeCode(trx: Db, a: { hash: string; contestId: number; at: Date }): Promise<boolean> {
  const r = await schoolTables(trx)
    .updateTable('school_codes')
    .set({ used_at: a.at })
    .where('code_hash', '=', a.hash)
    .where('contest_id', '=', a.contestId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .returning('position')
    .executeTakeFirst();
  return !!r;
}
