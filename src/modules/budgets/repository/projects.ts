/** The projects of a contest, their photos, comments and implementation: reads only (the changes are in service/projects.ts). */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { tables, type CostItem, type ImplStatus, type ProjectStatus, type ProjectsTable } from '../tables.js';

/** The columns a project keeps under their own names. */
type SameNamedColumns = 'id' | 'code' | 'title' | 'problem' | 'solution' | 'location' | 'lat' | 'lng' | 'beneficiaries' | 'cost' | 'status';

export interface Project extends Pick<Selectable<ProjectsTable>, SameNamedColumns> {
  communityId: number;
  contestId: number;
  categoryId: number;
  costItems: CostItem[];
  contingencyBp: number;
  costNote: string | null;
  reviewNote: string | null;
  authorUserId: number | null;
  authorName: string;
  authorEmail: string | null;
  authorPhone: string | null;
  onPaper: boolean;
  submittedAt: Date | null;
  implStatus: ImplStatus;
  implReason: string | null;
  createdAt: Date;
}

export function toProject(r: Selectable<ProjectsTable>): Project {
  return {
    id: r.id,
    communityId: r.community_id,
    contestId: r.contest_id,
    categoryId: r.category_id,
    code: r.code,
    title: r.title,
    problem: r.problem,
    solution: r.solution,
    location: r.location,
    lat: r.lat,
    lng: r.lng,
    beneficiaries: r.beneficiaries,
    costItems: r.cost_items,
    contingencyBp: r.contingency_bp,
    cost: Number(r.cost),
    costNote: r.cost_note,
    status: r.status,
    reviewNote: r.review_note,
    authorUserId: r.author_user_id,
    authorName: r.author_name,
    authorEmail: r.author_email,
    authorPhone: r.author_phone,
    onPaper: r.on_paper,
    submittedAt: r.submitted_at,
    implStatus: r.impl_status,
    implReason: r.impl_reason,
    createdAt: r.created_at,
  };
}

export async function findProject(db: Db, id: number): Promise<Project | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('budget_projects').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toProject(r) : null;
}

/**
 * Where a project map should open in a community: the middle of its projects that have a pin. The core keeps
 * no coordinates of a community, and the projects are where its people actually propose things.
 */
export async function projectsCentre(db: Db, communityId: number): Promise<{ lat: number; lng: number } | null> {
  const r = await tables(db)
    .selectFrom('budget_projects')
    .select((eb) => [eb.fn.avg<number | string | null>('lat').as('lat'), eb.fn.avg<number | string | null>('lng').as('lng')])
    .where('community_id', '=', communityId)
    .where('lat', 'is not', null)
    .where('lng', 'is not', null)
    .executeTakeFirst();
  return r && r.lat !== null && r.lng !== null ? { lat: Number(r.lat), lng: Number(r.lng) } : null;
}

export async function listProjects(
  db: Db,
  contestId: number,
  opts: { statuses?: ProjectStatus[]; categoryId?: number; authorUserId?: number } = {},
): Promise<Project[]> {
  let q = tables(db).selectFrom('budget_projects').selectAll().where('contest_id', '=', contestId);
  if (opts.statuses) q = q.where('status', 'in', opts.statuses.length ? opts.statuses : ['draft']);
  if (opts.categoryId) q = q.where('category_id', '=', opts.categoryId);
  if (opts.authorUserId) q = q.where('author_user_id', '=', opts.authorUserId);
  return (await q.orderBy('code').orderBy('id').execute()).map(toProject);
}

export async function projectHistory(db: Db, projectId: number): Promise<{ status: string; note: string | null; at: Date }[]> {
  return tables(db).selectFrom('budget_project_history').select(['status', 'note', 'at']).where('project_id', '=', projectId).orderBy('id').execute();
}

export async function countSupports(db: Db, projectId: number): Promise<number> {
  return (
    await tables(db)
      .selectFrom('budget_supports')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow()
  ).n;
}

export async function hasSupported(db: Db, projectId: number, voterKey: string): Promise<boolean> {
  return !!(await tables(db)
    .selectFrom('budget_supports')
    .select('project_id')
    .where('project_id', '=', projectId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst());
}

export async function listPhotoIds(db: Db, projectId: number): Promise<{ id: number; updateId: number | null }[]> {
  const rows = await tables(db).selectFrom('budget_photos').select(['id', 'update_id']).where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, updateId: r.update_id }));
}

export async function getPhoto(db: Db, id: number): Promise<{ projectId: number; data: Buffer; thumb: Buffer } | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('budget_photos').select(['project_id', 'data', 'thumb']).where('id', '=', id).executeTakeFirst();
  return r ? { projectId: r.project_id, data: r.data, thumb: r.thumb } : null;
}

export interface ProjectComment {
  id: number;
  authorUserId: number | null;
  authorName: string;
  body: string;
  createdAt: Date;
}

export async function listComments(db: Db, projectId: number): Promise<ProjectComment[]> {
  const rows = await tables(db).selectFrom('budget_comments').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, authorUserId: r.author_user_id, authorName: r.author_name, body: r.body, createdAt: r.created_at }));
}

export async function findComment(db: Db, id: number): Promise<(ProjectComment & { projectId: number; communityId: number }) | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await tables(db).selectFrom('budget_comments').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: r.id,
        projectId: r.project_id,
        communityId: r.community_id,
        authorUserId: r.author_user_id,
        authorName: r.author_name,
        body: r.body,
        createdAt: r.created_at,
      }
    : null;
}

export interface ImplUpdate {
  id: number;
  status: ImplStatus;
  body: string;
  spent: number;
  at: Date;
}

export async function listImplUpdates(db: Db, projectIds: number[]): Promise<Map<number, ImplUpdate[]>> {
  const out = new Map<number, ImplUpdate[]>();
  if (projectIds.length === 0) return out;
  const rows = await tables(db).selectFrom('budget_impl_updates').selectAll().where('project_id', 'in', projectIds).orderBy('id').execute();
  for (const r of rows)
    out.set(r.project_id, [...(out.get(r.project_id) ?? []), { id: r.id, status: r.status, body: r.body, spent: Number(r.spent), at: r.at }]);
  return out;
}
