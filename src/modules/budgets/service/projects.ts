/**
 * Projects of a contest: drafts, submission, supporters, review (admitted / needs changes / rejected, with
 * a cost correction), status history, photos, comments and implementation updates. Every change writes its
 * history row and audit entry in the same transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import type { CoreContext } from '../../../core/context.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { Contest, Category } from '../repository/contests.js';
import { computeCost } from '../rules.js';
import { tellProjectPeople } from './notifications.js';
import { tables, type ImplStatus, type ProjectStatus } from '../tables.js';
import { countSupports, findProject, type Project } from '../repository/projects.js';

/** What the project form sets: the project's own fields, and its cost items before the cost is computed. */
export type ProjectInput = Pick<
  Project,
  'categoryId' | 'title' | 'problem' | 'solution' | 'location' | 'lat' | 'lng' | 'beneficiaries' | 'contingencyBp' | 'authorEmail' | 'authorPhone'
> & {
  items: { item: string; qtyMilli: number; unitPrice: number }[];
};

async function addHistory(
  db: Db,
  p: { communityId: number; projectId: number; status: string; note: string | null; actorUserId: number | null; now: Date },
): Promise<void> {
  await tables(db)
    .insertInto('budget_project_history')
    .values({ community_id: p.communityId, project_id: p.projectId, status: p.status, note: p.note, actor_user_id: p.actorUserId, at: p.now })
    .execute();
}

/**
 * Creates or edits a project (a draft, or one sent back for changes) and, with `submit`, sends it on:
 * to supporters' collection when the contest needs supporters, else to review. Paper projects entered by
 * the moderator go straight to review.
 */
export async function saveProject(
  db: Db,
  a: {
    contest: Contest;
    projectId: number | null;
    input: ProjectInput;
    author: { userId: number | null; name: string };
    onPaper: boolean;
    submit: boolean;
    actorUserId: number | null;
    now: Date;
  },
): Promise<number> {
  const cost = computeCost(a.input.items, a.input.contingencyBp);
  const next: ProjectStatus = !a.submit ? 'draft' : a.contest.supportersNeeded > 0 && !a.onPaper ? 'support' : 'review';
  const row = {
    category_id: a.input.categoryId,
    title: a.input.title,
    problem: a.input.problem,
    solution: a.input.solution,
    location: a.input.location,
    lat: a.input.lat,
    lng: a.input.lng,
    beneficiaries: a.input.beneficiaries,
    cost_items: JSON.stringify(cost.items),
    contingency_bp: a.input.contingencyBp,
    cost: cost.total,
    author_email: a.input.authorEmail,
    author_phone: a.input.authorPhone,
    updated_at: a.now,
  };
  return inTransaction(db, async (trx) => {
    let id: number;
    let before: ProjectStatus | null = null;
    if (a.projectId === null) {
      const r = await tables(trx)
        .insertInto('budget_projects')
        .values({
          ...row,
          community_id: a.contest.communityId,
          contest_id: a.contest.id,
          status: next,
          author_user_id: a.author.userId,
          author_name: a.author.name,
          on_paper: a.onPaper,
          created_at: a.now,
          submitted_at: a.submit ? a.now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = r.id;
    } else {
      const cur = await tables(trx).selectFrom('budget_projects').select('status').where('id', '=', a.projectId).forUpdate().executeTakeFirstOrThrow();
      before = cur.status;
      if (cur.status !== 'draft' && cur.status !== 'needs_changes') throw new Error('project is not editable');
      const status: ProjectStatus = a.submit ? (cur.status === 'needs_changes' ? 'review' : next) : cur.status;
      await tables(trx)
        .updateTable('budget_projects')
        .set({ ...row, status, ...(a.submit ? { submitted_at: sql<Date>`coalesce(submitted_at, ${a.now})` } : {}) })
        .where('id', '=', a.projectId)
        .execute();
      id = a.projectId;
    }
    const after = a.submit ? (before === 'needs_changes' ? 'review' : next) : (before ?? 'draft');
    if (after !== before)
      await addHistory(trx, {
        communityId: a.contest.communityId,
        projectId: id,
        status: after,
        note: before === 'needs_changes' ? 'resubmitted' : a.onPaper ? 'paper' : null,
        actorUserId: a.actorUserId,
        now: a.now,
      });
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: a.projectId === null ? 'budget.project.created' : 'budget.project.edited',
      subjectType: 'budget_project',
      subjectId: id,
      before: before ? { status: before } : undefined,
      after: { status: after, cost: cost.total, onPaper: a.onPaper },
    });
    return id;
  });
}

export type ReviewDecision = 'admitted' | 'needs_changes' | 'rejected';

