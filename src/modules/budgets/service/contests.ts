/**
 * Contests and their categories. A contest belongs to a community and an owner ('community' for the
 * participatory budget, 'school:<id>' for a school's), and knows nothing of who votes or how.
 */
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { CoreContext } from '../../../core/context.js';
import { logAct } from '../../../core/tlog/acts.js';
import { ruleChanges, rulesChangedAct, type RuleChange } from '../../../core/tlog/rules-changed.js';
import {
  categoriesFrozen,
  categoryRuleFields,
  contestRuleFields,
  extendedDates,
  extensionProblem,
  frozenChanges,
  frozenContestFields,
  phaseAt,
  votingStarted,
  ballotTool,
  contestSubject,
  type ContestRuleSource,
  type ExtensionProblem,
  type Phase,
} from '../rules.js';
import { tables, type BallotMode } from '../tables.js';
import { hasBallots, listCategories, toCategory, toContest, type Category, type Contest } from '../repository/contests.js';

export function contestPhase(c: Contest, now: Date): Phase {
  return phaseAt(c.dates, now);
}

/**
 * What the settings form sets: every rule field but the owner (fixed at creation) and the results' publication.
 * `emailCounts` only where a form shows it (the school budget has no e-mail level): left out, a new contest
 * counts e-mail-level ballots and an edit keeps the contest's rule.
 */
export type ContestInput = Omit<ContestRuleSource, 'owner' | 'resultsPublishedAt' | 'emailCounts'> & { emailCounts?: boolean };

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
    ...(i.emailCounts === undefined ? {} : { email_counts: i.emailCounts }),
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

/** The contest row, locked until the transaction ends, so two edits (or an edit and a publication) queue. */
async function lockContest(trx: Db, id: number): Promise<Contest> {
  return toContest(await tables(trx).selectFrom('budget_contests').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow());
}

export async function createContest(
  db: Db,
  a: { communityId: number; owner: string; input: ContestInput; actorUserId: number | null; now: Date },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_contests')
      .values({ community_id: a.communityId, owner: a.owner, created_by: a.actorUserId, created_at: a.now, ...values(a.input) })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Every rule field, so a replay of the contest's entries from here reconstructs its rules at any moment.
    await recordAudit(trx, {
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.contest.created',
      subjectType: 'budget_contest',
      subjectId: r.id,
      after: auditSnapshot(contestRuleFields(toContest(r))),
    });
    return r.id;
  });
}

/**
 * Saves the settings form. Refused with ContestFrozenError when it would change a frozen rule (checked on
 * the locked row, against ballots that exist now); audited with the real before and after of every
 * changed field, and not at all when nothing changed.
 */
export async function updateContest(
  ctx: CoreContext,
  db: Db,
  a: { contest: Contest; input: ContestInput; actorUserId: number | null; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await lockContest(trx, a.contest.id);
    const before = contestRuleFields(current);
    const after = contestRuleFields({ ...current, ...a.input, emailCounts: a.input.emailCounts ?? current.emailCounts });
    const ballots = await hasBallots(trx, current.id);
    const refused = frozenChanges(before, after, frozenContestFields(current, a.now, ballots));
    if (refused.length) throw new ContestFrozenError(refused);
    const changes = fieldChanges(before, after);
    if (!changes) return;
    await tables(trx).updateTable('budget_contests').set(values(a.input)).where('id', '=', current.id).execute();
    // What may still change once voting has started (the dates of the results and of implementation) is logged.
    if (votingStarted(current, a.now, ballots)) await logRuleChanges(ctx, trx, current, ruleChanges(before, after, DATES_EDITABLE_IN_VOTING), a.now, null);
    await recordAudit(trx, {
      communityId: current.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.contest.updated',
      subjectType: 'budget_contest',
      subjectId: current.id,
      before: changes.before,
      after: changes.after,
    });
  });
}

/**
 * Extends voting to `newEnd` (see extensionProblem: only later, only before the end, only with a reason);
 * results and implementation move so as not to come before the new end. Returns the refusal, if any.
 */
export async function extendVoting(
  ctx: CoreContext,
  db: Db,
  a: { contest: Contest; newEnd: Date; reason: string; actorUserId: number | null; now: Date },
): Promise<ExtensionProblem | null> {
  return inTransaction(db, async (trx) => {
    const current = await lockContest(trx, a.contest.id);
    const problem = extensionProblem(current, { newEnd: a.newEnd, reason: a.reason, now: a.now, hasBallots: await hasBallots(trx, current.id) });
    if (problem) return problem;
    const dates = extendedDates(current.dates, a.newEnd);
    const changes = fieldChanges(contestRuleFields(current), contestRuleFields({ ...current, dates }))!;
    await tables(trx)
      .updateTable('budget_contests')
      .set({ voting_to: dates.votingTo, results_from: dates.resultsFrom, implementation_from: dates.implementationFrom })
      .where('id', '=', current.id)
      .execute();
    const logged = ruleChanges(contestRuleFields(current), contestRuleFields({ ...current, dates }), ['votingTo', ...DATES_EDITABLE_IN_VOTING]);
    await logRuleChanges(ctx, trx, current, logged, a.now, a.reason.trim());
    await tables(trx)
      .insertInto('budget_voting_extensions')
      .values({
        community_id: current.communityId,
        contest_id: current.id,
        old_end: current.dates.votingTo,
        new_end: a.newEnd,
        reason: a.reason.trim(),
        actor_user_id: a.actorUserId,
        at: a.now,
      })
      .execute();
    await recordAudit(trx, {
      communityId: current.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.voting.extended',
      subjectType: 'budget_contest',
      subjectId: current.id,
      before: changes.before,
      after: changes.after,
    });
    return null;
  });
}

/** The rule fields an edit may still change once voting has started (see frozenContestFields). */
const DATES_EDITABLE_IN_VOTING = ['resultsFrom', 'implementationFrom'] as const;

/** Appends each change of a contest's rules to the transparency log, in the change's transaction. */
async function logRuleChanges(ctx: CoreContext, trx: Db, c: Contest, changes: readonly RuleChange[], at: Date, reason: string | null): Promise<void> {
  if (changes.length === 0) return;
  const { slug } = await trx.selectFrom('communities').select('slug').where('id', '=', c.communityId).executeTakeFirstOrThrow();
  for (const change of changes)
    await logAct(ctx, trx, rulesChangedAct({ community: slug, tool: ballotTool(c.owner), subject: contestSubject(c.id), at, reason }, change));
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
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        code: a.input.code,
        name: a.input.name,
        budget: a.input.budget,
        min_cost: a.input.minCost,
        max_cost: a.input.maxCost,
        position: pos,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.category.created',
      subjectType: 'budget_contest',
      subjectId: a.contest.id,
      after: auditSnapshot(categoryRuleFields(toCategory(r))),
    });
    return r.id;
  });
}

export async function updateCategory(
  db: Db,
  a: { contest: Contest; category: Category; input: CategoryInput; actorUserId: number | null; now: Date },
): Promise<void> {
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
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.category.updated',
      subjectType: 'budget_contest',
      subjectId: a.contest.id,
      before: changes.before,
      after: changes.after,
    });
  });
}

/** Results are public once the moderator publishes them, and never before voting has ended. */
export function resultsPublic(c: Contest, now: Date): boolean {
  return c.resultsPublishedAt !== null && now.getTime() >= c.dates.votingTo.getTime();
}
