/** SQL of the ЦНАП site: the only reader and writer of its tables. */
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables as q } from './tables.js';
import { weekHoursOf, type WeekHours } from './rules.js';

export interface Situation {
  id: number;
  code: string;
  name: string;
  position: number;
  archived: boolean;
}

export interface Office {
  id: number;
  communityId: number;
  code: string;
  kind: 'centre' | 'remote';
  name: string;
  address: string;
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  hours: WeekHours;
  accessibility: string[];
  notes: string;
  archived: boolean;
}

export interface ServiceFields {
  code: string;
  situationId: number;
  name: string;
  applicants: string;
  documents: string;
  cost: string;
  payment: string;
  term: string;
  result: string;
  receiving: string;
  legalBasis: string;
  onlineUrl: string;
  officeIds: number[];
}

export interface Service extends ServiceFields {
  id: number;
  communityId: number;
  archived: boolean;
  updatedAt: Date;
}

export type OfficeFields = Omit<Office, 'id' | 'communityId' | 'archived'>;

export async function listSituations(db: Db, communityId: number, withArchived = false): Promise<Situation[]> {
  let query = q(db).selectFrom('cnap_situations').select(['id', 'code', 'name', 'position', 'archived']).where('community_id', '=', communityId);
  if (!withArchived) query = query.where('archived', '=', false);
  return query.orderBy('position').orderBy('id').execute();
}

type OfficeRow = {
  id: number;
  community_id: number;
  code: string;
  kind: 'centre' | 'remote';
  name: string;
  address: string;
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  hours: unknown;
  accessibility: string[];
  notes: string;
  archived: boolean;
};

const toOffice = (r: OfficeRow): Office => ({
  id: r.id,
  communityId: r.community_id,
  code: r.code,
  kind: r.kind,
  name: r.name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  phone: r.phone,
  email: r.email,
  hours: weekHoursOf(typeof r.hours === 'string' ? JSON.parse(r.hours) : r.hours),
  accessibility: r.accessibility,
  notes: r.notes,
  archived: r.archived,
});

export async function listOffices(db: Db, communityId: number, withArchived = false): Promise<Office[]> {
  let query = q(db).selectFrom('cnap_offices').selectAll().where('community_id', '=', communityId);
  if (!withArchived) query = query.where('archived', '=', false);
  return (await query.orderBy('kind').orderBy('id').execute()).map(toOffice);
}

export async function findOffice(db: Db, communityId: number, id: number): Promise<Office | null> {
  const r = await q(db).selectFrom('cnap_offices').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toOffice(r) : null;
}

type ServiceRow = {
  id: number;
  community_id: number;
  code: string;
  situation_id: number;
  name: string;
  applicants: string;
  documents: string;
  cost: string;
  payment: string;
  term: string;
  result: string;
  receiving: string;
  legal_basis: string;
  online_url: string;
  archived: boolean;
  updated_at: Date;
};

const SERVICE_COLUMNS = [
  'id',
  'community_id',
  'code',
  'situation_id',
  'name',
  'applicants',
  'documents',
  'cost',
  'payment',
  'term',
  'result',
  'receiving',
  'legal_basis',
  'online_url',
  'archived',
  'updated_at',
] as const;

async function withOffices(db: Db, rows: ServiceRow[]): Promise<Service[]> {
  const links = rows.length
    ? await q(db)
        .selectFrom('cnap_service_offices')
        .select(['service_id', 'office_id'])
        .where(
          'service_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('office_id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    code: r.code,
    situationId: r.situation_id,
    name: r.name,
    applicants: r.applicants,
    documents: r.documents,
    cost: r.cost,
    payment: r.payment,
    term: r.term,
    result: r.result,
    receiving: r.receiving,
    legalBasis: r.legal_basis,
    onlineUrl: r.online_url,
    archived: r.archived,
    updatedAt: r.updated_at,
    officeIds: links.filter((l) => l.service_id === r.id).map((l) => l.office_id),
  }));
}

/** The catalogue (optionally one life situation's, or a search by a tsquery of stems), by name. */
export async function listServices(
  db: Db,
  communityId: number,
  o: { situationId?: number; tsquery?: string | null; withArchived?: boolean; officeId?: number } = {},
): Promise<Service[]> {
  let query = q(db).selectFrom('cnap_services').select(SERVICE_COLUMNS).where('community_id', '=', communityId);
  if (!o.withArchived) query = query.where('archived', '=', false);
  if (o.situationId !== undefined) query = query.where('situation_id', '=', o.situationId);
  if (o.tsquery) query = query.where(sql<boolean>`to_tsvector('simple', search_stems) @@ to_tsquery('simple', ${o.tsquery})`);
  if (o.officeId !== undefined)
    query = query.where('id', 'in', q(db).selectFrom('cnap_service_offices').select('service_id').where('office_id', '=', o.officeId));
  return withOffices(db, await query.orderBy('name').orderBy('id').execute());
}

