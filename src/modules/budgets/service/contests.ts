/**
 * Contests and their categories. A contest belongs to a community and an owner ('community' for the
 * participatory budget, 'school:<id>' for a school's), and knows nothing of who votes or how.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import {
  categoriesFrozen,
  categoryRuleFields,
  contestRuleFields,
  extendedDates,
  extensionProblem,
  frozenChanges,
  frozenContestFields,
  phaseAt,
  type BallotRules,
  type ContestDates,
  type ContestRuleSource,
  type EligibilityRules,
  type ExtensionProblem,
  type Phase,
} from '../rules.js';
import { tables, type BallotMode, type CategoriesTable, type ContestsTable, type WinnerRule } from '../tables.js';

/** A contest: its rule fields (rules.ts, what the audit log keeps) and where and when it was made. */
export interface Contest extends ContestRuleSource {
  id: number;
  communityId: number;
  createdAt: Date;
}

export interface Category {
  id: number;
  contestId: number;
  code: string;
  name: string;
  budget: number;
  minCost: number;
  maxCost: number;
  position: number;
}

function toContest(r: Selectable<ContestsTable>): Contest {
  return {
    id: r.id,
    communityId: r.community_id,
    owner: r.owner,
    title: r.title,
    description: r.description,
    totalBudget: Number(r.total_budget),
    dates: {
      submissionFrom: r.submission_from,
      submissionTo: r.submission_to,
      supportTo: r.support_to,
      reviewTo: r.review_to,
      votingFrom: r.voting_from,
      votingTo: r.voting_to,
      resultsFrom: r.results_from,
      implementationFrom: r.implementation_from,
    },
    supportersNeeded: r.supporters_needed,
    eligibility: { allowEmail: r.allow_email, residentsOnly: r.residents_only, minAge: r.min_age },
    ballot: { mode: r.ballot_mode, maxPerCategory: r.max_per_category, maxTotal: r.max_total },
    winnerRule: r.winner_rule,
    minVotes: r.min_votes,
    publicCounts: r.public_counts,
    published: r.published,
    resultsPublishedAt: r.results_published_at,
    createdAt: r.created_at,
  };
}

function toCategory(r: Selectable<CategoriesTable>): Category {
  return { id: r.id, contestId: r.contest_id, code: r.code, name: r.name, budget: Number(r.budget), minCost: Number(r.min_cost), maxCost: Number(r.max_cost), position: r.position };
}

export function contestPhase(c: Contest, now: Date): Phase {
  return phaseAt(c.dates, now);
}

export interface ContestInput {
  title: string;
  description: string;
  totalBudget: number;
  dates: ContestDates;
  supportersNeeded: number;
  eligibility: EligibilityRules;
  ballot: BallotRules;
  winnerRule: WinnerRule;
  minVotes: number;
  publicCounts: boolean;
  published: boolean;
}

function values(i: ContestInput) {
  return {
    title: i.title,
    description: i.description,
    total_budget: i.totalBudget,
    submission_from: i.dates.submissionFrom,
    submission_to: i.dates.submissionTo,
    support_to: i.dates.supportTo,
    supporters_needed: i.supportersNeeded,
    review_to: i.dates.reviewTo,
    voting_from: i.dates.votingFrom,
    voting_to: i.dates.votingTo,
    results_from: i.dates.resultsFrom,
    implementation_from: i.dates.implementationFrom,
    allow_email: i.eligibility.allowEmail,
    residents_only: i.eligibility.residentsOnly,
    min_age: i.eligibility.minAge,
    ballot_mode: i.ballot.mode as BallotMode,
    max_per_category: i.ballot.maxPerCategory,
    max_total: i.ballot.maxTotal,
    winner_rule: i.winnerRule,
    min_votes: i.minVotes,
    public_counts: i.publicCounts,
    published: i.published,
  };
}

/**
 * An edit that would change a rule frozen by the vote (see frozenContestFields): the engine refuses it
 * whichever route asked, so the adult and the school budget are held to the same rules.
 */
