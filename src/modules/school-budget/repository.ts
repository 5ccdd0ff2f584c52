/**
 * Schools, their contests (the contest engine's, owned by 'school:<id>') and what the school budget adds
 * to them: the grades that vote, the authors' class of a project, school moderators, and voting codes.
 * Every change writes its audit entry in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges } from '../../core/audit/field-changes.js';
import { inTransaction } from '../../core/db/transaction.js';
import {
  addCategory,
  ContestFrozenError,
  createContest,
  findContest,
  hasBallots,
  listCategories,
  listContests,
  updateCategory,
  updateContest,
  votingStarted,
  type Category,
  type Contest,
  type ContestInput,
} from '../budgets/index.js';
import { deriveCode, hashCode, parseCode } from './rules.js';
import { schoolTables, type SchoolKind } from './tables.js';

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

export interface SchoolInput {
  name: string;
  kind: SchoolKind;
  address: string;
  students: number;
  gradeFrom: number;
  gradeTo: number;
}

export const ownerOf = (s: Pick<School, 'id'>): string => `school:${s.id}`;

/** The school id behind a contest owner, or null for the community budget's contests. */
export function schoolIdOfOwner(owner: string): number | null {
  const m = /^school:(\d{1,9})$/.exec(owner);
  return m ? Number(m[1]) : null;
}

type SchoolRow = { id: number; community_id: number; slug: string; name: string; kind: SchoolKind; address: string; students: number; grade_from: number; grade_to: number };

function toSchool(r: SchoolRow): School {
  return { id: r.id, communityId: r.community_id, slug: r.slug, name: r.name, kind: r.kind, address: r.address, students: r.students, gradeFrom: r.grade_from, gradeTo: r.grade_to };
}

const SCHOOL_COLUMNS = ['id', 'community_id', 'slug', 'name', 'kind', 'address', 'students', 'grade_from', 'grade_to'] as const;

export async function listSchools(db: Db, communityId: number): Promise<School[]> {
  const rows = await schoolTables(db).selectFrom('school_schools').select(SCHOOL_COLUMNS).where('community_id', '=', communityId).orderBy('name').execute();
  return rows.map(toSchool);
}

export async function findSchool(db: Db, communityId: number, slug: string): Promise<School | null> {
  if (!/^[a-z0-9-]{2,60}$/.test(slug)) return null;
  const r = await schoolTables(db).selectFrom('school_schools').select(SCHOOL_COLUMNS).where('community_id', '=', communityId).where('slug', '=', slug).executeTakeFirst();
  return r ? toSchool(r) : null;
}

export async function findSchoolById(db: Db, id: number): Promise<School | null> {
  const r = await schoolTables(db).selectFrom('school_schools').select(SCHOOL_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toSchool(r) : null;
}

export async function createSchool(db: Db, a: { communityId: number; slug: string; input: SchoolInput; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const i = a.input;
    const r = await schoolTables(trx)
      .insertInto('school_schools')
      .values({ community_id: a.communityId, slug: a.slug, name: i.name, kind: i.kind, address: i.address, students: i.students, grade_from: i.gradeFrom, grade_to: i.gradeTo, created_at: a.now, updated_at: a.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { communityId: a.communityId, actorUserId: a.actorUserId, action: 'school.created', subjectType: 'school', subjectId: r.id, after: { slug: a.slug, ...i } });
    return r.id;
  });
}

export async function updateSchool(db: Db, a: { school: School; input: SchoolInput; actorUserId: number | null; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const i = a.input;
    await schoolTables(trx)
      .updateTable('school_schools')
      .set({ name: i.name, kind: i.kind, address: i.address, students: i.students, grade_from: i.gradeFrom, grade_to: i.gradeTo, updated_at: a.now })
      .where('id', '=', a.school.id)
      .execute();
    const s = a.school;
    const before = { name: s.name, kind: s.kind, address: s.address, students: s.students, gradeFrom: s.gradeFrom, gradeTo: s.gradeTo };
    await recordAudit(trx, { communityId: s.communityId, actorUserId: a.actorUserId, action: 'school.updated', subjectType: 'school', subjectId: s.id, before, after: i });
  });
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

/** The grades that vote, as the contest's audit entries keep them (they decide who gets a code). */
const gradeFields = (g: Grades) => ({ gradeFrom: g.from, gradeTo: g.to });

export async function createSchoolContest(db: Db, a: { school: School; input: ContestInput; grades: Grades; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const id = await createContest(trx, { communityId: a.school.communityId, owner: ownerOf(a.school), input: a.input, actorUserId: a.actorUserId, now: a.now });
    const contest = (await findContest(trx, id))!;
    await addCategory(trx, { contest, input: { code: SCHOOL_CATEGORY_CODE, name: 'Проєкти учнів', budget: a.input.totalBudget, minCost: 0, maxCost: a.input.totalBudget }, actorUserId: a.actorUserId, now: a.now });
    await schoolTables(trx).insertInto('school_contests').values({ contest_id: id, community_id: a.school.communityId, school_id: a.school.id, grade_from: a.grades.from, grade_to: a.grades.to }).execute();
    await recordAudit(trx, { communityId: a.school.communityId, actorUserId: a.actorUserId, action: 'school.contest.grades', subjectType: 'budget_contest', subjectId: id, after: auditSnapshot(gradeFields(a.grades)) });
    return id;
  });
}