export async function findService(db: Db, communityId: number, id: number): Promise<Service | null> {
  const r = await q(db).selectFrom('cnap_services').select(SERVICE_COLUMNS).where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? ((await withOffices(db, [r]))[0] ?? null) : null;
}

const serviceValues = (f: ServiceFields, stems: string) => ({
  code: f.code,
  situation_id: f.situationId,
  name: f.name,
  applicants: f.applicants,
  documents: f.documents,
  cost: f.cost,
  payment: f.payment,
  term: f.term,
  result: f.result,
  receiving: f.receiving,
  legal_basis: f.legalBasis,
  online_url: f.onlineUrl,
  search_stems: stems,
});

export async function insertServices(db: Db, communityId: number, list: { f: ServiceFields; stems: string }[], now: Date): Promise<number[]> {
  if (!list.length) return [];
  const ids = await q(db)
    .insertInto('cnap_services')
    .values(list.map((s) => ({ community_id: communityId, ...serviceValues(s.f, s.stems), updated_at: now })))
    .returning('id')
    .execute();
  const links = list.flatMap((s, i) => s.f.officeIds.map((officeId) => ({ service_id: ids[i]!.id, office_id: officeId })));
  if (links.length) await q(db).insertInto('cnap_service_offices').values(links).execute();
  return ids.map((r) => r.id);
}

export async function updateService(db: Db, id: number, f: ServiceFields, stems: string, now: Date): Promise<void> {
  await q(db)
    .updateTable('cnap_services')
    .set({ ...serviceValues(f, stems), updated_at: now })
    .where('id', '=', id)
    .execute();
  await q(db).deleteFrom('cnap_service_offices').where('service_id', '=', id).execute();
  if (f.officeIds.length)
    await q(db)
      .insertInto('cnap_service_offices')
      .values(f.officeIds.map((officeId) => ({ service_id: id, office_id: officeId })))
      .execute();
}

export async function setArchived(db: Db, table: 'cnap_services' | 'cnap_offices' | 'cnap_situations', id: number, archived: boolean): Promise<void> {
  await q(db).updateTable(table).set({ archived }).where('id', '=', id).execute();
}

const officeValues = (f: OfficeFields) => ({
  code: f.code,
  kind: f.kind,
  name: f.name,
  address: f.address,
  lat: f.lat,
  lng: f.lng,
  phone: f.phone,
  email: f.email,
  hours: JSON.stringify(f.hours),
  accessibility: f.accessibility,
  notes: f.notes,
});

export async function insertOffices(db: Db, communityId: number, list: OfficeFields[]): Promise<number[]> {
  if (!list.length) return [];
  const rows = await q(db)
    .insertInto('cnap_offices')
    .values(list.map((f) => ({ community_id: communityId, ...officeValues(f) })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function updateOffice(db: Db, id: number, f: OfficeFields): Promise<void> {
  await q(db).updateTable('cnap_offices').set(officeValues(f)).where('id', '=', id).execute();
}

export async function insertSituations(db: Db, communityId: number, list: { code: string; name: string; position: number }[]): Promise<number[]> {
  if (!list.length) return [];
  const rows = await q(db)
    .insertInto('cnap_situations')
    .values(list.map((s) => ({ community_id: communityId, ...s })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function updateSituation(db: Db, id: number, s: { code: string; name: string; position: number }): Promise<void> {
  await q(db).updateTable('cnap_situations').set(s).where('id', '=', id).execute();
}

/** Which of the codes are already taken in the community (other than by `exceptId`). */
export async function codeTaken(
  db: Db,
  table: 'cnap_services' | 'cnap_offices' | 'cnap_situations',
  communityId: number,
  code: string,
  exceptId: number | null,
): Promise<boolean> {
  let query = q(db).selectFrom(table).select('id').where('community_id', '=', communityId).where('code', '=', code);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

/** Services per community (archived left out), for statistics. */
export async function countServices(db: Db, communityId: number | null): Promise<number> {
  let query = q(db)
    .selectFrom('cnap_services')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('archived', '=', false);
  if (communityId !== null) query = query.where('community_id', '=', communityId);
  return (await query.executeTakeFirstOrThrow()).n;
}

/** Communities that already have a catalogue (the demo leaves them alone). */
export async function communitiesWithCatalogue(db: Db): Promise<Set<number>> {
  const rows = await q(db).selectFrom('cnap_situations').select('community_id').distinct().execute();
  return new Set(rows.map((r) => r.community_id));
}
