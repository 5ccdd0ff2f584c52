/** The ballots queries of the contest engine (reads only; the changes are in service/ballots.ts). */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { tables, type Channel } from '../tables.js';

export interface BallotView {
  id: number;
  receipt: string;
  channel: Channel;
  castAt: Date;
  projectIds: number[];
  /** The number of the ballot's transparency-log receipt (null for one cast before the log). */
  logReceipt: number | null;
}

export async function ballotOf(db: Db, contestId: number, voterKey: string): Promise<BallotView | null> {
  const b = await tables(db)
    .selectFrom('budget_ballots')
    .select(['id', 'receipt', 'channel', 'cast_at', 'log_pending_id'])
    .where('contest_id', '=', contestId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
  if (!b) return null;
  const ch = await tables(db).selectFrom('budget_ballot_choices').select('project_id').where('ballot_id', '=', b.id).orderBy('project_id').execute();
  return {
    id: b.id,
    receipt: b.receipt,
    channel: b.channel,
    castAt: b.cast_at,
    projectIds: ch.map((c) => c.project_id),
    logReceipt: b.log_pending_id === null ? null : Number(b.log_pending_id),
  };
}

/** A ballot as it is logged: what its entry says, and where its entry is (null before the log). */
export interface LoggableBallot {
  id: number;
  voter_key: string;
  channel: Channel;
  level: 'idgovua' | 'email';
  cast_at: Date;
  log_pending_id: number | null;
  log_leaf: string | null;
}

/** The columns of a LoggableBallot, for a select. */
export const LOGGABLE_BALLOT = ['id', 'voter_key', 'channel', 'level', 'cast_at', 'log_pending_id', 'log_leaf'] as const;

/** The projects a ballot chose, ascending. */
export async function ballotProjectIds(db: Db, ballotId: number): Promise<number[]> {
  const ch = await tables(db).selectFrom('budget_ballot_choices').select('project_id').where('ballot_id', '=', ballotId).orderBy('project_id').execute();
  return ch.map((c) => c.project_id);
}

/** A ballot not yet in the transparency log (cast before it), with what its entry needs of the contest. */
export interface UnloggedBallot extends LoggableBallot {
  slug: string;
  contest: { id: number; owner: string; publicCounts: boolean };
}

/** Up to `limit` unlogged ballots, oldest first, locked for the caller; rows another transaction holds are skipped. */
export async function lockUnloggedBallots(db: Db, limit: number): Promise<UnloggedBallot[]> {
  const rows = await tables(db)
    .selectFrom('budget_ballots as b')
    .innerJoin('budget_contests as k', 'k.id', 'b.contest_id')
    .innerJoin('communities as c', 'c.id', 'b.community_id')
    .select(LOGGABLE_BALLOT.map((col) => `b.${col}` as const))
    .select(['c.slug', 'k.id as contest_id', 'k.owner', 'k.public_counts'])
    .where('b.log_pending_id', 'is', null)
    .orderBy('b.cast_at')
    .orderBy('b.id')
    .limit(limit)
    .forUpdate('b')
    .skipLocked()
    .execute();
  return rows.map(({ contest_id, owner, public_counts, ...b }) => ({ ...b, contest: { id: contest_id, owner, publicCounts: public_counts } }));
}

/** Which of a contest's ballots count: all, or (its rule) all but those cast at the e-mail level. */
export interface CountedBallots {
  id: number;
  emailCounts: boolean;
}

/**
 * The contest's ballots cast at the e-mail level, which its count leaves out when its rule says they do not
 * count (see voteCounts). A subquery of ballot ids, for the queries over choices.
 */
export function uncountedBallotIds(db: Db, c: CountedBallots) {
  return tables(db).selectFrom('budget_ballots').select('id').where('contest_id', '=', c.id).where('level', '=', 'email');
}

/** Counted votes per project (rows behind the number, never a counter), under the contest's rule on e-mail ballots. */
export async function voteCounts(db: Db, contest: CountedBallots): Promise<Map<number, number>> {
  let q = tables(db)
    .selectFrom('budget_ballot_choices')
    .select(['project_id', sql<number>`count(*)::int`.as('n')])
    .where('contest_id', '=', contest.id);
  if (!contest.emailCounts) q = q.where('ballot_id', 'not in', uncountedBallotIds(db, contest));
  const rows = await q.groupBy('project_id').execute();
  return new Map(rows.map((r) => [r.project_id, r.n]));
}

export async function ballotTotals(
  db: Db,
  contestId: number,
): Promise<{ ballots: number; byChannel: Record<string, number>; byLevel: { idgovua: number; email: number }; rejected: number }> {
  const rows = await tables(db)
    .selectFrom('budget_ballots')
    .select(['channel', sql<number>`count(*)::int`.as('n')])
    .where('contest_id', '=', contestId)
    .groupBy('channel')
    .execute();
  const rej = await tables(db)
    .selectFrom('budget_ballot_rejects')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('contest_id', '=', contestId)
    .executeTakeFirstOrThrow();
  const levels = await tables(db)
    .selectFrom('budget_ballots')
    .select(['level', sql<number>`count(*)::int`.as('n')])
    .where('contest_id', '=', contestId)
    .groupBy('level')
    .execute();
  const byLevel = { idgovua: 0, email: 0 };
  for (const l of levels) byLevel[l.level] = l.n;
  const byChannel: Record<string, number> = {};
  let ballots = 0;
  for (const r of rows) {
    byChannel[r.channel] = r.n;
    ballots += r.n;
  }
  return { ballots, byChannel, byLevel, rejected: rej.n };
}

export interface RejectView {
  id: number;
  reason: 'duplicate' | 'annulled' | 'duplicate-linked';
  channel: Channel;
  importId: number | null;
  paperNumber: string | null;
  projectIds: number[];
  firstChannel: Channel | null;
  firstCastAt: Date | null;
  castAt: Date;
}

export async function listRejects(db: Db, contestId: number, limit = 200): Promise<RejectView[]> {
  const rows = await tables(db)
    .selectFrom('budget_ballot_rejects')
    .selectAll()
    .where('contest_id', '=', contestId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    channel: r.channel,
    importId: r.import_id,
    paperNumber: r.paper_number,
    projectIds: r.project_ids,
    firstChannel: r.first_channel,
    firstCastAt: r.first_cast_at,
    castAt: r.cast_at,
  }));
}

