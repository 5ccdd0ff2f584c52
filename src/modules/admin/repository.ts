/** SQL of the admin module: the only reader and writer of its tables. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';

type Timestamp = ColumnType<Date, Date, Date>;

export type RequestStatus = 'new' | 'changes_requested' | 'accepted' | 'declined';
export const REQUEST_STATUSES: readonly RequestStatus[] = ['new', 'changes_requested', 'accepted', 'declined'];
export type FileKind = 'memorandum' | 'letter';
export const FILE_KINDS: readonly FileKind[] = ['memorandum', 'letter'];

export interface ConnectionRequestsTable {
  id: Generated<number>;
  territorial_code: string;
  name_uk: string;
  name_en: string;
  oblast_uk: string;
  oblast_en: string;
  raion_uk: string;
  raion_en: string;
  population: number;
  contact_name: string;
  contact_position: string;
  contact_email: string;
  contact_phone: string;
  council_address: string;
  council_website: string;
  moderator_emails: string[];
  tools: string[];
  petition_threshold: number | null;
  petition_days: number | null;
  budget_total: number | null;
  budget_categories: string[];
  budget_max_choices: number | null;
  budget_min_age: number | null;
  status: ColumnType<RequestStatus, RequestStatus | undefined, RequestStatus>;
  status_message: string | null;
  status_token_salt: string;
  status_token_hash: string;
  lang: 'uk' | 'en';
  community_id: number | null;
  submitted_at: Timestamp;
  updated_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
}

export interface ConnectionRequestFilesTable {
  request_id: number;
  kind: FileKind;
  file_name: string;
  size: number;
  data: Buffer;
  uploaded_at: Timestamp;
}

export interface CommunityCoatsTable {
  community_id: number;
  content_type: 'image/png' | 'image/jpeg' | 'image/svg+xml';
  data: Buffer;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface CommunityStatusChangesTable {
  id: Generated<number>;
  community_id: number;
  status: 'connected' | 'suspended';
  reason: string;
  changed_by: number | null;
  changed_at: Timestamp;
}

export type AdminTables = {
  connection_requests: ConnectionRequestsTable;
  connection_request_files: ConnectionRequestFilesTable;
  community_coats_of_arms: CommunityCoatsTable;
  community_status_changes: CommunityStatusChangesTable;
};

export const q = (db: Db) => db.withTables<AdminTables>();

export type ConnectionRequest = Selectable<ConnectionRequestsTable>;

/** What the form gathers; the same shape for a new request and a corrected one. */
export interface RequestInput {
  territorialCode: string;
  name: { uk: string; en: string };
  oblast: { uk: string; en: string };
  raion: { uk: string; en: string };
  population: number;
  contactName: string;
  contactPosition: string;
  contactEmail: string;
  contactPhone: string;
  councilAddress: string;
  councilWebsite: string;
  moderatorEmails: string[];
  tools: string[];
  petitionThreshold: number | null;
  petitionDays: number | null;
  budgetTotal: number | null;
  budgetCategories: string[];
  budgetMaxChoices: number | null;
  budgetMinAge: number | null;
}

export interface UploadedPdf {
  name: string;
  data: Buffer;
}

function requestColumns(r: RequestInput) {
  return {
    territorial_code: r.territorialCode,
    name_uk: r.name.uk,
    name_en: r.name.en,
    oblast_uk: r.oblast.uk,
    oblast_en: r.oblast.en,
    raion_uk: r.raion.uk,
    raion_en: r.raion.en,
    population: r.population,
    contact_name: r.contactName,
    contact_position: r.contactPosition,
    contact_email: r.contactEmail,
    contact_phone: r.contactPhone,
    council_address: r.councilAddress,
    council_website: r.councilWebsite,
    moderator_emails: r.moderatorEmails,
    tools: r.tools,
    petition_threshold: r.petitionThreshold,
    petition_days: r.petitionDays,
    budget_total: r.budgetTotal,
    budget_categories: r.budgetCategories,
    budget_max_choices: r.budgetMaxChoices,
    budget_min_age: r.budgetMinAge,
  };
}

/** bigint comes back as a number on both drivers (see database.ts); bytea as Buffer or Uint8Array. */
function normalize(r: ConnectionRequest): ConnectionRequest {
  return { ...r, budget_total: r.budget_total === null ? null : Number(r.budget_total) };
}

