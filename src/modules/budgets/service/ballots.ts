/**
 * Casting a ballot, the same for every channel (web, terminal, chat-bot, paper, a school's one-time code):
 * the caller has already identified the voter as an opaque key and checked eligibility; this inserts the
 * ballot and lets the database's UNIQUE (contest_id, voter_key) decide who was first. A later ballot of
 * the same person, from any channel, is kept as a rejected duplicate for the audit. An accepted ballot is
 * appended to the transparency log in the same transaction and keeps its receipt; a refused one is not logged.
 */
import { assertParticipationOpen } from '../../../core/communities/participation-gate.js';
import { randomBytes } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { logAct, type ActReceipt, type LoggedAct } from '../../../core/tlog/acts.js';
import { logBackfilledAct } from '../../../core/tlog/backfill.js';
import { ballotProjectIds, lockUnloggedBallots, type LoggableBallot } from '../repository/ballots.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { Contest } from '../repository/contests.js';
import { listCategories } from '../repository/contests.js';
import { ballotAct, checkChoices, type BallotProject, type ChoiceProblem } from '../rules.js';
import { tables, type Channel } from '../tables.js';

export interface CastInput {
  contest: Contest;
  voterKey: string;
  channel: Channel;
  channelId?: number | null;
  importId?: number | null;
  paperNumber?: string | null;
  age: number | null;
  /** Checked with checkChoices: project id → its category. */
  choices: { projectId: number; categoryId: number }[];
  now: Date;
  /** The web voter's sign-in level (default: the identity level, as every other channel). */
  level?: 'idgovua' | 'email';
}

export type CastOutcome =
  | { outcome: 'accepted'; ballotId: number; receipt: string; castAt: Date; logReceipt: ActReceipt }
  | { outcome: 'duplicate'; firstChannel: Channel; firstCastAt: Date };

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A ballot number the voter can read out: no 0/O or 1/I to confuse. */
export function newReceipt(contestId: number): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length];
  return `${contestId}-${s.slice(0, 5)}-${s.slice(5)}`;
}

export async function castBallot(ctx: CoreContext, db: Db, a: CastInput): Promise<CastOutcome> {
  return inTransaction(db, async (trx) => {
    // Every channel's ballot passes here: none is taken while the community is suspended.
    await assertParticipationOpen(trx, a.contest.communityId);
    const receipt = newReceipt(a.contest.id);
    // ON CONFLICT waits for a concurrent insert of the same person to commit, then yields to it.
    const inserted = await tables(trx)
      .insertInto('budget_ballots')
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        voter_key: a.voterKey,
        channel: a.channel,
        channel_id: a.channelId ?? null,
        import_id: a.importId ?? null,
        paper_number: a.paperNumber ?? null,
        receipt,
        age: a.age,
        cast_at: a.now,
        level: a.level ?? 'idgovua',
      })
      .onConflict((oc) => oc.columns(['contest_id', 'voter_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      if (a.choices.length) {
        await tables(trx)
          .insertInto('budget_ballot_choices')
          .values(
            a.choices.map((c) => ({
              ballot_id: inserted.id,
              community_id: a.contest.communityId,
              contest_id: a.contest.id,
              category_id: c.categoryId,
              project_id: c.projectId,
            })),
          )
          .execute();
      }
      const { slug } = await trx.selectFrom('communities').select('slug').where('id', '=', a.contest.communityId).executeTakeFirstOrThrow();
      const act = ballotAct(
        slug,
        a.contest,
        { voterKey: a.voterKey, channel: a.channel, level: a.level ?? 'idgovua', projectIds: a.choices.map((c) => c.projectId) },
        a.now,
      );
      const logReceipt = await logAct(ctx, trx, act);
      await tables(trx)
        .updateTable('budget_ballots')
        .set({ log_pending_id: logReceipt.pendingId, log_leaf: logReceipt.leafHash })
        .where('id', '=', inserted.id)
        .execute();
      return { outcome: 'accepted', ballotId: inserted.id, receipt, castAt: a.now, logReceipt };
    }
    const first = await tables(trx)
      .selectFrom('budget_ballots')
      .select(['channel', 'cast_at'])
      .where('contest_id', '=', a.contest.id)
      .where('voter_key', '=', a.voterKey)
      .executeTakeFirstOrThrow();
    await tables(trx)
      .insertInto('budget_ballot_rejects')
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        voter_key: a.voterKey,
        reason: 'duplicate',
        channel: a.channel,
        channel_id: a.channelId ?? null,
        import_id: a.importId ?? null,
        paper_number: a.paperNumber ?? null,
        project_ids: a.choices.map((c) => c.projectId),
        first_channel: first.channel,
        first_cast_at: first.cast_at,
        age: a.age,
        cast_at: a.now,
        recorded_at: a.now,
      })
      .execute();
    return { outcome: 'duplicate', firstChannel: first.channel, firstCastAt: first.cast_at };
  });
}

