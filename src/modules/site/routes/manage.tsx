/**
 * The website's editing pages, at `/{slug}/manage/site`: pages and news (form with preview, drafts,
 * scheduled publication, history and restore), the menu, documents with a PDF, images, and (for the
 * community's administrator) colours and host names.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { communityOr404, idOr404 } from '../../../core/http/route-helpers.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { field } from '../../../core/http/form-parser.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { registerMultipart, uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { readPhotos } from '../../../core/media/photos.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { isCommunityAdmin } from '../../../core/permissions/policy.js';
import type { FormState } from '../../../core/views/forms.js';
import { requireSiteAdmin, requireSiteEditor } from '../access.js';
import {
  findDocument,
  findPageById,
  findSettings,
  hostOwner,
  hostsOf,
  listDocuments,
  listDocumentVersions,
  listFiles,
  listMenu,
  listPages,
  listVersions,
  slugTaken,
  type Page,
  type SiteDocument,
} from '../repository.js';
import {
  addDocument,
  addHost,
  isPushable,
  removeHost,
  restoreDocumentVersion,
  restoreVersion,
  saveDocument,
  saveMenu,
  savePage,
  saveSiteSettings,
  uploadFile,
} from '../service.js';
import { canManageBot } from '../../chatbot/index.js';
import { BODY_MAX, kyivFields, parseDocumentForm, parseHost, parseMenuForm, parsePageForm, parseSettingsForm } from '../forms.js';
import { EditPageForm, HistoryPage, ManageSitePage, MenuPage } from '../views/manage.js';
import { DocumentForm, DocumentHistoryPage } from '../views/documents.js';
import { renderMarkdown } from '../markdown.js';

const PDF_MAX_BYTES = 10 * 1024 * 1024;

type Slug = { Params: { slug: string } };
type SlugId = { Params: { slug: string; id: string } };

export async function registerSiteManageRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  await registerMultipart(app);
  const uk = (req: FastifyRequest) => req.lang === 'uk';

  /** The community, its site (404 without one) and the signed-in editor (401/403). */
  const editorOf = async (req: FastifyRequest<Slug>) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireSiteEditor(req, c);
    const settings = await findSettings(ctx.db, c.id);
    if (!settings) throw notFound(uk(req) ? 'У громади ще немає сайту.' : 'The community has no website yet.');
    return { c, v, settings };
  };

  const writeLimit = async (req: FastifyRequest) => {
    const r = await hitRateLimit(ctx.db, { key: `site:edit:${req.viewer!.id}`, max: 300, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', uk(req) ? 'Забагато змін за годину.' : 'Too many changes this hour.');
  };

  const renderManage = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const settings = (await findSettings(ctx.db, c.id))!;
    const [pages, news, docs, files, hosts] = await Promise.all([
      listPages(ctx.db, c.id, 'page'),
      listPages(ctx.db, c.id, 'news'),
      listDocuments(ctx.db, c.id, { query: '', type: null, withDrafts: true, limit: 50 }),
      listFiles(ctx.db, c.id),
      hostsOf(ctx.db, c.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      await ManageSitePage({ p, c, pages, news, docs, files, settings, hosts, isAdmin: isCommunityAdmin(req.viewer, c.id), now: ctx.clock.now(), form }),
      status,
    );
  };

  app.get<Slug>('/:slug/manage/site', async (req, reply) => {
    const { c } = await editorOf(req);
    return renderManage(req, reply, c, { values: {}, errors: {} });
  });

  /* ----- pages and news ----- */

  const pageValues = (pg: Page): Record<string, string> => {
    const at = kyivFields(pg.status === 'published' || pg.publishedAt ? pg.publishedAt : null);
    return { title_uk: pg.title.uk, title_en: pg.title.en, body_uk: pg.body.uk, body_en: pg.body.en, publish_date: at.date, publish_time: at.time };
  };

  const renderEdit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    o: { page: Page | null; form: FormState; preview: { uk: string; en: string } | null; status?: number; draft?: boolean },
  ) => {
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    const query = req.query as Record<string, string | undefined>;
    const saved = query.saved === '1';
    // A published news item may go to the chat-bot's subscribers: those who send its broadcasts see the button.
    const push = o.page && isPushable(o.page, ctx.clock.now()) ? (canManageBot(req.viewer, c) ? 'button' : 'note') : null;
    return sendHtml(
      reply,
      await EditPageForm({ p, c, page: o.page, form: o.form, preview: o.preview, draft: o.draft ?? false, saved, push, pushed: query.pushed === '1' }),
      o.status ?? 200,
    );
  };

  const pageOf = async (c: Community, raw: string) => {
    const page = await findPageById(ctx.db, c.id, idOr404(raw));
    if (!page) throw notFound();
    return page;
  };

  app.get<SlugId>('/:slug/manage/site/pages/:id', async (req, reply) => {
    const { c } = await editorOf(req);
    const page = await pageOf(c, req.params.id);
    // A draft saved after the public text: the editor goes on with the draft.
    const [latest] = await listVersions(ctx.db, page.id, 1);
    const draft = latest && latest.status === 'draft' && page.status === 'published' && latest.savedAt >= page.updatedAt ? latest : null;
    const values = draft
      ? { ...pageValues(page), title_uk: draft.title.uk, title_en: draft.title.en, body_uk: draft.body.uk, body_en: draft.body.en }
      : pageValues(page);
    return renderEdit(req, reply, c, { page, form: { values, errors: {} }, preview: null, draft: draft !== null });
  });

  app.get<Slug>('/:slug/manage/site/news/new', async (req, reply) => {
    const { c } = await editorOf(req);
    return renderEdit(req, reply, c, { page: null, form: { values: {}, errors: {} }, preview: null });
  });

  /** Saves (or previews) the form of `page`, or of a new news item when null. */
  const submitPage = async (req: FastifyRequest<Slug>, reply: FastifyReply, c: Community, page: Page | null) => {
    const now = ctx.clock.now();
    const form = parsePageForm(req.body, req.lang, now, { isNew: !page, kind: page?.kind ?? 'news' });
    const errors = { ...form.errors };
    if (!page && !errors.slug && (await slugTaken(ctx.db, c.id, 'news', form.slug))) {
      errors.slug = uk(req) ? 'Новина з такою адресою вже є.' : 'A news item with this address exists.';
    }
    const state = { values: form.raw, errors };
    if (Object.keys(errors).length) return renderEdit(req, reply, c, { page, form: state, preview: null, status: 400 });
    if (form.action === 'preview') return renderEdit(req, reply, c, { page, form: state, preview: form.values.body });
    await writeLimit(req);
    const id = await savePage(ctx, { community: c, editor: req.viewer!, kind: page?.kind ?? 'news', page, slug: form.slug, values: form.values, now });
    return reply.redirect(`/${c.slug}/manage/site/pages/${id}?saved=1`, 303);
  };

  app.post<SlugId>('/:slug/manage/site/pages/:id', { config: { permission: 'site.edit' } }, async (req, reply) => {
    const { c } = await editorOf(req);
    return submitPage(req, reply, c, await pageOf(c, req.params.id));
  });

  app.post<Slug>('/:slug/manage/site/news', { config: { permission: 'site.edit' } }, async (req, reply) => {
    const { c } = await editorOf(req);
    return submitPage(req, reply, c, null);
  });

  /**
   * The live preview of the editor's script (public/site-editor.js): the text's HTML from the one
   * Markdown renderer, the same the site uses. Saves nothing; CSRF-checked like every form.
   */
  app.post<Slug>('/:slug/manage/site/preview', { config: { permission: 'site.edit' } }, async (req, reply) => {
    await editorOf(req);
    const text = field(req.body, 'body');
    if (text.length > BODY_MAX) throw new HttpError(400, 'bad_request', uk(req) ? 'Текст задовгий.' : 'The text is too long.');
    const r = await hitRateLimit(ctx.db, { key: `site:preview:${req.viewer!.id}`, max: 3000, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', uk(req) ? 'Забагато переглядів за годину.' : 'Too many previews this hour.');
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderMarkdown(text));
  });

  app.get<SlugId>('/:slug/manage/site/pages/:id/history', async (req, reply) => {
    const { c } = await editorOf(req);
    const page = await pageOf(c, req.params.id);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await HistoryPage({ p, c, page, versions: await listVersions(ctx.db, page.id) }));
  });

  app.post<SlugId>('/:slug/manage/site/pages/:id/restore', { config: { permission: 'site.edit' } }, async (req, reply) => {
    const { c, v } = await editorOf(req);
    const page = await pageOf(c, req.params.id);
    const versionId = Number(field(req.body, 'version'));
    const version = (await listVersions(ctx.db, page.id)).find((x) => x.id === versionId);
    if (!version) throw notFound(uk(req) ? 'Такої версії немає.' : 'No such version.');
    await writeLimit(req);
    await restoreVersion(ctx, { community: c, editor: v, page, version, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/manage/site/pages/${page.id}/history`, 303);
  });

  /* ----- menu ----- */

  app.get<Slug>('/:slug/manage/site/menu', async (req, reply) => {
    const { c } = await editorOf(req);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await MenuPage({ p, c, menu: await listMenu(ctx.db, c.id) }));
  });

  app.post<Slug>('/:slug/manage/site/menu', { config: { permission: 'site.edit' } }, async (req, reply) => {
    const { c, v } = await editorOf(req);
    const menu = await listMenu(ctx.db, c.id);
    const items = parseMenuForm(
      req.body,
      menu.map((m) => m.id),
    );
    if (items.length === 0) throw new HttpError(400, 'bad_request', uk(req) ? 'Форма не називає жодного пункту меню.' : 'The form names no menu item.');
    await writeLimit(req);
    await saveMenu(ctx, { community: c, editor: v, items });
    return reply.redirect(`/${c.slug}/manage/site/menu`, 303);
  });

  /* ----- images and documents ----- */

  const editorUpload = (permission: string, limits: { fileBytes: number; files: number }) =>
    uploadRoute<Slug>({
      ctx,
      permission,
      limits,
      authorize: async (req) => {
        const c = await communityOr404(ctx, req.params.slug);
        requireSiteEditor(req, c);
      },
    });

  app.post<Slug>('/:slug/manage/site/images', editorUpload('site.edit', { fileBytes: 10 * 1024 * 1024, files: 1 }), async (req, reply) => {
    const { c, v } = await editorOf(req);
    const files = uploadsOf(req, 'image').filter((f) => f.filename || (f.data && f.data.length));
    if (files.length === 0) return renderManage(req, reply, c, { values: {}, errors: { image: uk(req) ? 'Оберіть зображення.' : 'Choose an image.' } }, 400);
    const { photos, error } = await readPhotos(ctx, req, files, { max: 1, tooMany: () => (uk(req) ? 'Одне зображення за раз.' : 'One image at a time.') });
    if (error || !photos[0]) return renderManage(req, reply, c, { values: {}, errors: { image: error ?? '' } }, 400);
    const name = (files[0]!.filename || 'image').replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 80) || 'image';
    await uploadFile(ctx, { community: c, editor: v, kind: 'image', name, contentType: photos[0].mime, data: photos[0].data });
    return reply.redirect(`/${c.slug}/manage/site#images`, 303);
  });

  app.get<Slug>('/:slug/manage/site/documents/new', async (req, reply) => {
    const { c } = await editorOf(req);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await DocumentForm({ p, c, doc: null, form: { values: { status: 'in_force', type: 'decision' }, errors: {} } }));
  });

  /** The document form's fields and PDF, checked; `errors` empty when it may be saved. */
  const readDocumentForm = (req: FastifyRequest) => {
    const parsed = parseDocumentForm(req.body, req.lang);
    const errors = { ...parsed.errors };
    const pdf = uploadsOf(req, 'pdf').find((f) => f.filename || (f.data && f.data.length));
    if (pdf && (pdf.tooLarge || !pdf.data)) errors.pdf = uk(req) ? 'PDF більший за 10 МБ.' : 'The PDF is over 10 MB.';
    else if (pdf && !pdf.data!.subarray(0, 5).equals(Buffer.from('%PDF-'))) errors.pdf = uk(req) ? 'Це не PDF-файл.' : 'This is not a PDF file.';
    return { parsed, errors, pdf: pdf?.data ?? null };
  };
  const keepPdf = (c: Community, v: Viewer, pdf: Buffer | null) =>
    pdf ? uploadFile(ctx, { community: c, editor: v, kind: 'pdf', name: 'document.pdf', contentType: 'application/pdf', data: pdf }) : null;
  const documentOf = async (c: Community, raw: string): Promise<SiteDocument> => {
    const doc = await findDocument(ctx.db, c.id, idOr404(raw));
    if (!doc) throw notFound();
    return doc;
  };
  const documentValues = (d: SiteDocument) => ({ number: d.number, date: d.date, type: d.type, status: d.status, title: d.title, body: d.body });

  app.post<Slug>('/:slug/manage/site/documents', editorUpload('site.edit', { fileBytes: PDF_MAX_BYTES, files: 1 }), async (req, reply) => {
    const { c, v } = await editorOf(req);
    const { parsed, errors, pdf } = readDocumentForm(req);
    if (Object.keys(errors).length) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await DocumentForm({ p, c, doc: null, form: { values: parsed.raw, errors } }), 400);
    }
    await writeLimit(req);
    const pdfFileId = await keepPdf(c, v, pdf);
    const id = await addDocument(ctx, { community: c, editor: v, values: { ...parsed.values, pdfFileId }, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/site/documents/${id}`, 303);
  });

  app.get<SlugId>('/:slug/manage/site/documents/:id', async (req, reply) => {
    const { c } = await editorOf(req);
    const doc = await documentOf(c, req.params.id);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    const saved = (req.query as Record<string, string | undefined>).saved === '1';
    return sendHtml(reply, await DocumentForm({ p, c, doc, saved, form: { values: documentValues(doc), errors: {} } }));
  });

  app.post<SlugId>('/:slug/manage/site/documents/:id', editorUpload('site.edit', { fileBytes: PDF_MAX_BYTES, files: 1 }), async (req, reply) => {
    const { c, v } = await editorOf(req);
    const doc = await documentOf(c, req.params.id);
    const { parsed, errors, pdf } = readDocumentForm(req);
    if (Object.keys(errors).length) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await DocumentForm({ p, c, doc, form: { values: parsed.raw, errors } }), 400);
    }
    await writeLimit(req);
    const pdfFileId = (await keepPdf(c, v, pdf)) ?? doc.pdfFileId;
    await saveDocument(ctx, { community: c, editor: v, doc, values: { ...parsed.values, pdfFileId }, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/manage/site/documents/${doc.id}?saved=1`, 303);
  });

  app.get<SlugId>('/:slug/manage/site/documents/:id/history', async (req, reply) => {
    const { c } = await editorOf(req);
    const doc = await documentOf(c, req.params.id);
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await DocumentHistoryPage({ p, c, doc, versions: await listDocumentVersions(ctx.db, doc.id) }));
  });

  app.post<SlugId>('/:slug/manage/site/documents/:id/restore', { config: { permission: 'site.edit' } }, async (req, reply) => {
    const { c, v } = await editorOf(req);
    const doc = await documentOf(c, req.params.id);
    const versionId = Number(field(req.body, 'version'));
    const version = (await listDocumentVersions(ctx.db, doc.id)).find((x) => x.id === versionId);
    if (!version) throw notFound(uk(req) ? 'Такої версії немає.' : 'No such version.');
    await writeLimit(req);
    await restoreDocumentVersion(ctx, { community: c, editor: v, doc, version, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/manage/site/documents/${doc.id}/history`, 303);
  });

  /* ----- colours and host names: the community's administrator ----- */

  app.post<Slug>('/:slug/manage/site/settings', { config: { permission: 'site.configure' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const admin = requireSiteAdmin(req, c);
    const { settings, errors } = parseSettingsForm(req.body, req.lang);
    if (Object.keys(errors).length)
      return renderManage(
        req,
        reply,
        c,
        { values: { primary_color: field(req.body, 'primary_color'), accent_color: field(req.body, 'accent_color') }, errors },
        400,
      );
    await saveSiteSettings(ctx, { community: c, admin, settings, now: ctx.clock.now() });
    return reply.redirect(`/${c.slug}/manage/site#settings`, 303);
  });

  app.post<Slug>('/:slug/manage/site/hosts', { config: { permission: 'site.configure' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const admin = requireSiteAdmin(req, c);
    const host = parseHost(req.body);
    const platformHost = new URL(ctx.config.publicUrl).hostname;
    let error: string | null = null;
    if (!host) error = uk(req) ? 'Вкажіть доменне імʼя, наприклад gromada.gov.ua.' : 'Give a domain name, e.g. gromada.gov.ua.';
    else if (host === platformHost) error = uk(req) ? 'Це адреса самої платформи.' : 'This is the platform’s own address.';
    else if ((await hostOwner(ctx.db, host)) !== null)
      error = uk(req) ? 'Цю адресу вже використовує сайт громади.' : 'A community site already uses this address.';
    if (error) return renderManage(req, reply, c, { values: { host: field(req.body, 'host') }, errors: { host: error } }, 400);
    await addHost(ctx, { community: c, admin, host: host! });
    return reply.redirect(`/${c.slug}/manage/site#hosts`, 303);
  });

  app.post<Slug>('/:slug/manage/site/hosts/remove', { config: { permission: 'site.configure' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const admin = requireSiteAdmin(req, c);
    await removeHost(ctx, { community: c, admin, host: field(req.body, 'host').trim().toLowerCase() });
    return reply.redirect(`/${c.slug}/manage/site#hosts`, 303);
  });
}
