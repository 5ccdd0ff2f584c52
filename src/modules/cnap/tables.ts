/** The ЦНАП site's tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export interface CnapSituationsTable {
  id: Generated<number>;
  community_id: number;
  code: string;
  name: string;
  position: ColumnType<number, number | undefined, number>;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CnapOfficesTable {
  id: Generated<number>;
  community_id: number;
  code: string;
  kind: 'centre' | 'remote';
  name: string;
  address: string;
  lat: number | null;
  lng: number | null;
  phone: string;
  email: string;
  /** Weekly hours (rules.ts `WeekHours`) as JSON text on write. */
  hours: ColumnType<unknown, string, string>;
  accessibility: string[];
  notes: string;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CnapServicesTable {
  id: Generated<number>;
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
