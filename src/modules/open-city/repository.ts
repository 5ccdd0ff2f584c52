/** SQL of Open City: the module's only reader and writer of its tables. */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { notHidden } from '../../core/moderation/moderation-service.js';
import { distanceMeters, isPolygon, isServiceAttributes, isStatus, OPEN_STATUSES, type Polygon, type ServiceAttribute, type Status } from './rules.js';
import { tables, type ActorRole, type ReportSource, type UpdateKind } from './tables.js';
import { publicNear } from './repository/places.js';

export * from './repository/subscriptions-and-keys.js';

export type { ActorRole, UpdateKind };

/* ---------- territory ---------- */

export interface Territory {
  polygon: Polygon;
  center: { lat: number; lng: number } | null;
}

export async function territoryOf(db: Db, communityId: number): Promise<Territory> {
  const r = await tables(db).selectFrom('oc_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  const polygon = r && isPolygon(r.territory) ? r.territory : [];
  return { polygon, center: r && r.center_lat !== null && r.center_lng !== null ? { lat: r.center_lat, lng: r.center_lng } : null };
}

export async function allTerritories(db: Db): Promise<{ communityId: number; slug: string; nameUk: string; nameEn: string; polygon: Polygon }[]> {
  const rows = await tables(db)
    .selectFrom('oc_settings as s')
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select(['s.community_id', 's.territory', 'c.slug', 'c.name_uk', 'c.name_en'])
    .execute();
  return rows.map((r) => ({
    communityId: r.community_id,
    slug: r.slug,
    nameUk: r.name_uk,
    nameEn: r.name_en,
    polygon: isPolygon(r.territory) ? r.territory : [],
  }));
}

export async function saveTerritory(db: Db, communityId: number, polygon: Polygon, center: { lat: number; lng: number } | null, now: Date): Promise<void> {
  await tables(db)
    .insertInto('oc_settings')
    .values({
      community_id: communityId,
      territory: JSON.stringify(polygon),
      center_lat: center?.lat ?? null,
      center_lng: center?.lng ?? null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('community_id')
        .doUpdateSet({ territory: JSON.stringify(polygon), center_lat: center?.lat ?? null, center_lng: center?.lng ?? null, updated_at: now }),
    )
    .execute();
}

export interface Department {
  id: number;
  key: string;
  name: { uk: string; en: string };
}

export async function listDepartments(db: Db, communityId: number): Promise<Department[]> {
  const rows = await tables(db).selectFrom('oc_departments').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, key: r.key, name: { uk: r.name_uk, en: r.name_en } }));
}

export interface Category {
  id: number;
  communityId: number;
  parentId: number | null;
  code: string;
  name: { uk: string; en: string };
  description: string;
  departmentId: number;
  termDays: number;
  attributes: ServiceAttribute[];
  keywords: string;
}

function toCategory(r: {
  id: number;
  community_id: number;
  parent_id: number | null;
  code: string;
  name_uk: string;
  name_en: string;
  description_uk: string;
  department_id: number;
  term_days: number;
  attributes: unknown;
  keywords: string;
}): Category {
  return {
    id: r.id,
    communityId: r.community_id,
    parentId: r.parent_id,
    code: r.code,
    name: { uk: r.name_uk, en: r.name_en },
    description: r.description_uk,
    departmentId: r.department_id,
    termDays: r.term_days,
    attributes: isServiceAttributes(r.attributes) ? r.attributes : [],
    keywords: r.keywords,
  };
}

export async function listCategories(db: Db, communityId: number): Promise<Category[]> {
  const rows = await tables(db).selectFrom('oc_categories').selectAll().where('community_id', '=', communityId).orderBy('sort').orderBy('id').execute();
  return rows.map(toCategory);
}

