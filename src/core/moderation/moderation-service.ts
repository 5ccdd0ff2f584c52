/**
 * Moderation shared by every tool: complaints about content, hiding content with a reason, and blocking a
 * person in one community. Every act is written to the audit log in the same transaction.
 */
import { inTransaction } from '../db/transaction.js';
import type { Db } from '../db/database.js';
import { recordAudit, type AuditEntry } from '../audit/audit-log.js';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * A condition for a query of a module's table: the row (its id in `idColumn`, e.g. "r.id") is not hidden
 * by a moderator. Lists, maps and exports filter in SQL with it, so counts and pages stay right.
 */
export function notHidden(subjectType: string, idColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from hidden_content hc where hc.subject_type = ${subjectType} and hc.subject_id = (${sql.ref(idColumn)})::text)`;
}

/** Which of these items are hidden: one query for a whole list page. */
export async function hiddenIds(db: Db, subjectType: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('hidden_content').select('subject_id').where('subject_type', '=', subjectType).where('subject_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.subject_id));
}

export async function blockOf(db: Db, communityId: number, userId: number): Promise<{ reason: string; since: Date } | null> {
  const r = await db
    .selectFrom('user_blocks')
    .select(['reason', 'created_at'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? { reason: r.reason, since: r.created_at } : null;
}

/**
 * One act of moderation in one transaction: the change, and, when it touched a row, its audit entry made
 * from that row. False when it touched none (already done, or not there).
 */
async function auditedChange<R>(db: Db, change: (trx: Db) => Promise<R | undefined>, entry: (row: R) => AuditEntry): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await change(trx);
    if (!row) return false;
    await recordAudit(trx, entry(row));
    return true;
  });
}

export type ComplaintOutcome = 'created' | 'duplicate';

export async function fileComplaint(
  db: Db,
  c: { communityId: number; subjectType: string; subjectId: string; reporterUserId: number; reason: string },
): Promise<ComplaintOutcome> {
  const created = await auditedChange(
    db,
    (trx) =>
      trx
        .insertInto('complaints')
        .values({
          community_id: c.communityId,
          subject_type: c.subjectType,
          subject_id: c.subjectId,
          reporter_user_id: c.reporterUserId,
          reason: c.reason,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst(),
    (row) => ({
      communityId: c.communityId,
      actorUserId: c.reporterUserId,
      action: 'complaint.filed',
      subjectType: c.subjectType,
      subjectId: c.subjectId,
      after: { complaintId: row.id, reason: c.reason },
    }),
  );
  return created ? 'created' : 'duplicate';
}

export async function hideContent(
  db: Db,
  a: { communityId: number; subjectType: string; subjectId: string; reason: string; actorUserId: number; now: Date },
): Promise<boolean> {
  return auditedChange(
    db,
    async (trx) => {
      const row = await trx
        .insertInto('hidden_content')
        .values({ subject_type: a.subjectType, subject_id: a.subjectId, community_id: a.communityId, reason: a.reason, hidden_by: a.actorUserId })
        .onConflict((oc) => oc.doNothing())
        .returning('subject_id')
        .executeTakeFirst();
      if (row) {
        await trx
          .updateTable('complaints')
          .set({ status: 'upheld', resolved_by: a.actorUserId, resolved_at: a.now })
          .where('subject_type', '=', a.subjectType)
          .where('subject_id', '=', a.subjectId)
          .where('status', '=', 'open')
          .execute();
      }
      return row;
    },
    () => ({
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'content.hidden',
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      before: { hidden: false },
      after: { hidden: true, reason: a.reason },
    }),
  );
}

export async function unhideContent(
  db: Db,
  a: { communityId: number; subjectType: string; subjectId: string; reason: string; actorUserId: number },
): Promise<boolean> {
  return auditedChange(
    db,
    (trx) =>
      trx
        .deleteFrom('hidden_content')
        .where('subject_type', '=', a.subjectType)
        .where('subject_id', '=', a.subjectId)
        .where('community_id', '=', a.communityId)
        .returning('reason')
        .executeTakeFirst(),
    (row) => ({
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'content.unhidden',
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      before: { hidden: true, reason: row.reason },
      after: { hidden: false, reason: a.reason },
    }),
  );
}

export async function dismissComplaint(db: Db, a: { communityId: number; complaintId: number; actorUserId: number; now: Date }): Promise<boolean> {
  return auditedChange(
    db,
    (trx) =>
      trx
        .updateTable('complaints')
        .set({ status: 'dismissed', resolved_by: a.actorUserId, resolved_at: a.now })
        .where('id', '=', a.complaintId)
        .where('community_id', '=', a.communityId)
        .where('status', '=', 'open')
        .returning(['subject_type', 'subject_id'])
        .executeTakeFirst(),
    (row) => ({
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'complaint.dismissed',
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      before: { status: 'open' },
      after: { status: 'dismissed', complaintId: a.complaintId },
    }),
  );
}

export async function blockUser(db: Db, a: { communityId: number; userId: number; reason: string; actorUserId: number }): Promise<boolean> {
  return auditedChange(
    db,
    (trx) =>
      trx
        .insertInto('user_blocks')
        .values({ community_id: a.communityId, user_id: a.userId, reason: a.reason, blocked_by: a.actorUserId })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .executeTakeFirst(),
    () => ({
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'user.blocked',
      subjectType: 'user',
      subjectId: a.userId,
      before: { blocked: false },
      after: { blocked: true, reason: a.reason },
    }),
  );
}

export async function unblockUser(db: Db, a: { communityId: number; userId: number; actorUserId: number }): Promise<boolean> {
  return auditedChange(
    db,
    (trx) => trx.deleteFrom('user_blocks').where('community_id', '=', a.communityId).where('user_id', '=', a.userId).returning('reason').executeTakeFirst(),
    (row) => ({
      communityId: a.communityId,
      actorUserId: a.actorUserId,
      action: 'user.unblocked',
      subjectType: 'user',
      subjectId: a.userId,
      before: { blocked: true, reason: row.reason },
      after: { blocked: false },
    }),
  );
}