export class ContestFrozenError extends Error {
  constructor(readonly fields: string[]) {
    super(`frozen contest fields: ${fields.join(', ')}`);
    this.name = 'ContestFrozenError';
  }
}

/** Does the contest have any counted ballot (of any channel)? With one, voting has started whatever the date. */
export async function hasBallots(db: Db, contestId: number): Promise<boolean> {
  return !!(await tables(db).selectFrom('budget_ballots').select('id').where('contest_id', '=', contestId).limit(1).executeTakeFirst());
}

/** The contest row, locked until the transaction ends, so two edits (or an edit and a publication) queue. */
async function lockContest(trx: Db, id: number): Promise<Contest> {
  return toContest(await tables(trx).selectFrom('budget_contests').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow());
}

export async function createContest(db: Db, a: { communityId: number; owner: string; input: ContestInput; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_contests')
      .values({ community_id: a.communityId, owner: a.owner, created_by: a.actorUserId, created_at: a.now, ...values(a.input) })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Every rule field, so a replay of the contest's entries from here reconstructs its rules at any moment.
    await recordAudit(trx, { communityId: a.communityId, actorUserId: a.actorUserId, action: 'budget.contest.created', subjectType: 'budget_contest', subjectId: r.id, after: auditSnapshot(contestRuleFields(toContest(r))) });
    return r.id;
  });
}

/**
 * Saves the settings form. Refused with ContestFrozenError when it would change a frozen rule (checked on
 * the locked row, against ballots that exist now); audited with the real before and after of every
 * changed field, and not at all when nothing changed.
 */
export async function updateContest(db: Db, a: { contest: Contest; input: ContestInput; actorUserId: number | null; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await lockContest(trx, a.contest.id);
    const before = contestRuleFields(current);
    const after = contestRuleFields({ ...current, ...a.input });
    const refused = frozenChanges(before, after, frozenContestFields(current, a.now, await hasBallots(trx, current.id)));
    if (refused.length) throw new ContestFrozenError(refused);
    const changes = fieldChanges(before, after);
    if (!changes) return;
    await tables(trx).updateTable('budget_contests').set(values(a.input)).where('id', '=', current.id).execute();
    await recordAudit(trx, { communityId: current.communityId, actorUserId: a.actorUserId, action: 'budget.contest.updated', subjectType: 'budget_contest', subjectId: current.id, before: changes.before, after: changes.after });
  });
}

export interface VotingExtension {
  id: number;
  contestId: number;
  oldEnd: Date;
  newEnd: Date;
  reason: string;
  at: Date;
}

/**
 * Extends voting to `newEnd` (see extensionProblem: only later, only before the end, only with a reason);
 * results and implementation move so as not to come before the new end. Returns the refusal, if any.
 */
export async function extendVoting(db: Db, a: { contest: Contest; newEnd: Date; reason: string; actorUserId: number | null; now: Date }): Promise<ExtensionProblem | null> {
  return inTransaction(db, async (trx) => {
    const current = await lockContest(trx, a.contest.id);
    const problem = extensionProblem(current, { newEnd: a.newEnd, reason: a.reason, now: a.now, hasBallots: await hasBallots(trx, current.id) });
    if (problem) return problem;
    const dates = extendedDates(current.dates, a.newEnd);
    const changes = fieldChanges(contestRuleFields(current), contestRuleFields({ ...current, dates }))!;
    await tables(trx).updateTable('budget_contests').set({ voting_to: dates.votingTo, results_from: dates.resultsFrom, implementation_from: dates.implementationFrom }).where('id', '=', current.id).execute();
    await tables(trx)
      .insertInto('budget_voting_extensions')
      .values({ community_id: current.communityId, contest_id: current.id, old_end: current.dates.votingTo, new_end: a.newEnd, reason: a.reason.trim(), actor_user_id: a.actorUserId, at: a.now })
      .execute();
    await recordAudit(trx, { communityId: current.communityId, actorUserId: a.actorUserId, action: 'budget.voting.extended', subjectType: 'budget_contest', subjectId: current.id, before: changes.before, after: changes.after });
    return null;
  });
}

