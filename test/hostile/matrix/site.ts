/**
 * The community website: its pages, news, documents, images and menu are edited by the community's
 * editors (a role outside the matrix's list, tested in test/modules/site/editing.test.ts), its local
 * moderators and administrator, and the national moderator; its colours and host names by its
 * administrator and the national moderator only.
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_ADMINS, TOOL_MODERATORS, type Role } from '../support/roles.js';

const EDITORS: readonly Role[] = [...TOOL_MODERATORS, ...COMMUNITY_ADMINS];

interface Fx {
  page: number;
  doc: number;
  docVersion: number;
  news: number;
  version: number;
  menu: number[];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const documentForm = (number: string) => ({
  number,
  date: '2026-05-14',
  type: 'decision',
  status: 'in_force',
  title: 'Про матрицю доступу',
  body: 'Текст рішення.',
});

export default defineModule<Fx>({
  name: 'site',
  setup: async ({ t }) => {
    const lviv = await communityId(t, 'lviv');
    const page = (await one(t, 'site page', sql<{ id: number }>`select id from site_pages where community_id = ${lviv} and slug = 'vacancies'`)).id;
    const version = (await one(t, 'page version', sql<{ id: number }>`select min(id) as id from site_page_versions where page_id = ${page}`)).id;
    const menu = (await sql<{ id: number }>`select id from site_menu where community_id = ${lviv} order by position`.execute(t.ctx.db)).rows.map((r) => r.id);
    const news = (
      await one(
        t,
        'published news item',
        sql<{ id: number }>`select min(id) as id from site_pages where community_id = ${lviv} and kind = 'news' and status = 'published'`,
      )
    ).id;
    const doc = (await one(t, 'site document', sql<{ id: number }>`select min(id) as id from site_documents where community_id = ${lviv}`)).id;
    const docVersion = (await one(t, 'document version', sql<{ id: number }>`select min(id) as id from site_document_versions where document_id = ${doc}`)).id;
    return { page, news, version, menu, doc, docVersion };
  },
  entries: [
    {
      route: 'POST /:slug/manage/site/pages/:id',
      permission: 'site.edit',
      allowed: EDITORS,
      request: (fx) => ({ url: `/lviv/manage/site/pages/${fx.page}`, form: { title_uk: 'Вакансії', body_uk: 'Вакансій немає.', action: 'publish' } }),
      harmless: (fx) => ({ url: `/lviv/manage/site/pages/${fx.page}`, form: { title_uk: '', body_uk: '', action: 'publish' } }),
    },
    {
      route: 'POST /:slug/manage/site/news',
      permission: 'site.edit',
      allowed: EDITORS,
      request: () => ({ url: '/lviv/manage/site/news', form: { title_uk: 'Новина матриці', body_uk: 'Текст.', slug: 'matrix-news', action: 'publish' } }),
      harmless: () => ({ url: '/lviv/manage/site/news', form: { title_uk: '', body_uk: '', action: 'publish' } }),
    },
    {
      route: 'POST /:slug/manage/site/preview',
      permission: 'site.edit',
      allowed: EDITORS,
      note: 'the live preview of the editor’s form: renders the posted text, saves nothing',
      request: () => ({ url: '/lviv/manage/site/preview', form: { body: '## Перегляд' } }),
    },
    {
      route: 'POST /:slug/manage/site/pages/:id/restore',
      permission: 'site.edit',
      allowed: EDITORS,
      objectsInForm: true,
      request: (fx) => ({ url: `/lviv/manage/site/pages/${fx.page}/restore`, form: { version: String(fx.version) } }),
    },
    {
      // The bot's broadcasters (its moderators and the administrator) send news there; the site's editor does not.
      // An allowed caller after the first gets 409: each news item goes once.
      route: 'POST /:slug/manage/site/pages/:id/push',
      permission: 'site.push-news',
      allowed: EDITORS,
      request: (fx) => ({ url: `/lviv/manage/site/pages/${fx.news}/push`, form: {} }),
    },
    {
      route: 'POST /:slug/manage/site/menu',
      permission: 'site.edit',
      allowed: EDITORS,
      objectsInForm: true,
      request: (fx) => ({
        url: '/lviv/manage/site/menu',
        form: { ...Object.fromEntries(fx.menu.map((id, i) => [`position_${id}`, String((i + 1) * 10)])), visible: fx.menu.map(String) },
      }),
    },
    {
      route: 'POST /:slug/manage/site/images',
      permission: 'site.edit',
      allowed: EDITORS,
      request: () => ({ url: '/lviv/manage/site/images', form: {}, files: [{ name: 'image', filename: 'dot.png', type: 'image/png', data: PNG }] }),
      harmless: () => ({ url: '/lviv/manage/site/images', form: {}, files: [] }),
    },
    {
      route: 'POST /:slug/manage/site/documents',
      permission: 'site.edit',
      allowed: EDITORS,
      request: () => ({
        url: '/lviv/manage/site/documents',
        form: documentForm('М-1'),
        files: [{ name: 'pdf', filename: 'r.pdf', type: 'application/pdf', data: PDF }],
      }),
      harmless: () => ({ url: '/lviv/manage/site/documents', form: documentForm(''), files: [] }),
    },
    {
      route: 'POST /:slug/manage/site/documents/:id',
      permission: 'site.edit',
      allowed: EDITORS,
      request: (fx) => ({ url: `/lviv/manage/site/documents/${fx.doc}`, form: documentForm('М-2'), files: [] }),
      harmless: (fx) => ({ url: `/lviv/manage/site/documents/${fx.doc}`, form: documentForm(''), files: [] }),
    },
    {
      route: 'POST /:slug/manage/site/documents/:id/restore',
      permission: 'site.edit',
      allowed: EDITORS,
      objectsInForm: true,
      request: (fx) => ({ url: `/lviv/manage/site/documents/${fx.doc}/restore`, form: { version: String(fx.docVersion) } }),
    },
    {
      route: 'POST /:slug/manage/site/settings',
      permission: 'site.configure',
      allowed: COMMUNITY_ADMINS,
      request: () => ({ url: '/lviv/manage/site/settings', form: { primary_color: '#7a1f1f', accent_color: '#ffd500', english: 'yes' } }),
      harmless: () => ({ url: '/lviv/manage/site/settings', form: { primary_color: 'red', accent_color: '#ffd500', english: 'yes' } }),
    },
    {
      route: 'POST /:slug/manage/site/hosts',
      permission: 'site.configure',
      allowed: COMMUNITY_ADMINS,
      request: () => ({ url: '/lviv/manage/site/hosts', form: { host: 'matrix-lviv.example' } }),
      harmless: () => ({ url: '/lviv/manage/site/hosts', form: { host: '' } }),
    },
    {
      route: 'POST /:slug/manage/site/hosts/remove',
      permission: 'site.configure',
      allowed: COMMUNITY_ADMINS,
      request: () => ({ url: '/lviv/manage/site/hosts/remove', form: { host: 'lviv.localhost' } }),
      harmless: () => ({ url: '/lviv/manage/site/hosts/remove', form: { host: 'none.example' } }),
    },
  ],
});
