/** The ЦНАП site's tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

/** The texts of a service that residents read; each has an optional English version in `<text>_en` ('' for none). */
export const SERVICE_TEXTS = ['name', 'applicants', 'documents', 'cost', 'payment', 'term', 'result', 'receiving', 'legal_basis'] as const;
/** The same for an office. */
export const OFFICE_TEXTS = ['name', 'address', 'notes'] as const;
export type ServiceText = (typeof SERVICE_TEXTS)[number];
export type OfficeText = (typeof OFFICE_TEXTS)[number];

/** `legal_basis` → `legalBasis`, as a type. */
export type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
export const camel = <K extends string>(k: K) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as Camel<K>;

/** The texts of a row (or a form's values), from `<text>` (Ukrainian) or `<text>_en` (English, '' for none). */
export function textsOf<K extends string>(row: object, texts: readonly K[], suffix: '' | '_en'): Record<Camel<K>, string> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(texts.map((k) => [camel(k), String(r[`${k}${suffix}`] ?? '')])) as Record<Camel<K>, string>;
}

/** Texts back under their column (or form field) names; one that is absent (undefined) is left out. */
export function columnsOf<K extends string>(values: Partial<Record<Camel<K>, string>>, texts: readonly K[], suffix: '' | '_en'): Record<string, string> {
  return Object.fromEntries(texts.flatMap((k) => (values[camel(k)] === undefined ? [] : [[`${k}${suffix}`, values[camel(k)]!]])));
}

/** `<text>_en` columns: not null, '' when there is no English version (the default on insert). */
type English<K extends string> = { [C in `${K}_en`]: ColumnType<string, string | undefined, string> };
type Texts<K extends string> = { [C in K]: string };

export interface CnapSituationsTable extends English<'name'> {
  id: Generated<number>;
  community_id: number;
  code: string;
  name: string;
  position: ColumnType<number, number | undefined, number>;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CnapOfficesTable extends Texts<OfficeText>, English<OfficeText> {
  id: Generated<number>;
  community_id: number;
  code: string;
  kind: 'centre' | 'remote';
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  /** Weekly hours (rules.ts `WeekHours`) as JSON text on write. */
  hours: ColumnType<unknown, string, string>;
  accessibility: string[];
  archived: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CnapServicesTable extends Texts<ServiceText>, English<ServiceText> {
  id: Generated<number>;
  community_id: number;
  code: string;
  situation_id: number;
  online_url: string;
  search_stems: string;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CnapServiceOfficesTable {
  service_id: number;
  office_id: number;
}

export type CnapTables = {
  cnap_situations: CnapSituationsTable;
  cnap_offices: CnapOfficesTable;
  cnap_services: CnapServicesTable;
  cnap_service_offices: CnapServiceOfficesTable;
};

export const tables = (db: Db) => db.withTables<CnapTables>();
