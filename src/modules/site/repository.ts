/** Queries of the site: settings and host names, pages and their versions, the menu, files, documents. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { tables, type DocStatus, type DocType, type PageKind, type PageStatus, type SitePagesTable } from './tables.js';

export interface SiteSettings {
  primary: string;
  accent: string;
  english: boolean;
}

export async function findSettings(db: Db, communityId: number): Promise<SiteSettings | null> {
  const r = await tables(db).selectFrom('site_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  return r ? { primary: r.primary_color, accent: r.accent_color, english: r.english } : null;
}

export async function saveSettings(db: Db, communityId: number, s: SiteSettings, now: Date): Promise<void> {
  await tables(db)
    .insertInto('site_settings')
    .values({ community_id: communityId, primary_color: s.primary, accent_color: s.accent, english: s.english, updated_at: now })
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ primary_color: s.primary, accent_color: s.accent, english: s.english, updated_at: now }))
    .execute();
}

/* ----- host names ----- */

export async function allHosts(db: Db): Promise<{ host: string; slug: string }[]> {
  return tables(db)
    .selectFrom('site_hosts as h')
    .innerJoin('communities as c', 'c.id', 'h.community_id')
    .select(['h.host', 'c.slug'])
    .where('c.status', '=', 'connected')
    .execute();
}

export async function hostsOf(db: Db, communityId: number): Promise<string[]> {
  const rows = await tables(db).selectFrom('site_hosts').select('host').where('community_id', '=', communityId).orderBy('host').execute();
  return rows.map((r) => r.host);
}

export async function hostOwner(db: Db, host: string): Promise<number | null> {
  const r = await tables(db).selectFrom('site_hosts').select('community_id').where('host', '=', host).executeTakeFirst();
  return r?.community_id ?? null;
}

export async function insertHost(db: Db, communityId: number, host: string): Promise<void> {
  await tables(db).insertInto('site_hosts').values({ host, community_id: communityId }).execute();
}

