/** Consultation queries: poll questions and the responses to them. */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import type { Answer, PollQuestion, QuestionDraft } from '../rules/poll.js';
import type { Level, LevelCounts } from '../rules/levels.js';
import { tables as q } from '../tables.js';

// ---------- poll questions ----------

export async function insertQuestion(db: Db, communityId: number, itemId: number, d: QuestionDraft): Promise<number> {
  const pos = await q(db)
    .selectFrom('consultation_questions')
    .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  const r = await q(db)
    .insertInto('consultation_questions')
    .values({
      community_id: communityId,
      item_id: itemId,
      position: pos.n + 1,
      type: d.type,
      text: d.text,
      min_choices: d.minChoices,
      max_choices: d.maxChoices,
      rank_top: d.rankTop,
      scale_min: d.scaleMin,
      scale_max: d.scaleMax,
      points_total: d.pointsTotal,
      allow_other: d.allowOther,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await q(db)
    .insertInto('consultation_options')
    .values(d.options.map((label, i) => ({ community_id: communityId, question_id: r.id, position: i + 1, label })))
    .execute();
  return r.id;
}

export async function deleteQuestion(db: Db, itemId: number, id: number): Promise<boolean> {
  const found = await q(db).selectFrom('consultation_questions').select('id').where('item_id', '=', itemId).where('id', '=', id).executeTakeFirst();
  if (!found) return false;
  await q(db).deleteFrom('consultation_questions').where('id', '=', id).execute();
  return true;
}

export async function listQuestions(db: Db, itemId: number): Promise<PollQuestion[]> {
  const qs = await q(db).selectFrom('consultation_questions').selectAll().where('item_id', '=', itemId).orderBy('position').execute();
  if (qs.length === 0) return [];
  const opts = await q(db)
    .selectFrom('consultation_options')
    .select(['id', 'question_id', 'label'])
    .where(
      'question_id',
      'in',
      qs.map((x) => x.id),
    )
    .orderBy('position')
    .execute();
  return qs.map((x) => ({
    id: x.id,
    type: x.type,
    text: x.text,
    options: opts.filter((o) => o.question_id === x.id).map((o) => ({ id: o.id, label: o.label })),
    minChoices: x.min_choices,
    maxChoices: x.max_choices,
    rankTop: x.rank_top,
    scaleMin: x.scale_min,
    scaleMax: x.scale_max,
    pointsTotal: x.points_total,
    allowOther: x.allow_other,
  }));
}

// ---------- responses ----------

/** Inserts the response; false when this person has already answered (the UNIQUE constraint refused it). */
export async function insertResponse(
  db: Db,
  r: { communityId: number; itemId: number; identity: string; userId: number | null; level: Level; answers: Record<string, Answer>; now: Date },
): Promise<number | null> {
  const row = await q(db)
    .insertInto('consultation_responses')
    .values({
      community_id: r.communityId,
      item_id: r.itemId,
      identity: r.identity,
      user_id: r.userId,
      level: r.level,
      answers: JSON.stringify(r.answers),
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['item_id', 'identity']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Many people's responses to one item in one statement (the demo seed): nobody has answered it yet. */
export async function insertResponses(
  db: Db,
  rows: { communityId: number; itemId: number; identity: string; level: Level; answers: Record<string, Answer>; now: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('consultation_responses')
    .values(
      rows.map((r) => ({
        community_id: r.communityId,
        item_id: r.itemId,
        identity: r.identity,
        user_id: null,
        level: r.level,
        answers: JSON.stringify(r.answers),
        created_at: r.now,
      })),
    )
    .execute();
}

/** A person's response, with the number of its transparency-log receipt (null for one made before the log). */
export async function responseOf(
  db: Db,
  itemId: number,
  identity: string,
): Promise<{ answers: Record<string, Answer>; createdAt: Date; receipt: number | null } | null> {
  const r = await q(db)
    .selectFrom('consultation_responses')
    .select(['answers', 'created_at', 'log_pending_id'])
    .where('item_id', '=', itemId)
    .where('identity', '=', identity)
    .executeTakeFirst();
  return r ? { answers: parseJson(r.answers), createdAt: r.created_at, receipt: r.log_pending_id === null ? null : Number(r.log_pending_id) } : null;
}

/** A response as it is logged: what its entry says, and where its entry is (null before the log). */
export interface LoggableResponse {
  id: number;
  item_id: number;
  identity: string;
  level: Level;
  answers: Record<string, Answer>;
  created_at: Date;
  log_pending_id: number | null;
  log_leaf: string | null;
}

/** A stance (its latest change) as it is logged. */
export interface LoggableStance {
  item_id: number;
  scope: number;
  identity: string;
  level: Level;
  stance: 'support' | 'oppose';
  updated_at: Date;
  log_pending_id: number | null;
  log_leaf: string | null;
}

/** What an unlogged act's entry needs beside the row: the community's slug, and whether the item shows its results while it runs. */
interface LogPlace {
  slug: string;
  choicesPublic: boolean;
}

/** Up to `limit` responses not yet in the transparency log, oldest first, locked for the caller; rows another transaction holds are skipped. */
export async function lockUnloggedResponses(db: Db, limit: number): Promise<(LoggableResponse & LogPlace)[]> {
  const rows = await q(db)
    .selectFrom('consultation_responses as r')
    .innerJoin('consultation_items as i', 'i.id', 'r.item_id')
    .innerJoin('communities as c', 'c.id', 'r.community_id')
    .select(['r.id', 'r.item_id', 'r.identity', 'r.level', 'r.answers', 'r.created_at', 'r.log_pending_id', 'r.log_leaf', 'c.slug', 'i.results_visibility'])
    .where('r.log_pending_id', 'is', null)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(limit)
    .forUpdate('r')
    .skipLocked()
    .execute();
  return rows.map(({ results_visibility, answers, ...r }) => ({ ...r, answers: parseJson(answers), choicesPublic: results_visibility === 'during' }));
}

/** Up to `limit` stances not yet in the transparency log, oldest first, locked likewise. */
export async function lockUnloggedStances(db: Db, limit: number): Promise<(LoggableStance & LogPlace)[]> {
  const rows = await q(db)
    .selectFrom('consultation_stances as s')
    .innerJoin('consultation_items as i', 'i.id', 's.item_id')
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select(['s.item_id', 's.scope', 's.identity', 's.level', 's.stance', 's.updated_at', 's.log_pending_id', 's.log_leaf', 'c.slug', 'i.results_visibility'])
    .where('s.log_pending_id', 'is', null)
    .orderBy('s.updated_at')
    .limit(limit)
    .forUpdate('s')
    .skipLocked()
    .execute();
  return rows.map(({ results_visibility, ...r }) => ({ ...r, choicesPublic: results_visibility === 'during' }));
}

/** A JSON column's value (a driver may hand it over as text). */
export function parseJson<T>(v: T | string): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

/** Every response to a poll with the level it was given at (rules/levels.ts decides which count). */
export async function allResponses(db: Db, itemId: number): Promise<{ answers: Record<string, Answer>; level: Level }[]> {
  const rows = await q(db).selectFrom('consultation_responses').select(['answers', 'level']).where('item_id', '=', itemId).orderBy('id').execute();
  return rows.map((r) => ({ answers: parseJson(r.answers), level: r.level }));
}

/** How many responses a poll has at each sign-in level. */
export async function countResponses(db: Db, itemId: number): Promise<LevelCounts> {
  const r = await q(db)
    .selectFrom('consultation_responses')
    .select([sql<number>`count(*) filter (where level = 'idgovua')::int`.as('idgovua'), sql<number>`count(*) filter (where level = 'email')::int`.as('email')])
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return { idgovua: r.idgovua, email: r.email };
}

type Receipt = { receipt: number; title: string; at: Date };

/** The log receipts a person holds for rows of `table` (those written since the log), with the items' titles, newest first. */
async function receiptsOf(
  db: Db,
  table: 'consultation_responses' | 'consultation_stances',
  at: 'created_at' | 'updated_at',
  identity: string,
): Promise<Receipt[]> {
  const r = await sql<{ receipt: string; title: string; at: Date }>`
    select x.log_pending_id as receipt, i.title, ${sql.ref(`x.${at}`)} as at
    from ${sql.table(table)} x join consultation_items i on i.id = x.item_id
    where x.identity = ${identity} and x.log_pending_id is not null
    order by ${sql.ref(`x.${at}`)} desc limit 200`.execute(db);
  return r.rows.map((x) => ({ receipt: Number(x.receipt), title: x.title, at: new Date(x.at) }));
}

/** The log receipts of a person's poll answers (those given since the log), with the polls' titles. */
export const answerReceiptsOf = (db: Db, identity: string) => receiptsOf(db, 'consultation_responses', 'created_at', identity);

/** The receipts of one's stances on draft acts (the latest change of each), newest first. */
export const stanceReceiptsOf = (db: Db, identity: string) => receiptsOf(db, 'consultation_stances', 'updated_at', identity);
