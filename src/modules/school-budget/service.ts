/**
 * The school budget's use-cases: schools, their contests (the contest engine's, owned by 'school:<id>') and
 * what the school budget adds to them (the grades that vote, the authors' class, school moderators, voting
 * codes), and voting with a one-time code. Every change writes its audit entry in the same transaction.
 */
import { participationOpen } from '../../core/communities/participation-gate.js';
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges } from '../../core/audit/field-changes.js';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Lang } from '../../core/i18n/index.js';
import { inTransaction } from '../../core/db/transaction.js';
import { hitRateLimit, ipPrefix, rateLimitExhausted, type Limit } from '../../core/security/rate-limit.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { queueMail } from '../../core/mail/mailer.js';
import { composeMail } from '../../core/mail/templates.js';
import {
  addCategory,
  addPhotos,
  findProject,
  reviewProject,
  saveProject,
  type Category,
  type ProjectInput,
  type StoredPhoto,
  castBallot,
  ContestFrozenError,
  contestPhase,
  createContest,
  findContest,
  hasBallots,
  updateCategory,
  updateContest,
  votingStarted,
  type Contest,
  type ContestInput,
} from '../budgets/index.js';
import { deriveCode, hashCode, parseCode } from './rules.js';
import {
  contestGrades,
  findCode,
  findSchoolById,
  MAX_BATCH,
  ownerOf,
  SCHOOL_CATEGORY_CODE,
  schoolCategory,
  takeCode,
  type CodeBatch,
  type Grades,
  type School,
  type SchoolInput,
} from './repository.js';
import { schoolTables } from './tables.js';

// ---------------------------------------------------------------------------------------------------------
// Schools