export async function updateCategoryRouting(db: Db, communityId: number, categoryId: number, departmentId: number, termDays: number): Promise<boolean> {
  const r = await tables(db)
    .updateTable('oc_categories')
    .set({ department_id: departmentId, term_days: termDays })
    .where('id', '=', categoryId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/* ---------- reports ---------- */

export interface Report {
  id: number;
  /** Within the community (what people read as «№ N»); `id` stays the key and the URL. */
  number: number;
  communityId: number;
  categoryId: number;
  departmentId: number;
  status: Status;
  statusNote: string;
  duplicateOf: number | null;
  forwardedTo: string;
  title: string;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  attributes: Record<string, unknown>;
  mediaUrl: string | null;
  reporterUserId: number | null;
  reporterName: string;
  showName: boolean;
  contactEmail: string | null;
  source: ReportSource;
  token: string;
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date;
  resolvedAt: Date | null;
  confirmedAt: Date | null;
  askedAt: Date | null;
}

export interface ReportRow extends Report {
  /** The main report's «№» within the community, when this one is its duplicate. */
  duplicateOfNumber: number | null;
  categoryCode: string;
  categoryName: { uk: string; en: string };
  departmentKey: string;
  departmentName: { uk: string; en: string };
  supports: number;
  photos: number;
}

const reportColumns = [
  'r.id',
  'r.number',
  'r.community_id',
  'r.category_id',
  'r.department_id',
  'r.status',
  'r.status_note',
  'r.duplicate_of',
  'r.forwarded_to',
  'r.title',
  'r.description',
  'r.address',
  'r.lat',
  'r.lng',
  'r.attributes',
  'r.media_url',
  'r.reporter_user_id',
  'r.reporter_name',
  'r.show_name',
  'r.contact_email',
  'r.source',
  'r.token',
  'r.created_at',
  'r.updated_at',
  'r.deadline_at',
  'r.resolved_at',
  'r.confirmed_at',
  'r.asked_at',
] as const;

function baseReports(db: Db) {
  return tables(db)
    .selectFrom('oc_reports as r')
    .innerJoin('oc_categories as c', 'c.id', 'r.category_id')
    .innerJoin('oc_departments as d', 'd.id', 'r.department_id')
    .select(reportColumns)
    .select([
      'c.code as category_code',
      'c.name_uk as category_uk',
      'c.name_en as category_en',
      'd.key as department_key',
      'd.name_uk as department_uk',
      'd.name_en as department_en',
    ])
    .select([
      sql<number>`(select count(*)::int from oc_supports s where s.report_id = r.id)`.as('supports'),
      sql<number>`(select count(*)::int from oc_photos p where p.report_id = r.id and p.update_id is null)`.as('photo_count'),
      sql<number | null>`(select d.number from oc_reports d where d.id = r.duplicate_of)`.as('duplicate_of_number'),
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseReports>['execute']>>[number];

function toReport(r: BaseRow): ReportRow {
  return {
    id: r.id,
    number: r.number,
    communityId: r.community_id,
    categoryId: r.category_id,
    departmentId: r.department_id,
    status: isStatus(r.status) ? r.status : 'new',
    statusNote: r.status_note,
    duplicateOf: r.duplicate_of,
    duplicateOfNumber: r.duplicate_of_number,
    forwardedTo: r.forwarded_to,
    title: r.title,
    description: r.description,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    attributes: r.attributes && typeof r.attributes === 'object' ? (r.attributes as Record<string, unknown>) : {},
    mediaUrl: r.media_url,
    reporterUserId: r.reporter_user_id,
    reporterName: r.reporter_name,
    showName: r.show_name,
    contactEmail: r.contact_email,
    source: r.source,
    token: r.token,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deadlineAt: r.deadline_at,
    resolvedAt: r.resolved_at,
    confirmedAt: r.confirmed_at,
    askedAt: r.asked_at,
    categoryCode: r.category_code,
    categoryName: { uk: r.category_uk, en: r.category_en },
    departmentKey: r.department_key,
    departmentName: { uk: r.department_uk, en: r.department_en },
    supports: r.supports,
    photos: r.photo_count,
  };
}

/** A report to insert: the fields of a Report it starts with, and what the row keeps beyond them. */
export type NewReport = Pick<
  Report,
  | 'communityId'
  | 'categoryId'
  | 'departmentId'
  | 'status'
  | 'title'
  | 'description'
  | 'address'
  | 'attributes'
  | 'mediaUrl'
  | 'reporterUserId'
  | 'reporterName'
  | 'showName'
  | 'contactEmail'
  | 'source'
  | 'token'
> & {
  point: { lat: number; lng: number } | null;
  contactPhone: string | null;
  apiKeyId: number | null;
  now: Date;
  deadline: Date;
};

/** The new report's id and its number within the community (given by the trigger). */
export async function insertReport(db: Db, n: NewReport): Promise<{ id: number; number: number }> {
  const r = await tables(db)
    .insertInto('oc_reports')
    .values({
      community_id: n.communityId,
      category_id: n.categoryId,
      department_id: n.departmentId,
      status: n.status,
      title: n.title,
      description: n.description,
      address: n.address,
      lat: n.point?.lat ?? null,
      lng: n.point?.lng ?? null,
      attributes: JSON.stringify(n.attributes),
      media_url: n.mediaUrl,
      reporter_user_id: n.reporterUserId,
      reporter_name: n.reporterName,
      show_name: n.showName,
      contact_email: n.contactEmail,
      contact_phone: n.contactPhone,
      source: n.source,
      api_key_id: n.apiKeyId,
      token: n.token,
      created_at: n.now,
      updated_at: n.now,
      deadline_at: n.deadline,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  return r;
}

export async function findReport(db: Db, id: number): Promise<ReportRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await baseReports(db).where('r.id', '=', id).executeTakeFirst();
  return r ? toReport(r) : null;
}

/** The report people know as «№ n» in this community (numbers are per community; ids are global). */
export async function findReportByNumber(db: Db, communityId: number, n: number): Promise<ReportRow | null> {
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) return null;
  const r = await baseReports(db).where('r.community_id', '=', communityId).where('r.number', '=', n).executeTakeFirst();
  return r ? toReport(r) : null;
}

export async function findReportByToken(db: Db, token: string): Promise<ReportRow | null> {
  const r = await baseReports(db).where('r.token', '=', token).executeTakeFirst();
  return r ? toReport(r) : null;
}

/** The row locked for a state change, so two changes at once apply one after the other. */
export async function lockReport(db: Db, id: number): Promise<{ status: Status; departmentId: number } | null> {
  const r = await tables(db).selectFrom('oc_reports').select(['status', 'department_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? { status: r.status, departmentId: r.department_id } : null;
}

export interface ReportFilter {
  communityId: number;
  statuses?: readonly Status[];
  categoryIds?: number[];
  departmentIds?: number[];
  from?: Date;
  to?: Date;
  ids?: number[];
  reporterUserId?: number;
  withPoint?: boolean;
  /** Leave out reports a moderator hid (every public list, map and export). */
  notHidden?: boolean;
  /** newest: by creation; deadline: the moderation queue; updated: the latest changed first (for followers' letters). */
  order?: 'newest' | 'deadline' | 'updated';
  limit: number;
  offset?: number;
}

export async function listReports(db: Db, f: ReportFilter): Promise<{ rows: ReportRow[]; total: number }> {
  let qb = tables(db).selectFrom('oc_reports as r').where('r.community_id', '=', f.communityId);
  if (f.statuses) qb = qb.where('r.status', 'in', f.statuses.length ? [...f.statuses] : ['__none__' as Status]);
  if (f.categoryIds) qb = qb.where('r.category_id', 'in', f.categoryIds.length ? f.categoryIds : [-1]);
  if (f.departmentIds) qb = qb.where('r.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.from) qb = qb.where('r.created_at', '>=', f.from);
  if (f.to) qb = qb.where('r.created_at', '<=', f.to);
  if (f.ids) qb = qb.where('r.id', 'in', f.ids.length ? f.ids : [-1]);
  if (f.reporterUserId !== undefined) qb = qb.where('r.reporter_user_id', '=', f.reporterUserId);
  if (f.withPoint) qb = qb.where('r.lat', 'is not', null);
  if (f.notHidden) qb = qb.where(notHidden('open_city_report', 'r.id'));
  const total = (await qb.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const idRows = await qb
    .select('r.id')
    // The queue: reports still waiting for moderation first (triage is the most urgent), then by deadline.
    .$if(f.order === 'deadline', (b) =>
      b
        .orderBy(sql`r.status = 'new'`, 'desc')
        .orderBy('r.deadline_at')
        .orderBy('r.id'),
    )
    .$if(f.order === 'updated', (b) => b.orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc'))
    .$if(f.order === undefined || f.order === 'newest', (b) => b.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc'))
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute();
  if (idRows.length === 0) return { rows: [], total };
  const ids = idRows.map((r) => r.id);
  const rows = (await baseReports(db).where('r.id', 'in', ids).execute()).map(toReport);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)!).filter(Boolean), total };
}

/** Open, public reports of this category near a point, nearest first, with their distance. */
export async function nearbyOpenReports(
  db: Db,
  communityId: number,
  categoryId: number,
  point: { lat: number; lng: number },
  radiusM: number,
): Promise<(ReportRow & { distance: number })[]> {
  const rows = await baseReports(db)
    .where('r.community_id', '=', communityId)
    .where('r.category_id', '=', categoryId)
    .where(
      'r.status',
      'in',
      OPEN_STATUSES.filter((s) => s !== 'new'),
    )
    .where(publicNear(point, radiusM))
    .limit(50)
    .execute();
  return rows
    .map(toReport)
    .map((r) => ({ ...r, distance: distanceMeters(point, { lat: r.lat!, lng: r.lng! }) }))
    .filter((r) => r.distance <= radiusM)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 5);
}

export async function setReportState(
  db: Db,
  id: number,
  s: {
    status?: Status;
    statusNote?: string;
    duplicateOf?: number | null;
    forwardedTo?: string;
    departmentId?: number;
    categoryId?: number;
    resolvedAt?: Date | null;
    confirmedAt?: Date | null;
    askedAt?: Date | null;
    deadlineAt?: Date;
    now: Date;
  },
): Promise<void> {
  await tables(db)
    .updateTable('oc_reports')
    .set({
      updated_at: s.now,
      ...(s.status !== undefined ? { status: s.status } : {}),
      ...(s.statusNote !== undefined ? { status_note: s.statusNote } : {}),
      ...(s.duplicateOf !== undefined ? { duplicate_of: s.duplicateOf } : {}),
      ...(s.forwardedTo !== undefined ? { forwarded_to: s.forwardedTo } : {}),
      ...(s.departmentId !== undefined ? { department_id: s.departmentId } : {}),
      ...(s.categoryId !== undefined ? { category_id: s.categoryId } : {}),
      ...(s.resolvedAt !== undefined ? { resolved_at: s.resolvedAt } : {}),
      ...(s.confirmedAt !== undefined ? { confirmed_at: s.confirmedAt } : {}),
      ...(s.askedAt !== undefined ? { asked_at: s.askedAt } : {}),
      ...(s.deadlineAt !== undefined ? { deadline_at: s.deadlineAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The reporter's own name and contacts (staff see them on the report page). */
export async function findReporterAccount(db: Db, userId: number) {
  return db.selectFrom('users').select(['last_name', 'first_name', 'patronymic', 'email', 'phone']).where('id', '=', userId).executeTakeFirst();
}

export async function reportsOfReporter(db: Db, userId: number): Promise<(ReportRow & { slug: string })[]> {
  const rows = await baseReports(db)
    .innerJoin('communities as cm', 'cm.id', 'r.community_id')
    .select('cm.slug')
    .where('r.reporter_user_id', '=', userId)
    .orderBy('r.id', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ ...toReport(r), slug: r.slug }));
}

/* ---------- supports ---------- */

/**
 * One support per person per report, refused twice by the database (by the account's primary key, and by
 * the person's key across accounts). Returns false for a repeat.
 */
export async function addSupport(db: Db, s: { reportId: number; communityId: number; userId: number; personKey: string; now: Date }): Promise<boolean> {
  const r = await tables(db)
    .insertInto('oc_supports')
    .values({ report_id: s.reportId, community_id: s.communityId, user_id: s.userId, person_key: s.personKey, created_at: s.now })
    .onConflict((oc) => oc.doNothing())
    .returning('report_id')
    .executeTakeFirst();
  return !!r;
}

export async function hasSupported(db: Db, reportId: number, personKey: string): Promise<boolean> {
  return !!(await tables(db)
    .selectFrom('oc_supports')
    .select('report_id')
    .where('report_id', '=', reportId)
    .where('person_key', '=', personKey)
    .executeTakeFirst());
}

/* ---------- timeline ---------- */

export interface Update {
  id: number;
  reportId: number;
  actorUserId: number | null;
  actorRole: ActorRole;
  kind: UpdateKind;
  fromStatus: string | null;
  toStatus: string | null;
  body: string;
  internal: boolean;
  fromDepartmentId: number | null;
  toDepartmentId: number | null;
  createdAt: Date;
  photoIds: number[];
}

export async function insertUpdate(
  db: Db,
  u: {
    reportId: number;
    communityId: number;
    actorUserId: number | null;
    actorRole: ActorRole;
    kind: UpdateKind;
    fromStatus?: string | null;
    toStatus?: string | null;
    body?: string;
    internal?: boolean;
    fromDepartmentId?: number | null;
    toDepartmentId?: number | null;
    now: Date;
  },
): Promise<number> {
  const r = await tables(db)
    .insertInto('oc_updates')
    .values({
      report_id: u.reportId,
      community_id: u.communityId,
      actor_user_id: u.actorUserId,
      actor_role: u.actorRole,
      kind: u.kind,
      from_status: u.fromStatus ?? null,
      to_status: u.toStatus ?? null,
      body: u.body ?? '',
      internal: u.internal ?? false,
      from_department_id: u.fromDepartmentId ?? null,
      to_department_id: u.toDepartmentId ?? null,
      created_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listUpdates(db: Db, reportId: number, includeInternal: boolean): Promise<Update[]> {
  let qb = tables(db).selectFrom('oc_updates').selectAll().where('report_id', '=', reportId);
  if (!includeInternal) qb = qb.where('internal', '=', false);
  const rows = await qb.orderBy('id').execute();
  const photos = await tables(db)
    .selectFrom('oc_photos')
    .select(['id', 'update_id'])
    .where('report_id', '=', reportId)
    .where('update_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reportId: r.report_id,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    kind: r.kind,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    body: r.body,
    internal: r.internal,
    fromDepartmentId: r.from_department_id,
    toDepartmentId: r.to_department_id,
    createdAt: r.created_at,
    photoIds: photos.filter((p) => p.update_id === r.id).map((p) => p.id),
  }));
}

/* ---------- statistics ---------- */

export interface OpenCityStats {
  reports: number;
  resolved: number;
  overdue: number;
  resolveDays: { categoryId: number; departmentId: number; days: number }[];
  byCategory: { categoryId: number; total: number; resolved: number }[];
  byDepartment: { departmentId: number; total: number; resolved: number; overdue: number }[];
}

export async function openCityStats(db: Db, communityId: number | null, now: Date): Promise<OpenCityStats> {
  let base = tables(db).selectFrom('oc_reports as r').where('r.status', '<>', 'new');
  if (communityId !== null) base = base.where('r.community_id', '=', communityId);
  const totals = await base
    .select([
      sql<number>`count(*)::int`.as('reports'),
      sql<number>`count(*) filter (where r.status = 'resolved')::int`.as('resolved'),
      sql<number>`count(*) filter (where r.status in ('accepted', 'in_progress') and r.deadline_at < ${now})::int`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const resolveDays = await base
    .select(['r.category_id', 'r.department_id', sql<number>`extract(epoch from (r.resolved_at - r.created_at)) / 86400.0`.as('days')])
    .where('r.status', '=', 'resolved')
    .where('r.resolved_at', 'is not', null)
    .execute();
  const byCategory = await base
    .select(['r.category_id', sql<number>`count(*)::int`.as('total'), sql<number>`count(*) filter (where r.status = 'resolved')::int`.as('resolved')])
    .groupBy('r.category_id')
    .execute();
  const byDepartment = await base
    .select([
      'r.department_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where r.status = 'resolved')::int`.as('resolved'),
      sql<number>`count(*) filter (where r.status in ('accepted', 'in_progress') and r.deadline_at < ${now})::int`.as('overdue'),
    ])
    .groupBy('r.department_id')
    .execute();
  return {
    reports: totals.reports,
    resolved: totals.resolved,
    overdue: totals.overdue,
    resolveDays: resolveDays.map((r) => ({ categoryId: r.category_id, departmentId: r.department_id, days: Number(r.days) })),
    byCategory: byCategory.map((r) => ({ categoryId: r.category_id, total: r.total, resolved: r.resolved })),
    byDepartment: byDepartment.map((r) => ({ departmentId: r.department_id, total: r.total, resolved: r.resolved, overdue: r.overdue })),
  };
}

export async function countReports(db: Db, communityId: number, since: Date): Promise<number> {
  return (
    await tables(db)
      .selectFrom('oc_reports')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('community_id', '=', communityId)
      .where('status', '<>', 'new')
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow()
  ).n;
}

/** The community's public reports (past moderation) and how many of them are solved. */
export async function countPublicReports(db: Db, communityId: number): Promise<{ reports: number; resolved: number }> {
  return tables(db)
    .selectFrom('oc_reports')
    .select([sql<number>`count(*)::int`.as('reports'), sql<number>`(count(*) filter (where status = 'resolved'))::int`.as('resolved')])
    .where('community_id', '=', communityId)
    .where('status', '<>', 'new')
    .executeTakeFirstOrThrow();
}

/** On account deletion: reports stay (they concern a public place), the person's name and contacts go. */
export async function anonymizeReporter(db: Db, userId: number): Promise<void> {
  await tables(db)
    .updateTable('oc_reports')
    .set({ reporter_user_id: null, reporter_name: '', show_name: false, contact_email: null, contact_phone: null })
    .where('reporter_user_id', '=', userId)
    .execute();
  await tables(db).deleteFrom('oc_subscriptions').where('user_id', '=', userId).execute();
}