/**
 * The reviewer's decision. Admission gives the project its ballot code (category code and a number); the
 * reviewer may correct the cost, and the note explaining it is shown on the project page.
 */
/** What a reviewer decides on a project, with who decided and when. */
export interface ProjectReview {
  project: Project;
  category: Category;
  decision: ReviewDecision;
  note: string | null;
  correctedCost: number | null;
  costNote: string | null;
  actorUserId: number | null;
  now: Date;
}

export async function reviewProject(db: Db, a: ProjectReview): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const cur = await tables(trx)
      .selectFrom('budget_projects')
      .select(['status', 'code', 'cost'])
      .where('id', '=', a.project.id)
      .forUpdate()
      .executeTakeFirst();
    if (!cur || (cur.status !== 'review' && cur.status !== 'support')) return false;
    let code = cur.code;
    if (a.decision === 'admitted' && !code) {
      // Lock the category's codes so two admissions at once cannot take the same number.
      await sql`select id from budget_categories where id = ${a.category.id} for update`.execute(trx);
      const n = await tables(trx)
        .selectFrom('budget_projects')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('category_id', '=', a.category.id)
        .where('code', 'is not', null)
        .executeTakeFirstOrThrow();
      code = `${a.category.code}-${String(n.n + 1).padStart(3, '0')}`;
    }
    await tables(trx)
      .updateTable('budget_projects')
      .set({
        status: a.decision,
        code,
        review_note: a.note,
        ...(a.correctedCost !== null ? { cost: a.correctedCost, cost_note: a.costNote } : {}),
        updated_at: a.now,
      })
      .where('id', '=', a.project.id)
      .execute();
    await addHistory(trx, {
      communityId: a.project.communityId,
      projectId: a.project.id,
      status: a.decision,
      note: a.note,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    if (a.correctedCost !== null && a.correctedCost !== Number(cur.cost)) {
      await addHistory(trx, {
        communityId: a.project.communityId,
        projectId: a.project.id,
        status: 'cost_corrected',
        note: a.costNote,
        actorUserId: a.actorUserId,
        now: a.now,
      });
    }
    await recordAudit(trx, {
      communityId: a.project.communityId,
      actorUserId: a.actorUserId,
      action: `budget.project.${a.decision}`,
      subjectType: 'budget_project',
      subjectId: a.project.id,
      before: { status: cur.status, cost: Number(cur.cost) },
      after: { status: a.decision, code, cost: a.correctedCost ?? Number(cur.cost), note: a.note, costNote: a.costNote },
    });
    return true;
  });
}

/** One support per person per project (the primary key refuses a second); enough supporters send it to review. */
export async function supportProject(
  db: Db,
  a: { project: Project; contest: Contest; voterKey: string; userId: number | null; now: Date },
): Promise<'added' | 'already' | 'closed'> {
  return inTransaction(db, async (trx) => {
    const cur = await tables(trx).selectFrom('budget_projects').select('status').where('id', '=', a.project.id).forUpdate().executeTakeFirst();
    if (!cur || cur.status !== 'support') return 'closed';
    const r = await tables(trx)
      .insertInto('budget_supports')
      .values({ community_id: a.project.communityId, project_id: a.project.id, voter_key: a.voterKey, user_id: a.userId, created_at: a.now })
      .onConflict((oc) => oc.columns(['project_id', 'voter_key']).doNothing())
      .returning('project_id')
      .executeTakeFirst();
    if (!r) return 'already';
    const n = await countSupports(trx, a.project.id);
    await recordAudit(trx, {
      communityId: a.project.communityId,
      actorUserId: null,
      action: 'budget.project.supported',
      subjectType: 'budget_project',
      subjectId: a.project.id,
      after: { supports: n },
    });
    if (n >= a.contest.supportersNeeded) {
      await tables(trx).updateTable('budget_projects').set({ status: 'review', updated_at: a.now }).where('id', '=', a.project.id).execute();
      await addHistory(trx, {
        communityId: a.project.communityId,
        projectId: a.project.id,
        status: 'review',
        note: 'supporters',
        actorUserId: null,
        now: a.now,
      });
    }
    return 'added';
  });
}

// ---------------------------------------------------------------------------------------------------------
// Photos

export interface StoredPhoto {
  width: number;
  height: number;
  data: Buffer;
  thumb: Buffer;
}