/** A contest's extensions of voting, oldest first: shown publicly on the contest's page. */
export async function listExtensions(db: Db, contestId: number): Promise<VotingExtension[]> {
  const rows = await tables(db).selectFrom('budget_voting_extensions').selectAll().where('contest_id', '=', contestId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, contestId: r.contest_id, oldEnd: r.old_end, newEnd: r.new_end, reason: r.reason, at: r.at }));
}

export async function findContest(db: Db, id: number): Promise<Contest | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('budget_contests').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toContest(r) : null;
}

/** Several contests in one query, by id. */
export async function findContests(db: Db, ids: number[]): Promise<Contest[]> {
  if (!ids.length) return [];
  return (await tables(db).selectFrom('budget_contests').selectAll().where('id', 'in', ids).orderBy('id').execute()).map(toContest);
}

export async function listContests(db: Db, communityId: number, opts: { owner?: string; publishedOnly?: boolean } = {}): Promise<Contest[]> {
  let q = tables(db).selectFrom('budget_contests').selectAll().where('community_id', '=', communityId).where('owner', '=', opts.owner ?? 'community');
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return (await q.orderBy('voting_from', 'desc').orderBy('id', 'desc').execute()).map(toContest);
}

export async function listCategories(db: Db, contestId: number): Promise<Category[]> {
  const rows = await tables(db).selectFrom('budget_categories').selectAll().where('contest_id', '=', contestId).orderBy('position').orderBy('id').execute();
  return rows.map(toCategory);
}

export interface CategoryInput {
  code: string;
  name: string;
  budget: number;
  minCost: number;
  maxCost: number;
}

/** Categories are part of the count: once voting has started none is added or changed (ContestFrozenError). */
async function refuseIfCategoriesFrozen(trx: Db, contestId: number, now: Date): Promise<Contest> {
  const current = await lockContest(trx, contestId);
  if (categoriesFrozen(current, now, await hasBallots(trx, current.id))) throw new ContestFrozenError(['categories']);
  return current;
}

export async function addCategory(db: Db, a: { contest: Contest; input: CategoryInput; actorUserId: number | null; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    await refuseIfCategoriesFrozen(trx, a.contest.id, a.now);
    const pos = (await listCategories(trx, a.contest.id)).length;
    const r = await tables(trx)
      .insertInto('budget_categories')
      .values({ community_id: a.contest.communityId, contest_id: a.contest.id, code: a.input.code, name: a.input.name, budget: a.input.budget, min_cost: a.input.minCost, max_cost: a.input.maxCost, position: pos })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { communityId: a.contest.communityId, actorUserId: a.actorUserId, action: 'budget.category.created', subjectType: 'budget_contest', subjectId: a.contest.id, after: auditSnapshot(categoryRuleFields(toCategory(r))) });
    return r.id;
  });
}

export async function updateCategory(db: Db, a: { contest: Contest; category: Category; input: CategoryInput; actorUserId: number | null; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    await refuseIfCategoriesFrozen(trx, a.contest.id, a.now);
    const current = (await listCategories(trx, a.contest.id)).find((k) => k.id === a.category.id);
    if (!current) return;
    const changes = fieldChanges(categoryRuleFields(current), categoryRuleFields({ id: current.id, ...a.input }));
    if (!changes) return;
    await tables(trx)
      .updateTable('budget_categories')
      .set({ code: a.input.code, name: a.input.name, budget: a.input.budget, min_cost: a.input.minCost, max_cost: a.input.maxCost })
      .where('id', '=', current.id)
      .where('contest_id', '=', a.contest.id)
      .execute();
    await recordAudit(trx, { communityId: a.contest.communityId, actorUserId: a.actorUserId, action: 'budget.category.updated', subjectType: 'budget_contest', subjectId: a.contest.id, before: changes.before, after: changes.after });
  });
}

/** Results are public once the moderator publishes them, and never before voting has ended. */
export function resultsPublic(c: Contest, now: Date): boolean {
  return c.resultsPublishedAt !== null && now.getTime() >= c.dates.votingTo.getTime();
}