export async function deleteHost(db: Db, communityId: number, host: string): Promise<boolean> {
  const r = await tables(db).deleteFrom('site_hosts').where('host', '=', host).where('community_id', '=', communityId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/* ----- pages ----- */

export interface Page {
  id: number;
  communityId: number;
  kind: PageKind;
  slug: string;
  title: { uk: string; en: string };
  body: { uk: string; en: string };
  status: PageStatus;
  publishedAt: Date | null;
  guidance: boolean;
  updatedAt: Date;
}

function toPage(r: Selectable<SitePagesTable>): Page {
  return {
    id: r.id,
    communityId: r.community_id,
    kind: r.kind,
    slug: r.slug,
    title: { uk: r.title_uk, en: r.title_en },
    body: { uk: r.body_uk, en: r.body_en },
    status: r.status,
    publishedAt: r.published_at,
    guidance: r.guidance,
    updatedAt: r.updated_at,
  };
}

export async function findPage(db: Db, communityId: number, kind: PageKind, slug: string): Promise<Page | null> {
  const r = await tables(db)
    .selectFrom('site_pages')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('kind', '=', kind)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return r ? toPage(r) : null;
}

export async function findPageById(db: Db, communityId: number, id: number): Promise<Page | null> {
  const r = await tables(db).selectFrom('site_pages').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toPage(r) : null;
}

/** Every page or news item of the community, drafts too (for editors), newest change first. */
export async function listPages(db: Db, communityId: number, kind: PageKind): Promise<Page[]> {
  const rows = await tables(db)
    .selectFrom('site_pages')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('kind', '=', kind)
    .orderBy(kind === 'news' ? 'published_at' : 'title_uk', kind === 'news' ? 'desc' : 'asc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toPage);
}

/** Published pages or news whose time has come (a scheduled item waits), newest first. */
export async function listPublic(db: Db, communityId: number, kind: PageKind, now: Date, limit: number): Promise<Page[]> {
  const rows = await tables(db)
    .selectFrom('site_pages')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toPage);
}

export interface PageValues {
  title: { uk: string; en: string };
  body: { uk: string; en: string };
  status: PageStatus;
  publishedAt: Date | null;
}

export async function insertPage(
  db: Db,
  o: PageValues & { communityId: number; kind: PageKind; slug: string; guidance: boolean; by: number | null; now: Date },
): Promise<number> {
  const r = await tables(db)
    .insertInto('site_pages')
    .values({
      community_id: o.communityId,
      kind: o.kind,
      slug: o.slug,
      title_uk: o.title.uk,
      title_en: o.title.en,
      body_uk: o.body.uk,
      body_en: o.body.en,
      status: o.status,
      published_at: o.publishedAt,
      guidance: o.guidance,
      updated_at: o.now,
      updated_by: o.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePage(db: Db, id: number, v: PageValues & { by: number; now: Date }): Promise<void> {
  await tables(db)
    .updateTable('site_pages')
    .set({
      title_uk: v.title.uk,
      title_en: v.title.en,
      body_uk: v.body.uk,
      body_en: v.body.en,
      status: v.status,
      published_at: v.publishedAt,
      guidance: false,
      updated_at: v.now,
      updated_by: v.by,
    })
    .where('id', '=', id)
    .execute();
}

export async function slugTaken(db: Db, communityId: number, kind: PageKind, slug: string): Promise<boolean> {
  return !!(await findPage(db, communityId, kind, slug));
}

/* ----- versions ----- */

export interface PageVersion extends PageValues {
  id: number;
  savedBy: string | null;
  savedAt: Date;
}

export async function insertVersion(db: Db, pageId: number, v: PageValues, by: number | null, now: Date): Promise<void> {
  await tables(db)
    .insertInto('site_page_versions')
    .values({
      page_id: pageId,
      title_uk: v.title.uk,
      title_en: v.title.en,
      body_uk: v.body.uk,
      body_en: v.body.en,
      status: v.status,
      published_at: v.publishedAt,
      saved_by: by,
      saved_at: now,
    })
    .execute();
}

export async function listVersions(db: Db, pageId: number, limit = 100): Promise<PageVersion[]> {
  const rows = await tables(db)
    .selectFrom('site_page_versions as v')
    .leftJoin('users as u', 'u.id', 'v.saved_by')
    .select(['v.id', 'v.title_uk', 'v.title_en', 'v.body_uk', 'v.body_en', 'v.status', 'v.published_at', 'v.saved_at', 'u.last_name', 'u.first_name'])
    .where('v.page_id', '=', pageId)
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: { uk: r.title_uk, en: r.title_en },
    body: { uk: r.body_uk, en: r.body_en },
    status: r.status,
    publishedAt: r.published_at,
    savedAt: r.saved_at,
    savedBy: r.last_name === null ? null : `${r.first_name ?? ''} ${r.last_name}`.trim(),
  }));
}

/* ----- menu ----- */

export interface MenuItem {
  id: number;
  label: { uk: string; en: string };
  target: string;
  position: number;
  visible: boolean;
}

export async function listMenu(db: Db, communityId: number): Promise<MenuItem[]> {
  const rows = await tables(db).selectFrom('site_menu').selectAll().where('community_id', '=', communityId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, label: { uk: r.label_uk, en: r.label_en }, target: r.target, position: r.position, visible: r.visible }));
}

export async function insertMenuItem(db: Db, communityId: number, m: Omit<MenuItem, 'id'>): Promise<void> {
  await tables(db)
    .insertInto('site_menu')
    .values({ community_id: communityId, label_uk: m.label.uk, label_en: m.label.en, target: m.target, position: m.position, visible: m.visible })
    .execute();
}

export async function updateMenuItem(db: Db, communityId: number, id: number, m: { position: number; visible: boolean }): Promise<void> {
  await tables(db).updateTable('site_menu').set(m).where('id', '=', id).where('community_id', '=', communityId).execute();
}

/* ----- files ----- */

