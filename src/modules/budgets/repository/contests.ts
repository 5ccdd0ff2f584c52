/** The contests and categories of the engine: reads only (the changes are in service/contests.ts). */
import type { Selectable } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import type { ContestRuleSource } from '../rules.js';
import { tables, type CategoriesTable, type ContestsTable } from '../tables.js';

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

export function toContest(r: Selectable<ContestsTable>): Contest {
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
    emailCounts: r.email_counts,
    ballot: { mode: r.ballot_mode, maxPerCategory: r.max_per_category, maxTotal: r.max_total },
    winnerRule: r.winner_rule,
    minVotes: r.min_votes,
    publicCounts: r.public_counts,
    published: r.published,
    resultsPublishedAt: r.results_published_at,
    createdAt: r.created_at,
  };
}

export function toCategory(r: Selectable<CategoriesTable>): Category {
  return {
    id: r.id,
    contestId: r.contest_id,
    code: r.code,
    name: r.name,
    budget: Number(r.budget),
    minCost: Number(r.min_cost),
    maxCost: Number(r.max_cost),
    position: r.position,
  };
}

/** Does the contest have any counted ballot (of any channel)? With one, voting has started whatever the date. */
export async function hasBallots(db: Db, contestId: number): Promise<boolean> {
  return !!(await tables(db).selectFrom('budget_ballots').select('id').where('contest_id', '=', contestId).limit(1).executeTakeFirst());
}

export interface VotingExtension {
  id: number;
  contestId: number;
  oldEnd: Date;
  newEnd: Date;
  reason: string;
  at: Date;
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

/** A community's contests of one owner (or of several owners, in one query), the latest first. */
export async function listContests(db: Db, communityId: number, opts: { owner?: string | string[]; publishedOnly?: boolean } = {}): Promise<Contest[]> {
  const owners = Array.isArray(opts.owner) ? opts.owner : [opts.owner ?? 'community'];
  if (!owners.length) return [];
  let q = tables(db).selectFrom('budget_contests').selectAll().where('community_id', '=', communityId).where('owner', 'in', owners);
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return (await q.orderBy('voting_from', 'desc').orderBy('id', 'desc').execute()).map(toContest);
}

export async function listCategories(db: Db, contestId: number): Promise<Category[]> {
  const rows = await tables(db).selectFrom('budget_categories').selectAll().where('contest_id', '=', contestId).orderBy('position').orderBy('id').execute();
  return rows.map(toCategory);
}