export async function insertRequest(db: Db, r: RequestInput, o: { tokenSalt: string; tokenHash: string; lang: 'uk' | 'en'; now: Date }): Promise<number> {
  const row = await q(db)
    .insertInto('connection_requests')
    .values({ ...requestColumns(r), status_token_salt: o.tokenSalt, status_token_hash: o.tokenHash, lang: o.lang, submitted_at: o.now, updated_at: o.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The applicant's corrected request goes back to the queue as new; only from «потребує змін». */
export async function resubmitRequest(db: Db, id: number, r: RequestInput, now: Date): Promise<boolean> {
  const res = await q(db)
    .updateTable('connection_requests')
    .set({ ...requestColumns(r), status: 'new', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'changes_requested')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function saveFile(db: Db, requestId: number, kind: FileKind, f: UploadedPdf, now: Date): Promise<void> {
  const values = { file_name: f.name, size: f.data.length, data: f.data, uploaded_at: now };
  await q(db)
    .insertInto('connection_request_files')
    .values({ request_id: requestId, kind, ...values })
    .onConflict((oc) => oc.columns(['request_id', 'kind']).doUpdateSet(values))
    .execute();
}

export async function findRequest(db: Db, id: number): Promise<ConnectionRequest | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await q(db).selectFrom('connection_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? normalize(r) : null;
}

export async function findRequestByTokenHash(db: Db, hash: string): Promise<ConnectionRequest | null> {
  const r = await q(db).selectFrom('connection_requests').selectAll().where('status_token_hash', '=', hash).executeTakeFirst();
  return r ? normalize(r) : null;
}

/** An open request («нова» or «потребує змін») for the same community, if any. */
export async function openRequestFor(db: Db, code: string, exceptId: number | null = null): Promise<ConnectionRequest | null> {
  let query = q(db)
    .selectFrom('connection_requests')
    .selectAll()
    .where(sql<string>`substr(territorial_code, 1, 9)`, '=', code.slice(0, 9))
    .where('status', 'in', ['new', 'changes_requested']);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  const r = await query.executeTakeFirst();
  return r ? normalize(r) : null;
}

export async function listRequests(db: Db, status: RequestStatus): Promise<ConnectionRequest[]> {
  const rows = await q(db)
    .selectFrom('connection_requests')
    .selectAll()
    .where('status', '=', status)
    .orderBy('updated_at', status === 'new' || status === 'changes_requested' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map(normalize);
}

export async function countRequestsByStatus(db: Db): Promise<Record<RequestStatus, number>> {
  const rows = await q(db)
    .selectFrom('connection_requests')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  const out: Record<RequestStatus, number> = { new: 0, changes_requested: 0, accepted: 0, declined: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export interface FileMeta {
  kind: FileKind;
  fileName: string;
  size: number;
  uploadedAt: Date;
}

export async function fileMetas(db: Db, requestId: number): Promise<FileMeta[]> {
  const rows = await q(db)
    .selectFrom('connection_request_files')
    .select(['kind', 'file_name', 'size', 'uploaded_at'])
    .where('request_id', '=', requestId)
    .orderBy('kind', 'desc')
    .execute();
  return rows.map((r) => ({ kind: r.kind, fileName: r.file_name, size: r.size, uploadedAt: r.uploaded_at }));
}

export async function fileData(db: Db, requestId: number, kind: FileKind): Promise<{ name: string; data: Buffer } | null> {
  const r = await q(db)
    .selectFrom('connection_request_files')
    .select(['file_name', 'data'])
    .where('request_id', '=', requestId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return r ? { name: r.file_name, data: Buffer.from(r.data) } : null;
}

/** Moves a request on from one of the given states; false when someone else moved it first. */
export async function decide(
  db: Db,
  id: number,
  from: RequestStatus[],
  to: RequestStatus,
  o: { message: string | null; by: number; now: Date; communityId?: number },
): Promise<boolean> {
  const final = to === 'accepted' || to === 'declined';
  const res = await q(db)
    .updateTable('connection_requests')
    .set({
      status: to,
      status_message: o.message,
      updated_at: o.now,
      ...(final ? { decided_at: o.now, decided_by: o.by } : {}),
      ...(o.communityId !== undefined ? { community_id: o.communityId } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// --- coats of arms -------------------------------------------------------------------------------

export async function saveCoat(db: Db, communityId: number, contentType: CommunityCoatsTable['content_type'], data: Buffer, now: Date): Promise<number> {
  const r = await q(db)
    .insertInto('community_coats_of_arms')
    .values({ community_id: communityId, content_type: contentType, data, updated_at: now })
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet((eb) => ({
        content_type: contentType,
        data,
        updated_at: now,
        version: eb('community_coats_of_arms.version', '+', 1),
      })),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

export async function deleteCoat(db: Db, communityId: number): Promise<void> {
  await q(db).deleteFrom('community_coats_of_arms').where('community_id', '=', communityId).execute();
}

export async function loadCoat(db: Db, communityId: number): Promise<{ contentType: string; data: Buffer; version: number } | null> {
  const r = await q(db).selectFrom('community_coats_of_arms').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  return r ? { contentType: r.content_type, data: Buffer.from(r.data), version: r.version } : null;
}

// --- suspension history ------------------------------------------------------------------------

export async function recordStatusChange(
  db: Db,
  c: { communityId: number; status: 'connected' | 'suspended'; reason: string; by: number | null; now: Date },
): Promise<void> {
  await q(db)
    .insertInto('community_status_changes')
    .values({ community_id: c.communityId, status: c.status, reason: c.reason, changed_by: c.by, changed_at: c.now })
    .execute();
}

/** The latest reason for each community's status. */
export async function latestStatusReasons(db: Db): Promise<Map<number, { status: string; reason: string; at: Date }>> {
  const rows = await q(db)
    .selectFrom('community_status_changes')
    .select(['community_id', 'status', 'reason', 'changed_at', 'id'])
    .orderBy('id', 'asc')
    .execute();
  const out = new Map<number, { status: string; reason: string; at: Date }>();
  for (const r of rows) out.set(r.community_id, { status: r.status, reason: r.reason, at: r.changed_at });
  return out;
}