/** What a ballot of this contest may contain: the admitted projects and the categories. */
export async function ballotFrame(
  db: Db,
  contest: Contest,
): Promise<{ categoryIds: number[]; projects: Map<number, BallotProject>; byCode: Map<string, number> }> {
  const cats = await listCategories(db, contest.id);
  const rows = await tables(db)
    .selectFrom('budget_projects')
    .select(['id', 'category_id', 'contest_id', 'status', 'code'])
    .where('contest_id', '=', contest.id)
    .execute();
  const projects = new Map<number, BallotProject>(rows.map((r) => [r.id, { id: r.id, categoryId: r.category_id, contestId: r.contest_id, status: r.status }]));
  const byCode = new Map<string, number>();
  for (const r of rows) if (r.code && r.status === 'admitted') byCode.set(r.code.toUpperCase(), r.id);
  const catIds = cats.filter((c) => rows.some((r) => r.category_id === c.id && r.status === 'admitted')).map((c) => c.id);
  return { categoryIds: catIds, projects, byCode };
}

/**
 * Validates chosen project ids against the contest. Ids of other contests are looked up so the error can
 * say «another contest» rather than «unknown».
 */
export async function validateChoices(
  db: Db,
  contest: Contest,
  chosen: number[],
  frame?: Awaited<ReturnType<typeof ballotFrame>>,
): Promise<{ ok: true; choices: { projectId: number; categoryId: number }[] } | { ok: false; problems: ChoiceProblem[] }> {
  const f = frame ?? (await ballotFrame(db, contest));
  const foreign = chosen.filter((id) => !f.projects.has(id) && Number.isSafeInteger(id) && id > 0 && id < 2_147_483_647);
  const all = new Map(f.projects);
  if (foreign.length) {
    const rows = await tables(db).selectFrom('budget_projects').select(['id', 'category_id', 'contest_id', 'status']).where('id', 'in', foreign).execute();
    for (const r of rows) all.set(r.id, { id: r.id, categoryId: r.category_id, contestId: r.contest_id, status: r.status });
  }
  const res = checkChoices(contest.id, contest.ballot, f.categoryIds, all, chosen);
  if (!res.ok) return res;
  return { ok: true, choices: [...res.byCategory].flatMap(([categoryId, ids]) => ids.map((projectId) => ({ projectId, categoryId }))) };
}

/**
 * The leaf of a ballot's entry; a ballot cast before the log is first appended to it by `logPreLog` (at
 * its own time, marked backfilled), so that whatever annuls it names its entry. The caller holds the row's lock.
 */
export async function ballotLeaf(
  logPreLog: (act: LoggedAct) => Promise<ActReceipt>,
  trx: Db,
  slug: string,
  contest: { id: number; owner: string; publicCounts: boolean },
  b: LoggableBallot,
): Promise<string> {
  if (b.log_pending_id !== null && b.log_leaf !== null) return b.log_leaf;
  const projectIds = await ballotProjectIds(trx, b.id);
  const receipt = await logPreLog(ballotAct(slug, contest, { voterKey: b.voter_key, channel: b.channel, level: b.level, projectIds }, b.cast_at));
  await tables(trx).updateTable('budget_ballots').set({ log_pending_id: receipt.pendingId, log_leaf: receipt.leafHash }).where('id', '=', b.id).execute();
  return receipt.leafHash;
}

/**
 * The backfill (manifest `logBackfill`, for the budget and the school budget alike): up to `limit` ballots
 * cast before the log, oldest first, each as casting would have logged it. An annulled ballot is no longer
 * among them (it moved to the rejected ones): with its annulment it would count for nothing either way.
 */
export async function backfillBallots(ctx: CoreContext, trx: Db, limit: number): Promise<number> {
  const rows = await lockUnloggedBallots(trx, limit);
  for (const b of rows) await ballotLeaf((act) => logBackfilledAct(ctx, trx, act), trx, b.slug, b.contest, b);
  return rows.length;
}