/**
 * Saves the school's contest form through the engine, which refuses frozen rules (ContestFrozenError); the
 * grades that vote freeze with them, and the one category's budget follows the contest's.
 */
export async function updateSchoolContest(db: Db, a: { contest: Contest; input: ContestInput; grades: Grades; actorUserId: number | null; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    await updateContest(trx, { contest: a.contest, input: a.input, actorUserId: a.actorUserId, now: a.now });
    const before = await contestGrades(trx, a.contest.id);
    const changes = before ? fieldChanges(gradeFields(before), gradeFields(a.grades)) : null;
    if (changes && votingStarted(a.contest, a.now, await hasBallots(trx, a.contest.id))) throw new ContestFrozenError(Object.keys(changes.after));
    const category = await schoolCategory(trx, a.contest);
    if (category && category.budget !== a.input.totalBudget) {
      await updateCategory(trx, { contest: a.contest, category, input: { code: category.code, name: category.name, budget: a.input.totalBudget, minCost: 0, maxCost: a.input.totalBudget }, actorUserId: a.actorUserId, now: a.now });
    }
    if (changes) {
      await schoolTables(trx).updateTable('school_contests').set({ grade_from: a.grades.from, grade_to: a.grades.to }).where('contest_id', '=', a.contest.id).execute();
      await recordAudit(trx, { communityId: a.contest.communityId, actorUserId: a.actorUserId, action: 'school.contest.grades', subjectType: 'budget_contest', subjectId: a.contest.id, before: changes.before, after: changes.after });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Projects: the authors' class

export async function setAuthorClass(db: Db, a: { projectId: number; school: School; authorClass: string }): Promise<void> {
  await schoolTables(db)
    .insertInto('school_projects')
    .values({ project_id: a.projectId, community_id: a.school.communityId, school_id: a.school.id, author_class: a.authorClass })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ author_class: a.authorClass }))
    .execute();
}

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

