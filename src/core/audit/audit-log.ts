/** The append-only record of every state change and moderator act. */
import type { Db } from '../db/database.js';
import { noteWrite } from '../http/page-cache.js';

export interface AuditEntry {
  communityId: number | null;
  actorUserId: number | null;
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
}

/** Write inside the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      community_id: e.communityId,
      actor_user_id: e.actorUserId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: String(e.subjectId),
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
  // Every state change passes here: shared copies of the community's pages are stale from now on.
  noteWrite(e.communityId === null ? null : { id: e.communityId });
}

export interface AuditRow {
  id: number;
  communityId: number | null;
  communitySlug: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

export async function listAudit(db: Db, opts: { communityId: number | null; page: number; perPage: number }): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id').leftJoin('communities as c', 'c.id', 'a.community_id');
  if (opts.communityId !== null) q = q.where('a.community_id', '=', opts.communityId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'a.id',
      'a.community_id',
      'c.slug',
      'u.last_name',
      'u.first_name',
      'a.action',
      'a.subject_type',
      'a.subject_id',
      'a.before',
      'a.after',
      'a.created_at',
    ])
    .orderBy('a.id', 'desc')
    .limit(opts.perPage)
    .offset((opts.page - 1) * opts.perPage)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      id: Number(r.id),
      communityId: r.community_id,
      communitySlug: r.slug,
      actorName: r.last_name === null ? null : `${r.last_name} ${r.first_name ?? ''}`.trim(),
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      before: r.before,
      after: r.after,
      createdAt: r.created_at,
    })),
  };
}