/** The log receipts of a voter's ballots (those cast since the log), with their contests' titles. */
export async function ballotReceiptsOf(db: Db, voterKey: string): Promise<{ receipt: number; title: string; castAt: Date }[]> {
  const rows = await tables(db)
    .selectFrom('budget_ballots as b')
    .innerJoin('budget_contests as c', 'c.id', 'b.contest_id')
    .select(['b.log_pending_id', 'c.title', 'b.cast_at'])
    .where('b.voter_key', '=', voterKey)
    .where('b.log_pending_id', 'is not', null)
    .orderBy('b.cast_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ receipt: Number(r.log_pending_id), title: r.title, castAt: r.cast_at }));
}

/** The person's own ballots, newest first, for the cabinet: where, when, the ballot's number and its log receipt. */
export async function ballotsOf(
  db: Db,
  voterKey: string,
  owner: string,
): Promise<{ contestId: number; title: string; slug: string; receipt: string; castAt: Date; logReceipt: number | null }[]> {
  const rows = await tables(db)
    .selectFrom('budget_ballots as b')
    .innerJoin('budget_contests as c', 'c.id', 'b.contest_id')
    .innerJoin('communities as m', 'm.id', 'c.community_id')
    .select(['b.contest_id', 'c.title', 'm.slug', 'b.receipt', 'b.cast_at', 'b.log_pending_id'])
    .where('b.voter_key', '=', voterKey)
    .where('c.owner', '=', owner)
    .orderBy('b.cast_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    contestId: r.contest_id,
    title: r.title,
    slug: r.slug,
    receipt: r.receipt,
    castAt: r.cast_at,
    logReceipt: r.log_pending_id === null ? null : Number(r.log_pending_id),
  }));
}