/** Promises the role to whoever signs in with this e-mail; false when that invitation is already waiting. */
export async function inviteSchoolModerator(db: Db, a: { school: School; email: string; actorUserId: number | null }): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const r = await trx
      .insertInto('role_grants_pending')
      .values({ email: a.email, role: 'school_moderator', community_id: a.school.communityId, tool: 'school-budget', scope: a.school.slug })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!r) return false;
    await recordAudit(trx, { communityId: a.school.communityId, actorUserId: a.actorUserId, action: 'school.moderator.invited', subjectType: 'school', subjectId: a.school.id, after: { email: a.email } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Voting codes

export const MAX_BATCH = 2000;

export interface CodeBatch {
  id: number;
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

/** Makes `size` codes; only their keyed hashes are stored. */
export async function createBatch(db: Db, a: { secretKey: string; school: School; contest: Contest; classLabel: string | null; size: number; actorUserId: number | null; now: Date }): Promise<number> {
  if (!Number.isInteger(a.size) || a.size < 1 || a.size > MAX_BATCH) throw new Error('batch size out of range');
  const seed = randomBytes(16).toString('hex');
  return inTransaction(db, async (trx) => {
    const b = await schoolTables(trx)
      .insertInto('school_code_batches')
      .values({ community_id: a.school.communityId, school_id: a.school.id, contest_id: a.contest.id, class_label: a.classLabel, size: a.size, seed, created_by: a.actorUserId, created_at: a.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let from = 0; from < a.size; from += 500) {
      const rows = [];
      for (let i = from; i < Math.min(a.size, from + 500); i++) {
        rows.push({ batch_id: b.id, position: i, community_id: a.school.communityId, school_id: a.school.id, contest_id: a.contest.id, code_hash: hashCode(a.secretKey, deriveCode(a.secretKey, seed, i)) });
      }
      await schoolTables(trx).insertInto('school_codes').values(rows).execute();
    }
    await recordAudit(trx, { communityId: a.school.communityId, actorUserId: a.actorUserId, action: 'school.codes.created', subjectType: 'budget_contest', subjectId: a.contest.id, after: { batchId: b.id, size: a.size, classLabel: a.classLabel } });
    return b.id;
  });
}

export async function listBatches(db: Db, contestId: number): Promise<CodeBatch[]> {
  const rows = await schoolTables(db)
    .selectFrom('school_code_batches as b')
    .leftJoin('school_codes as c', 'c.batch_id', 'b.id')
    .select([
      'b.id',
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
  return rows.map((r) => ({ id: r.id, schoolId: r.school_id, contestId: r.contest_id, classLabel: r.class_label, size: r.size, seed: r.seed, createdAt: r.created_at, voidedAt: r.voided_at, used: r.used, voided: r.voided }));
}

export async function findBatch(db: Db, contestId: number, batchId: number): Promise<CodeBatch | null> {
  return (await listBatches(db, contestId)).find((b) => b.id === batchId) ?? null;
}

export async function codeTotals(db: Db, contestIds: number[]): Promise<Map<number, CodeTotals>> {
  if (contestIds.length === 0) return new Map();
  const rows = await schoolTables(db)
    .selectFrom('school_codes')
    .select(['contest_id', sql<number>`count(*)::int`.as('issued'), sql<number>`count(used_at)::int`.as('used'), sql<number>`count(voided_at)::int`.as('voided')])
    .where('contest_id', 'in', contestIds)
    .groupBy('contest_id')
    .execute();
  return new Map(rows.map((r) => [r.contest_id, { issued: r.issued, used: r.used, voided: r.voided }]));
}

/** The codes of a batch for its printed sheet, with the positions voided one by one. */
export async function sheetCodes(db: Db, secretKey: string, batch: CodeBatch): Promise<{ position: number; code: string; voided: boolean }[]> {
  const voided = new Set(
    (await schoolTables(db).selectFrom('school_codes').select('position').where('batch_id', '=', batch.id).where('voided_at', 'is not', null).execute()).map((r) => r.position),
  );
  return Array.from({ length: batch.size }, (_, i) => ({ position: i, code: deriveCode(secretKey, batch.seed, i), voided: voided.has(i) }));
}

/** Voids every code of the batch not used yet (a lost sheet, a class that has voted); returns how many. */
export async function voidBatch(db: Db, a: { communityId: number; batch: CodeBatch; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await schoolTables(trx).updateTable('school_codes').set({ voided_at: a.now }).where('batch_id', '=', a.batch.id).where('used_at', 'is', null).where('voided_at', 'is', null).executeTakeFirst();
    await schoolTables(trx).updateTable('school_code_batches').set({ voided_at: a.now }).where('id', '=', a.batch.id).where('voided_at', 'is', null).execute();
    const n = Number(r.numUpdatedRows);
    await recordAudit(trx, { communityId: a.communityId, actorUserId: a.actorUserId, action: 'school.codes.voided', subjectType: 'budget_contest', subjectId: a.batch.contestId, after: { batchId: a.batch.id, voided: n } });
    return n;
  });
}

export type VoidOutcome = 'voided' | 'used' | 'already-void' | 'unknown' | 'format' | 'check';

/** Voids one code that a student lost, typed by the moderator as printed. */
export async function voidOneCode(db: Db, a: { secretKey: string; contest: Contest; raw: string; actorUserId: number | null; now: Date }): Promise<VoidOutcome> {
  const parsed = parseCode(a.raw);
  if (!parsed.ok) return parsed.problem === 'check' ? 'check' : 'format';
  const hash = hashCode(a.secretKey, parsed.code);
  return inTransaction(db, async (trx) => {
    const row = await schoolTables(trx).selectFrom('school_codes').select(['batch_id', 'position', 'used_at', 'voided_at']).where('code_hash', '=', hash).where('contest_id', '=', a.contest.id).forUpdate().executeTakeFirst();
    if (!row) return 'unknown';
    if (row.voided_at) return 'already-void';
    if (row.used_at) return 'used';
    await schoolTables(trx).updateTable('school_codes').set({ voided_at: a.now }).where('code_hash', '=', hash).execute();
    await recordAudit(trx, { communityId: a.contest.communityId, actorUserId: a.actorUserId, action: 'school.code.voided', subjectType: 'budget_contest', subjectId: a.contest.id, after: { batchId: row.batch_id, position: row.position } });
    return 'voided';
  });
}

export interface CodeRow {
  communityId: number;
  schoolId: number;
  contestId: number;
  usedAt: Date | null;
  voidedAt: Date | null;
}

export async function findCode(db: Db, hash: string): Promise<CodeRow | null> {
  const r = await schoolTables(db).selectFrom('school_codes').select(['community_id', 'school_id', 'contest_id', 'used_at', 'voided_at']).where('code_hash', '=', hash).executeTakeFirst();
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
