/** SQL of the ЦНАП site: the only reader and writer of its tables. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import {
  columnsOf,
  OFFICE_TEXTS,
  SERVICE_TEXTS,
  tables as q,
  textsOf,
  type Camel,
  type CnapOfficesTable,
  type CnapServicesTable,
  type OfficeText,
  type ServiceText,
} from './tables.js';
import { weekHoursOf, type WeekHours } from './rules.js';

/** A service's texts residents read (name, who may apply, documents, …), in one language. */
export type ServiceTexts = Record<Camel<ServiceText>, string>;
export type OfficeTexts = Record<Camel<OfficeText>, string>;

export interface Situation {
  id: number;
  code: string;
  name: string;
  position: number;
  archived: boolean;
  en: { name: string };
}

export interface Office extends OfficeTexts {
  id: number;
  communityId: number;
  code: string;
  kind: 'centre' | 'remote';
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  hours: WeekHours;
  accessibility: string[];
  archived: boolean;
  en: OfficeTexts;
}

export interface ServiceFields extends ServiceTexts {
  code: string;
  situationId: number;
  onlineUrl: string;
  officeIds: number[];
  /** English versions; an absent one is kept as it is on a change and '' on a new service. */
  en: Partial<ServiceTexts>;
}

export interface Service extends ServiceFields {
  id: number;
  communityId: number;
  archived: boolean;
  updatedAt: Date;
  en: ServiceTexts;
}

export type OfficeFields = Omit<Office, 'id' | 'communityId' | 'archived' | 'en'> & { en: Partial<OfficeTexts> };

export async function listSituations(db: Db, communityId: number, withArchived = false): Promise<Situation[]> {
  let query = q(db).selectFrom('cnap_situations').select(['id', 'code', 'name', 'name_en', 'position', 'archived']).where('community_id', '=', communityId);
  if (!withArchived) query = query.where('archived', '=', false);
  return (await query.orderBy('position').orderBy('id').execute()).map(({ name_en, ...r }) => ({ ...r, en: { name: name_en } }));
}

type OfficeRow = Selectable<CnapOfficesTable>;

const toOffice = (r: OfficeRow): Office => ({
  id: r.id,
  communityId: r.community_id,
  code: r.code,
  kind: r.kind,
  ...textsOf(r, OFFICE_TEXTS, ''),
  lat: r.lat,
  lng: r.lng,
  phone: r.phone,
  email: r.email,
  hours: weekHoursOf(typeof r.hours === 'string' ? JSON.parse(r.hours) : r.hours),
  accessibility: r.accessibility,
  archived: r.archived,
  en: textsOf(r, OFFICE_TEXTS, '_en'),
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

async function withOffices(db: Db, rows: Selectable<CnapServicesTable>[]): Promise<Service[]> {
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
    ...textsOf(r, SERVICE_TEXTS, ''),
    onlineUrl: r.online_url,
    archived: r.archived,
    updatedAt: r.updated_at,
    officeIds: links.filter((l) => l.service_id === r.id).map((l) => l.office_id),
    en: textsOf(r, SERVICE_TEXTS, '_en'),
  }));
}

/** The catalogue (optionally one life situation's, or a search by a tsquery of stems), by name. */
export async function listServices(
  db: Db,
  communityId: number,
  o: { situationId?: number; tsquery?: string | null; withArchived?: boolean; officeId?: number } = {},
): Promise<Service[]> {
  let query = q(db).selectFrom('cnap_services').selectAll().where('community_id', '=', communityId);
  if (!o.withArchived) query = query.where('archived', '=', false);
  if (o.situationId !== undefined) query = query.where('situation_id', '=', o.situationId);
  if (o.tsquery) query = query.where(sql<boolean>`to_tsvector('simple', search_stems) @@ to_tsquery('simple', ${o.tsquery})`);
  if (o.officeId !== undefined)
    query = query.where('id', 'in', q(db).selectFrom('cnap_service_offices').select('service_id').where('office_id', '=', o.officeId));
  return withOffices(db, await query.orderBy('name').orderBy('id').execute());
}

export async function findService(db: Db, communityId: number, id: number): Promise<Service | null> {
  const r = await q(db).selectFrom('cnap_services').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? ((await withOffices(db, [r]))[0] ?? null) : null;
}

const serviceValues = (f: ServiceFields, stems: string) => ({
  code: f.code,
  situation_id: f.situationId,
  ...(columnsOf(f, SERVICE_TEXTS, '') as Record<ServiceText, string>),
  ...columnsOf(f.en, SERVICE_TEXTS, '_en'),
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
  ...(columnsOf(f, OFFICE_TEXTS, '') as Record<OfficeText, string>),
  ...columnsOf(f.en, OFFICE_TEXTS, '_en'),
  lat: f.lat,
  lng: f.lng,
  phone: f.phone,
  email: f.email,
  hours: JSON.stringify(f.hours),
  accessibility: f.accessibility,
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

/** A life situation's fields; `nameEn` '' for no English name. */
export type SituationFields = { code: string; name: string; nameEn: string; position: number };
const situationValues = ({ nameEn, ...s }: SituationFields) => ({ ...s, name_en: nameEn });

export async function insertSituations(db: Db, communityId: number, list: SituationFields[]): Promise<number[]> {
  if (!list.length) return [];
  const rows = await q(db)
    .insertInto('cnap_situations')
    .values(list.map((s) => ({ community_id: communityId, ...situationValues(s) })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function updateSituation(db: Db, id: number, s: SituationFields): Promise<void> {
  await q(db).updateTable('cnap_situations').set(situationValues(s)).where('id', '=', id).execute();
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