export async function insertFile(
  db: Db,
  o: { communityId: number; kind: 'image' | 'pdf'; name: string; contentType: string; data: Buffer; by: number },
): Promise<number> {
  const r = await tables(db)
    .insertInto('site_files')
    .values({ community_id: o.communityId, kind: o.kind, name: o.name, content_type: o.contentType, data: o.data, created_by: o.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findFile(db: Db, communityId: number, id: number): Promise<{ name: string; contentType: string; data: Buffer } | null> {
  const r = await tables(db)
    .selectFrom('site_files')
    .select(['name', 'content_type', 'data'])
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { name: r.name, contentType: r.content_type, data: r.data } : null;
}

export async function listFiles(db: Db, communityId: number): Promise<{ id: number; kind: 'image' | 'pdf'; name: string }[]> {
  return tables(db).selectFrom('site_files').select(['id', 'kind', 'name']).where('community_id', '=', communityId).orderBy('id', 'desc').limit(50).execute();
}

/* ----- documents ----- */

export interface SiteDocument {
  id: number;
  number: string;
  date: string;
  type: DocType;
  status: DocStatus;
  title: string;
  body: string;
  pdfFileId: number | null;
  updatedAt: Date;
}

export interface DocumentValues {
  number: string;
  date: string;
  type: DocType;
  status: DocStatus;
  title: string;
  body: string;
  searchTerms: string;
  pdfFileId: number | null;
}

type DocRow = {
  id: number;
  number: string;
  doc_date: string;
  doc_type: DocType;
  status: DocStatus;
  title: string;
  body: string;
  pdf_file_id: number | null;
  updated_at: Date;
};
const toDoc = (r: DocRow): SiteDocument => ({
  id: r.id,
  number: r.number,
  date: r.doc_date,
  type: r.doc_type,
  status: r.status,
  title: r.title,
  body: r.body,
  pdfFileId: r.pdf_file_id,
  updatedAt: r.updated_at,
});

export async function insertDocument(db: Db, communityId: number, v: DocumentValues, by: number | null, now: Date): Promise<number> {
  const r = await tables(db)
    .insertInto('site_documents')
    .values({
      community_id: communityId,
      number: v.number,
      doc_date: v.date,
      doc_type: v.type,
      status: v.status,
      title: v.title,
      body: v.body,
      search_terms: v.searchTerms,
      pdf_file_id: v.pdfFileId,
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDocument(db: Db, id: number, v: DocumentValues, now: Date): Promise<void> {
  await tables(db)
    .updateTable('site_documents')
    .set({
      number: v.number,
      doc_date: v.date,
      doc_type: v.type,
      status: v.status,
      title: v.title,
      body: v.body,
      search_terms: v.searchTerms,
      pdf_file_id: v.pdfFileId,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** A saved text of a document (its history); `searchTerms` are made again from it on restore. */
export interface DocumentVersion extends Omit<DocumentValues, 'searchTerms'> {
  id: number;
  savedBy: string | null;
  savedAt: Date;
}

export async function insertDocumentVersion(db: Db, documentId: number, v: DocumentValues, by: number | null, now: Date): Promise<void> {
  await tables(db)
    .insertInto('site_document_versions')
    .values({
      document_id: documentId,
      number: v.number,
      doc_date: v.date,
      doc_type: v.type,
      status: v.status,
      title: v.title,
      body: v.body,
      pdf_file_id: v.pdfFileId,
      saved_by: by,
      saved_at: now,
    })
    .execute();
}

export async function listDocumentVersions(db: Db, documentId: number, limit = 100): Promise<DocumentVersion[]> {
  const rows = await tables(db)
    .selectFrom('site_document_versions as v')
    .leftJoin('users as u', 'u.id', 'v.saved_by')
    .select(['v.id', 'v.number', 'v.doc_date', 'v.doc_type', 'v.status', 'v.title', 'v.body', 'v.pdf_file_id', 'v.saved_at', 'u.last_name', 'u.first_name'])
    .where('v.document_id', '=', documentId)
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    date: r.doc_date,
    type: r.doc_type,
    status: r.status,
    title: r.title,
    body: r.body,
    pdfFileId: r.pdf_file_id,
    savedAt: r.saved_at,
    savedBy: r.last_name === null ? null : `${r.first_name ?? ''} ${r.last_name}`.trim(),
  }));
}

export async function findDocument(db: Db, communityId: number, id: number): Promise<SiteDocument | null> {
  const r = await tables(db).selectFrom('site_documents').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toDoc(r) : null;
}

/**
 * Documents, newest first; with `query` (a `to_tsquery('simple', …)` of stems, rules.tsQuery) only
 * those whose stems match it, best matches first. Drafts only for `withDrafts`.
 */
export async function listDocuments(
  db: Db,
  communityId: number,
  o: { query: string; type: DocType | null; withDrafts: boolean; limit: number },
): Promise<SiteDocument[]> {
  let q = tables(db).selectFrom('site_documents').selectAll().where('community_id', '=', communityId);
  if (!o.withDrafts) q = q.where('status', '!=', 'draft');
  if (o.type) q = q.where('doc_type', '=', o.type);
  if (o.query) {
    const match = sql<boolean>`to_tsvector('simple', search_terms) @@ to_tsquery('simple', ${o.query})`;
    q = q.where(match).orderBy(sql`ts_rank(to_tsvector('simple', search_terms), to_tsquery('simple', ${o.query}))`, 'desc');
  }
  const rows = await q.orderBy('doc_date', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
  return rows.map(toDoc);
}

export async function countDocuments(db: Db, communityId: number): Promise<number> {
  const r = await tables(db)
    .selectFrom('site_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
