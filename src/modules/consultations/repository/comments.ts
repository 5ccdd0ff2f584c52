/** Consultation queries: comments, their supports and the moderator's decisions on them. */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { tables as q, type CommentsTable, type Decision } from '../tables.js';
import type { Level } from '../rules/levels.js';

// ---------- comments and supports ----------

export interface Comment {
  id: number;
  itemId: number;
  communityId: number;
  sectionId: number | null;
  parentId: number | null;
  authorUserId: number | null;
  /** Who wrote it as a person (their person key, or the comment itself when unknown): authors are counted by it. */
  person: string;
  level: Level;
  authorName: string;
  body: string;
  decision: Decision | null;
  decisionReason: string | null;
  createdAt: Date;
  supports: number;
}

export async function insertComment(
  db: Db,
  c: {
    communityId: number;
    itemId: number;
    sectionId: number | null;
    parentId: number | null;
    authorUserId: number | null;
    /** The author's person key and sign-in level. */
    identity: string | null;
    level: Level;
    authorName: string;
    body: string;
    now: Date;
  },
): Promise<number> {
  const r = await q(db)
    .insertInto('consultation_comments')
    .values({
      community_id: c.communityId,
      item_id: c.itemId,
      section_id: c.sectionId,
      parent_id: c.parentId,
      author_user_id: c.authorUserId,
      identity: c.identity,
      level: c.level,
      author_name: c.authorName,
      body: c.body,
      created_at: c.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listComments(db: Db, itemId: number): Promise<Comment[]> {
  const rows = await q(db)
    .selectFrom('consultation_comments as c')
    .selectAll('c')
    .select(sql<number>`(select count(*)::int from consultation_supports s where s.comment_id = c.id)`.as('supports'))
    .where('c.item_id', '=', itemId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...toComment(r), supports: r.supports }));
}

function toComment(r: Selectable<CommentsTable>): Omit<Comment, 'supports'> {
  return {
    id: r.id,
    itemId: r.item_id,
    communityId: r.community_id,
    sectionId: r.section_id,
    parentId: r.parent_id,
    authorUserId: r.author_user_id,
    person: r.identity ?? `comment:${r.id}`,
    level: r.level,
    authorName: r.author_name,
    body: r.body,
    decision: r.decision,
    decisionReason: r.decision_reason,
    createdAt: r.created_at,
  };
}

export async function findComment(db: Db, id: number): Promise<Omit<Comment, 'supports'> | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await q(db).selectFrom('consultation_comments').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toComment(r) : null;
}

export async function setDecision(db: Db, itemId: number, commentId: number, decision: Decision | null, reason: string | null): Promise<void> {
  await q(db)
    .updateTable('consultation_comments')
    .set({ decision, decision_reason: reason })
    .where('item_id', '=', itemId)
    .where('id', '=', commentId)
    .execute();
}

/** Many supports of comments in one statement (the demo seed); one already there is left as it is. */
export async function insertSupports(db: Db, rows: { communityId: number; commentId: number; identity: string; now: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await q(db)
    .insertInto('consultation_supports')
    .values(rows.map((s) => ({ community_id: s.communityId, comment_id: s.commentId, identity: s.identity, user_id: null, created_at: s.now })))
    .onConflict((oc) => oc.columns(['comment_id', 'identity']).doNothing())
    .execute();
}

export async function insertSupport(
  db: Db,
  s: { communityId: number; commentId: number; identity: string; userId: number | null; now: Date },
): Promise<boolean> {
  const r = await q(db)
    .insertInto('consultation_supports')
    .values({ community_id: s.communityId, comment_id: s.commentId, identity: s.identity, user_id: s.userId, created_at: s.now })
    .onConflict((oc) => oc.columns(['comment_id', 'identity']).doNothing())
    .returning('comment_id')
    .executeTakeFirst();
  return !!r;
}

export async function supportedBy(db: Db, itemId: number, identity: string): Promise<Set<number>> {
  const rows = await q(db)
    .selectFrom('consultation_supports as s')
    .innerJoin('consultation_comments as c', 'c.id', 's.comment_id')
    .select('s.comment_id')
    .where('c.item_id', '=', itemId)
    .where('s.identity', '=', identity)
    .execute();
  return new Set(rows.map((r) => r.comment_id));
}