export async function createSchool(
  db: Db,
  a: { communityId: number; slug: string; input: SchoolInput; actorUserId: number | null; now: Date },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const i = a.input;
    const r = await schoolTables(trx)
      .insertInto('school_schools')
      .values({
        community_id: a.communityId,
        slug: a.slug,
        name: i.name,
        kind: i.kind,
        address: i.address,
        students: i.students,
        grade_from: i.gradeFrom,
        grade_to: i.gradeTo,
        created_at: a.now,
        updated_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'school.created',
      subjectType: 'school',
      subjectId: r.id,
      after: { slug: a.slug, ...i },
    });
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
    await recordAudit(trx, {
      communityId: s.communityId,
      actorUserId: a.actorUserId,
      action: 'school.updated',
      subjectType: 'school',
      subjectId: s.id,
      before,
      after: i,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Contests: the grades that vote

/** The grades that vote, as the contest's audit entries keep them (they decide who gets a code). */
const gradeFields = (g: Grades) => ({ gradeFrom: g.from, gradeTo: g.to });

export async function createSchoolContest(
  db: Db,
  a: { school: School; input: ContestInput; grades: Grades; actorUserId: number | null; now: Date },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const id = await createContest(trx, {
      communityId: a.school.communityId,
      owner: ownerOf(a.school),
      input: a.input,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    const contest = (await findContest(trx, id))!;
    await addCategory(trx, {
      contest,
      input: { code: SCHOOL_CATEGORY_CODE, name: 'Проєкти учнів', budget: a.input.totalBudget, minCost: 0, maxCost: a.input.totalBudget },
      actorUserId: a.actorUserId,
      now: a.now,
    });
    await schoolTables(trx)
      .insertInto('school_contests')
      .values({ contest_id: id, community_id: a.school.communityId, school_id: a.school.id, grade_from: a.grades.from, grade_to: a.grades.to })
      .execute();
    await recordAudit(trx, {
      communityId: a.school.communityId,
      actorUserId: a.actorUserId,
      action: 'school.contest.grades',
      subjectType: 'budget_contest',
      subjectId: id,
      after: auditSnapshot(gradeFields(a.grades)),
    });
    return id;
  });
}

/**
 * Saves the school's contest form through the engine, which refuses frozen rules (ContestFrozenError); the
 * grades that vote freeze with them, and the one category's budget follows the contest's.
 */
export async function updateSchoolContest(
  ctx: CoreContext,
  db: Db,
  a: { contest: Contest; input: ContestInput; grades: Grades; actorUserId: number | null; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await updateContest(ctx, trx, { contest: a.contest, input: a.input, actorUserId: a.actorUserId, now: a.now });
    const before = await contestGrades(trx, a.contest.id);
    const changes = before ? fieldChanges(gradeFields(before), gradeFields(a.grades)) : null;
    if (changes && votingStarted(a.contest, a.now, await hasBallots(trx, a.contest.id))) throw new ContestFrozenError(Object.keys(changes.after));
    const category = await schoolCategory(trx, a.contest);
    if (category && category.budget !== a.input.totalBudget) {
      await updateCategory(trx, {
        contest: a.contest,
        category,
        input: { code: category.code, name: category.name, budget: a.input.totalBudget, minCost: 0, maxCost: a.input.totalBudget },
        actorUserId: a.actorUserId,
        now: a.now,
      });
    }
    if (changes) {
      await schoolTables(trx)
        .updateTable('school_contests')
        .set({ grade_from: a.grades.from, grade_to: a.grades.to })
        .where('contest_id', '=', a.contest.id)
        .execute();
      await recordAudit(trx, {
        communityId: a.contest.communityId,
        actorUserId: a.actorUserId,
        action: 'school.contest.grades',
        subjectType: 'budget_contest',
        subjectId: a.contest.id,
        before: changes.before,
        after: changes.after,
      });
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

/**
 * A project the school moderator enters (new, or a draft changed), with its authors' class and photos; with
 * «put on the ballot» it is admitted at once, as the school moderator's entry is the review.
 */
export async function enterSchoolProject(
  db: Db,
  a: {
    contest: Contest;
    school: School;
    category: Category;
    projectId: number | null;
    input: ProjectInput;
    authorClass: string;
    admit: boolean;
    photos: StoredPhoto[];
    actorUserId: number | null;
    now: Date;
  },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const pid = await saveProject(trx, {
      contest: a.contest,
      projectId: a.projectId,
      input: a.input,
      author: { userId: null, name: a.authorClass },
      onPaper: true,
      submit: a.admit,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    await setAuthorClass(trx, { projectId: pid, school: a.school, authorClass: a.authorClass });
    const x = (await findProject(trx, pid))!;
    await addPhotos(trx, { project: x, updateId: null, photos: a.photos, now: a.now });
    if (a.admit)
      await reviewProject(trx, {
        project: x,
        category: a.category,
        decision: 'admitted',
        note: null,
        correctedCost: null,
        costNote: null,
        actorUserId: a.actorUserId,
        now: a.now,
      });
    return pid;
  });
}

// ---------------------------------------------------------------------------------------------------------
// School moderators

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
    await recordAudit(trx, {
      communityId: a.school.communityId,
      actorUserId: a.actorUserId,
      action: 'school.moderator.invited',
      subjectType: 'school',
      subjectId: a.school.id,
      after: { email: a.email },
    });
    return true;
  });
}

/** The invitation and its letter, in one transaction; false (and no letter) when it is already waiting. */
export async function inviteSchoolModeratorByMail(
  db: Db,
  a: { school: School; communityName: string; email: string; signInUrl: string; actorUserId: number | null; now: Date },
): Promise<boolean> {
  const { school, email } = a;
  return inTransaction(db, async (trx) => {
    const added = await inviteSchoolModerator(trx, { school, email, actorUserId: a.actorUserId });
    if (added) {
      await queueMail(
        trx,
        email,
        composeMail(
          `Запрошення: шкільний модератор — ${school.name}`,
          [
            `Вас запрошено стати шкільним модератором закладу «${school.name}» (${a.communityName}) на платформі Віче.`,
            'Шкільний модератор оголошує конкурс шкільного громадського бюджету, вносить проєкти учнів і друкує коди для голосування.',
            `Увійдіть через id.gov.ua і підтвердьте цю адресу (${email}) кодом, який ми надішлемо на неї: тоді роль буде вашою.`,
            `You are invited to become the school moderator of «${school.name}» on Viche. Sign in through id.gov.ua and confirm this address with the code we will send to it: the role is then yours.`,
          ],
          { label: 'Увійти у Віче', href: a.signInUrl },
        ),
        a.now,
      );
    }
    return added;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Voting codes: batches and voiding

/** Makes `size` codes; only their keyed hashes are stored. */
export async function createBatch(
  db: Db,
  a: { secretKey: string; school: School; contest: Contest; classLabel: string | null; size: number; actorUserId: number | null; now: Date },
): Promise<number> {
  if (!Number.isInteger(a.size) || a.size < 1 || a.size > MAX_BATCH) throw new Error('batch size out of range');
  const seed = randomBytes(16).toString('hex');
  return inTransaction(db, async (trx) => {
    const b = await schoolTables(trx)
      .insertInto('school_code_batches')
      .values({
        community_id: a.school.communityId,
        school_id: a.school.id,
        contest_id: a.contest.id,
        class_label: a.classLabel,
        size: a.size,
        seed,
        created_by: a.actorUserId,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let from = 0; from < a.size; from += 500) {
      const rows = [];
      for (let i = from; i < Math.min(a.size, from + 500); i++) {
        rows.push({
          batch_id: b.id,
          position: i,
          community_id: a.school.communityId,
          school_id: a.school.id,
          contest_id: a.contest.id,
          code_hash: hashCode(a.secretKey, deriveCode(a.secretKey, seed, i)),
        });
      }
      await schoolTables(trx).insertInto('school_codes').values(rows).execute();
    }
    await recordAudit(trx, {
      communityId: a.school.communityId,
      actorUserId: a.actorUserId,
      action: 'school.codes.created',
      subjectType: 'budget_contest',
      subjectId: a.contest.id,
      after: { batchId: b.id, size: a.size, classLabel: a.classLabel },
    });
    return b.id;
  });
}

/** Voids every code of the batch not used yet (a lost sheet, a class that has voted); returns how many. */
export async function voidBatch(db: Db, a: { communityId: number; batch: CodeBatch; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await schoolTables(trx)
      .updateTable('school_codes')
      .set({ voided_at: a.now })
      .where('batch_id', '=', a.batch.id)
      .where('used_at', 'is', null)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    await schoolTables(trx).updateTable('school_code_batches').set({ voided_at: a.now }).where('id', '=', a.batch.id).where('voided_at', 'is', null).execute();
    const n = Number(r.numUpdatedRows);
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'school.codes.voided',
      subjectType: 'budget_contest',
      subjectId: a.batch.contestId,
      after: { batchId: a.batch.id, voided: n },
    });
    return n;
  });
}

export type VoidOutcome = 'voided' | 'used' | 'already-void' | 'unknown' | 'format' | 'check';

/** Voids one code that a student lost, typed by the moderator as printed. */
export async function voidOneCode(
  db: Db,
  a: { secretKey: string; contest: Contest; raw: string; actorUserId: number | null; now: Date },
): Promise<VoidOutcome> {
  const parsed = parseCode(a.raw);
  if (!parsed.ok) return parsed.problem === 'check' ? 'check' : 'format';
  const hash = hashCode(a.secretKey, parsed.code);
  return inTransaction(db, async (trx) => {
    const row = await schoolTables(trx)
      .selectFrom('school_codes')
      .select(['batch_id', 'position', 'used_at', 'voided_at'])
      .where('code_hash', '=', hash)
      .where('contest_id', '=', a.contest.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'unknown';
    if (row.voided_at) return 'already-void';
    if (row.used_at) return 'used';
    await schoolTables(trx).updateTable('school_codes').set({ voided_at: a.now }).where('code_hash', '=', hash).execute();
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'school.code.voided',
      subjectType: 'budget_contest',
      subjectId: a.contest.id,
      after: { batchId: row.batch_id, position: row.position },
    });
    return 'voided';
  });
}

// ---------------------------------------------------------------------------------------------------------
// Voting with a one-time code: reading and checking the code (with its clear reasons for a refusal),
// limiting guesses, and casting the ballot. The code is taken and the ballot inserted in one transaction,
// under a random voter key, so the database lets a code count once and nothing ties the ballot to it.

export type CodeProblem =
  | { kind: 'empty' }
  | { kind: 'format' }
  | { kind: 'check' }
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'void' }
  | { kind: 'other-school'; school: School | null; communitySlug: string | null }
  | { kind: 'not-yet'; contest: Contest }
  | { kind: 'closed'; contest: Contest }
  | { kind: 'suspended' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export interface CodeTarget {
  /** The normalised code, to carry through the ballot's steps. */
  code: string;
  hash: string;
  school: School;
  contest: Contest;
}

/**
 * Guessing limits. Only failures count (a mistyped check character, a code that does not exist), so a
 * class behind one address can all vote; once a limit is used up, every attempt from there waits, right
 * ones too, or a guesser could tell a hit from the answer. Per network (the address's prefix, so IPv6
 * gives no fresh limit per address) and per device (the browser's long-lived random cookie, which every
 * browser is given on its first request): a student mistyping on one phone waits alone, and a whole
 * school's network waits only after far more failures than a class makes.
 *
 * There is no limit per school or per community: such a lock would let anyone shut a school out of its
 * vote with wrong guesses from a few networks, and it protects nothing. A code carries 65 random bits
 * (3.7·10¹⁹ values); even 10⁵ live codes in one community give a random guess a chance of 3·10⁻¹⁵. A
 * million networks each spending their whole limit for a month of voting (200 × 24 × 30 × 10⁶ ≈ 1.4·10¹¹
 * guesses) would expect to find 0.0004 codes. Guessing is hopeless; the limits only keep the noise down.
 */
export const GUESS_LIMITS = {
  perDevice: { max: 10, windowSeconds: 900 },
  perNetwork: { max: 200, windowSeconds: 3600 },
};

/** The device's key: a keyed hash of its cookie, so the limits table holds nothing a CSRF token is made from. */
function deviceKey(secretKey: string, browserId: string): string {
  return createHmac('sha256', secretKey).update(`school-code-device:${browserId}`).digest('base64url').slice(0, 22);
}

function limitsFor(secretKey: string, ip: string, browserId: string): Limit[] {
  return [
    { key: `school-code:fail:net:${ipPrefix(ip)}`, ...GUESS_LIMITS.perNetwork },
    { key: `school-code:fail:device:${deviceKey(secretKey, browserId)}`, ...GUESS_LIMITS.perDevice },
  ];
}

/** Checks a code typed (or scanned) for this community, at a school's own entry when `expected` is given. */
export async function checkCode(
  ctx: CoreContext,
  a: { community: Community; raw: string; ip: string; browserId: string; expected: School | null },
): Promise<{ ok: true; target: CodeTarget } | { ok: false; problem: CodeProblem }> {
  const now = ctx.clock.now();
  const limits = limitsFor(ctx.config.secretKey, a.ip, a.browserId);
  for (const l of limits) {
    const r = await rateLimitExhausted(ctx.db, l, now);
    if (!r.allowed) return { ok: false, problem: { kind: 'rate-limited', retryAfterSeconds: r.retryAfterSeconds } };
  }
  const failed = async (problem: CodeProblem): Promise<{ ok: false; problem: CodeProblem }> => {
    let retry = 0;
    for (const l of limits) {
      const r = await hitRateLimit(ctx.db, l, now);
      if (!r.allowed) retry = Math.max(retry, r.retryAfterSeconds);
    }
    return { ok: false, problem: retry ? { kind: 'rate-limited', retryAfterSeconds: retry } : problem };
  };
  const parsed = parseCode(a.raw);
  if (!parsed.ok) return parsed.problem === 'check' ? failed({ kind: 'check' }) : { ok: false, problem: { kind: parsed.problem } };
  const hash = hashCode(ctx.config.secretKey, parsed.code);
  const row = await findCode(ctx.db, hash);
  if (!row) return failed({ kind: 'unknown' });
  if (row.communityId !== a.community.id || (a.expected && row.schoolId !== a.expected.id)) {
    const school = await findSchoolById(ctx.db, row.schoolId);
    const other = await ctx.db.selectFrom('communities').select('slug').where('id', '=', row.communityId).executeTakeFirst();
    return { ok: false, problem: { kind: 'other-school', school, communitySlug: other?.slug ?? null } };
  }
  if (row.voidedAt) return { ok: false, problem: { kind: 'void' } };
  if (row.usedAt) return { ok: false, problem: { kind: 'used' } };
  const [contest, school] = await Promise.all([findContest(ctx.db, row.contestId), findSchoolById(ctx.db, row.schoolId)]);
  if (!contest || !school) return { ok: false, problem: { kind: 'unknown' } };
  if (!participationOpen(a.community)) return { ok: false, problem: { kind: 'suspended' } };
  const phase = contestPhase(contest, now);
  if (phase === 'announced' || phase === 'submission' || phase === 'support' || phase === 'review') return { ok: false, problem: { kind: 'not-yet', contest } };
  if (phase !== 'voting') return { ok: false, problem: { kind: 'closed', contest } };
  return { ok: true, target: { code: parsed.code, hash, school, contest } };
}

/** Ballot times are kept to the hour, as the code's `used_at` is: a minute would link the two. */
export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** `logReceipt`: the ballot's pending entry in the transparency log, which the student can check. */
export type CastOutcome = { ok: true; receipt: string; logReceipt: number } | { ok: false; problem: 'used' | 'void' };

/** Takes the code and casts the ballot together: of any number of attempts with one code, one counts. */
export async function castWithCode(ctx: CoreContext, a: { target: CodeTarget; choices: { projectId: number; categoryId: number }[] }): Promise<CastOutcome> {
  const at = hourOf(ctx.clock.now());
  return inTransaction(ctx.db, async (trx) => {
    if (!(await takeCode(trx, { hash: a.target.hash, contestId: a.target.contest.id, at }))) {
      const row = await schoolTables(trx).selectFrom('school_codes').select('voided_at').where('code_hash', '=', a.target.hash).executeTakeFirst();
      return { ok: false, problem: row?.voided_at ? 'void' : 'used' };
    }
    // A random key: the ballot stands alone, and the engine's one-per-voter rule never joins two students.
    const out = await castBallot(ctx, trx, {
      contest: a.target.contest,
      voterKey: `code:${randomBytes(16).toString('hex')}`,
      channel: 'code',
      age: null,
      choices: a.choices,
      now: at,
    });
    if (out.outcome !== 'accepted') throw new Error('a fresh voter key cannot be a duplicate');
    return { ok: true, receipt: out.receipt, logReceipt: out.logReceipt.pendingId };
  });
}

export function codeProblemText(p: CodeProblem, lang: Lang): string {
  const uk = lang === 'uk';
  switch (p.kind) {
    case 'empty':
      return uk ? 'Введіть код з аркуша, наприклад 7K3M-9QXP-2HZD-4T' : 'Type the code from your slip, like 7K3M-9QXP-2HZD-4T';
    case 'format':
      return uk
        ? 'Код має 14 знаків — латинські літери й цифри, як на аркуші: 7K3M-9QXP-2HZD-4T. Дефіси й пробіли можна не вводити.'
        : 'A code has 14 characters, Latin letters and digits, as on the slip: 7K3M-9QXP-2HZD-4T. Dashes and spaces are optional.';
    case 'check':
      return uk
        ? 'У коді помилка: перевірте кожен знак. Мабуть, якусь літеру чи цифру переплутано або два знаки переставлено.'
        : 'The code has a typo: check every character. A letter or digit may be mistyped, or two characters swapped.';
    case 'unknown':
      return uk
        ? 'Такого коду немає. Перевірте, чи правильно його введено, або зверніться до шкільного модератора.'
        : 'There is no such code. Check that you typed it right, or ask your school moderator.';
    case 'used':
      return uk
        ? 'Цей код уже використано: кожен код діє лише один раз. Якщо ви не голосували, зверніться до шкільного модератора.'
        : 'This code has already been used: each code works once. If you did not vote, ask your school moderator.';
    case 'void':
      return uk ? 'Цей код анульовано. Зверніться до шкільного модератора по новий.' : 'This code has been voided. Ask your school moderator for a new one.';
    case 'other-school':
      return p.school
        ? uk
          ? `Цей код — для іншого закладу освіти: «${p.school.name}». Голосуйте на сторінці свого закладу.`
          : `This code belongs to another school: «${p.school.name}». Vote on your own school's page.`
        : uk
          ? 'Цей код — для іншого закладу освіти.'
          : 'This code belongs to another school.';
    case 'not-yet':
      return uk
        ? `Голосування ще не почалося: воно триватиме з ${formatKyivDate(p.contest.dates.votingFrom, 'uk')} по ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'uk')}. Збережіть код до того часу.`
        : `Voting has not started: it runs from ${formatKyivDate(p.contest.dates.votingFrom, 'en')} to ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'en')}. Keep your code until then.`;
    case 'closed':
      return uk
        ? `Голосування вже завершилося (останній день — ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'uk')}). Результати — на сторінці закладу.`
        : `Voting is over (the last day was ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'en')}). See the results on the school's page.`;
    case 'suspended':
      return uk ? 'Участь у цій громаді тимчасово призупинено.' : 'Participation in this community is suspended for now.';
    case 'rate-limited': {
      const minutes = Math.max(1, Math.ceil(p.retryAfterSeconds / 60));
      return uk
        ? `Забагато невдалих спроб з цього пристрою чи мережі. Спробуйте знову через ${minutes} хв.`
        : `Too many failed attempts from this device or network. Try again in ${minutes} min.`;
    }
  }
}

/** The HTTP status of each refusal: bad input 400, gone 409, waiting 429. */
export function codeProblemStatus(p: CodeProblem): number {
  switch (p.kind) {
    case 'rate-limited':
      return 429;
    case 'used':
    case 'void':
    case 'not-yet':
    case 'closed':
    case 'suspended':
      return 409;
    default:
      return 400;
  }
}