export async function addPhotos(db: Db, a: { project: Project; updateId: number | null; photos: StoredPhoto[]; now: Date }): Promise<void> {
  for (const ph of a.photos) {
    await tables(db)
      .insertInto('budget_photos')
      .values({
        community_id: a.project.communityId,
        project_id: a.project.id,
        update_id: a.updateId,
        width: ph.width,
        height: ph.height,
        data: ph.data,
        thumb: ph.thumb,
        created_at: a.now,
      })
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Comments (moderated by the core: complaints and hiding work through the manifest's content resolver)

export async function addComment(db: Db, a: { project: Project; userId: number; authorName: string; body: string; now: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_comments')
      .values({
        community_id: a.project.communityId,
        project_id: a.project.id,
        author_user_id: a.userId,
        author_name: a.authorName,
        body: a.body,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.project.communityId,
      actorUserId: a.userId,
      action: 'budget.comment.created',
      subjectType: 'budget_comment',
      subjectId: r.id,
      after: { projectId: a.project.id, length: a.body.length },
    });
    return r.id;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Implementation

export async function addImplUpdate(
  db: Db,
  a: { project: Project; status: ImplStatus; reason: string | null; body: string; spent: number; photos: StoredPhoto[]; actorUserId: number | null; now: Date },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_impl_updates')
      .values({
        community_id: a.project.communityId,
        project_id: a.project.id,
        status: a.status,
        body: a.body,
        spent: a.spent,
        author_user_id: a.actorUserId,
        at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tables(trx)
      .updateTable('budget_projects')
      .set({ impl_status: a.status, impl_reason: a.status === 'not_done' ? a.reason : null, updated_at: a.now })
      .where('id', '=', a.project.id)
      .execute();
    await addPhotos(trx, { project: a.project, updateId: r.id, photos: a.photos, now: a.now });
    await recordAudit(trx, {
      communityId: a.project.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.implementation.updated',
      subjectType: 'budget_project',
      subjectId: a.project.id,
      before: { status: a.project.implStatus },
      after: { status: a.status, spent: a.spent, reason: a.reason },
    });
    return r.id;
  });
}

// ---------- use-cases of several steps, each in one transaction ----------

/** A new project, a resident's or one a moderator enters from paper, with its photos. */
export async function createProjectWithPhotos(
  db: Db,
  a: {
    contest: Contest;
    input: ProjectInput;
    author: { userId: number | null; name: string };
    onPaper: boolean;
    submit: boolean;
    actorUserId: number | null;
    photos: StoredPhoto[];
    now: Date;
  },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const pid = await saveProject(trx, {
      contest: a.contest,
      projectId: null,
      input: a.input,
      author: a.author,
      onPaper: a.onPaper,
      submit: a.submit,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    await addPhotos(trx, { project: (await findProject(trx, pid))!, updateId: null, photos: a.photos, now: a.now });
    return pid;
  });
}

/** The author's revision of a draft or of a project sent back for changes, with any new photos. */
export async function reviseProject(
  db: Db,
  a: { contest: Contest; project: Project; input: ProjectInput; submit: boolean; actorUserId: number | null; photos: StoredPhoto[]; now: Date },
): Promise<void> {
  const x = a.project;
  await inTransaction(db, async (trx) => {
    await saveProject(trx, {
      contest: a.contest,
      projectId: x.id,
      input: a.input,
      author: { userId: x.authorUserId, name: x.authorName },
      onPaper: false,
      submit: a.submit,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    await addPhotos(trx, { project: x, updateId: null, photos: a.photos, now: a.now });
  });
}

/** The moderator's review of a project, and the letter to its author and supporters when it is decided. */
export async function reviewProjectAndTell(ctx: CoreContext, a: ProjectReview & { slug: string }): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const done = await reviewProject(trx, a);
    const after = done ? await findProject(trx, a.project.id) : null;
    if (after)
      await tellProjectPeople(ctx, trx, {
        project: after,
        slug: a.slug,
        letter: a.decision === 'admitted' ? { kind: 'admitted', code: after.code, note: after.reviewNote } : { kind: a.decision, note: after.reviewNote },
      });
  });
}

/** An implementation update; a letter when the stage changes, not for every progress note. */
export async function reportImplementation(
  ctx: CoreContext,
  a: {
    project: Project;
    status: ImplStatus;
    reason: string | null;
    body: string;
    spent: number;
    photos: StoredPhoto[];
    actorUserId: number | null;
    slug: string;
    now: Date;
  },
): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await addImplUpdate(trx, {
      project: a.project,
      status: a.status,
      reason: a.reason,
      body: a.body,
      spent: a.spent,
      photos: a.photos,
      actorUserId: a.actorUserId,
      now: a.now,
    });
    if (a.status !== a.project.implStatus)
      await tellProjectPeople(ctx, trx, { project: a.project, slug: a.slug, letter: { kind: 'implementation', status: a.status, body: a.body } });
  });
}
