/** The site's tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export type PageKind = 'page' | 'news';
export type PageStatus = 'draft' | 'published';
export type DocType = 'decision' | 'order' | 'regulation' | 'program' | 'other';
export type DocStatus = 'draft' | 'in_force' | 'amended' | 'repealed';

export interface SiteSettingsTable {
  community_id: number;
  primary_color: string;
  accent_color: string;
  english: boolean;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SiteHostsTable {
  host: string;
  community_id: number;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface SitePagesTable {
  id: Generated<number>;
  community_id: number;
  kind: PageKind;
  slug: string;
  title_uk: string;
  title_en: string;
  body_uk: string;
  body_en: string;
  status: PageStatus;
  published_at: Date | null;
  guidance: boolean;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: number | null;
}

export interface SitePageVersionsTable {
  id: Generated<number>;
  page_id: number;
  title_uk: string;
  title_en: string;
  body_uk: string;
  body_en: string;
  status: PageStatus;
  published_at: Date | null;
  saved_by: number | null;
  saved_at: ColumnType<Date, Date | undefined, never>;
}

export interface SiteMenuTable {
  id: Generated<number>;
  community_id: number;
  label_uk: string;
  label_en: string;
  target: string;
  position: number;
  visible: boolean;
}

export interface SiteFilesTable {
  id: Generated<number>;
  community_id: number;
  kind: 'image' | 'pdf';
  name: string;
  content_type: string;
  data: Buffer;
  created_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface SiteDocumentsTable {
  id: Generated<number>;
  community_id: number;
  number: string;
  doc_date: ColumnType<string, string, string>;
  doc_type: DocType;
  status: DocStatus;
  title: string;
  body: string;
  search_terms: string;
  pdf_file_id: number | null;
  created_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SiteDocumentVersionsTable {
  id: Generated<number>;
  document_id: number;
  number: string;
  doc_date: ColumnType<string, string, string>;
  doc_type: DocType;
  status: DocStatus;
  title: string;
  body: string;
  pdf_file_id: number | null;
  saved_by: number | null;
  saved_at: Date;
}

export type SiteTables = {
  site_settings: SiteSettingsTable;
  site_hosts: SiteHostsTable;
  site_pages: SitePagesTable;
  site_page_versions: SitePageVersionsTable;
  site_menu: SiteMenuTable;
  site_files: SiteFilesTable;
  site_documents: SiteDocumentsTable;
  site_document_versions: SiteDocumentVersionsTable;
};

export const tables = (db: Db) => db.withTables<SiteTables>();
