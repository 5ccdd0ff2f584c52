/**
 * The community's website, at `/{slug}/site/...` and at the community's own host names (hosts.ts maps
 * `gromada.example/news` to `/{slug}/site/news` before routing). Every page is cacheable: an ETag of its
 * bytes, and `public, max-age=60` for a signed-out reader (the page then holds nothing of theirs: no
 * CSRF token, no name), `private, no-cache` for anyone signed in.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { notFound } from '../../../core/http/errors.js';
import { pageCtx } from '../../../core/http/request-context.js';
import { queryString, routeId } from '../../../core/http/route-helpers.js';
import { sendCacheable } from '../../../core/http/cache.js';
import { renderFeed } from '../../../core/feeds/feeds.js';
import { addWorkingDays } from '../../../core/calendar/index.js';
import { SESSION_COOKIE } from '../../../core/sessions/sessions.js';
import { findDocument, findFile, findPage, findSettings, listDocuments, listMenu, listPublic } from '../repository.js';
import { isPublic, themeCss, themeOf, tsQuery } from '../rules.js';
import { plainText } from '../markdown.js';
import { canEditSite } from '../access.js';
import { DOC_TYPES } from '../forms.js';
import { connectedBlocks } from '../connected.js';
import type { SiteCtx } from '../views/layout.js';
import { DocumentPage, DocumentsPage, HomePage, NewsPage, SectionPage } from '../views/public.js';

type SlugReq = FastifyRequest<{ Params: { slug: string } }>;

/** Whether the request came in on a site's own host name (the platform rewrote its path). */
function onOwnHost(req: FastifyRequest): boolean {
  return req.originalUrl !== req.url;
}

/** The absolute origin the reader used: the site's own host, or the platform's address. */
function originOf(ctx: CoreContext, req: FastifyRequest): string {
  return onOwnHost(req) ? `${req.protocol}://${req.host}` : ctx.config.publicUrl;
}

function signedIn(req: FastifyRequest): boolean {
  return req.viewer !== null || req.cookies[SESSION_COOKIE] !== undefined;
}

/** Sends a page with its ETag (304 when the reader has it) and the cache policy above. */
function sendPage(req: FastifyRequest, reply: FastifyReply, body: string, contentType = 'text/html; charset=utf-8'): FastifyReply {
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  reply
    .header('etag', etag)
    .header('cache-control', signedIn(req) ? 'private, no-cache' : 'public, max-age=60')
    .header('vary', 'Cookie');
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.type(contentType).send(body);
}

export function registerSitePublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  /** The community and its site, or 404 when it has none. */
  const siteOf = async (req: SlugReq): Promise<SiteCtx> => {
    const c = await communityOr404(ctx, req.params.slug);
    const settings = await findSettings(ctx.db, c.id);
    if (!settings) throw notFound(req.lang === 'uk' ? 'У громади ще немає сайту.' : 'The community has no website yet.');
    const menu = (await listMenu(ctx.db, c.id)).filter((m) => m.visible);
    return {
      p: await pageCtx(ctx, req, c),
      c,
      settings,
      menu,
      base: onOwnHost(req) ? '' : `/${c.slug}/site`,
      origin: originOf(ctx, req),
      path: req.originalUrl,
      canEdit: canEditSite(req.viewer, c),
      now: ctx.clock.now(),
    };
  };

  app.get<{ Params: { slug: string } }>('/:slug/site', async (req, reply) => {
    const s = await siteOf(req);
    const [news, docs, about, connected] = await Promise.all([
      listPublic(ctx.db, s.c.id, 'news', s.now, 5),
      listDocuments(ctx.db, s.c.id, { query: '', type: null, withDrafts: false, limit: 5 }),
      findPage(ctx.db, s.c.id, 'page', 'about'),
      connectedBlocks(ctx, s.c, s.p.lang),
    ]);
    return sendPage(req, reply, await HomePage({ s, news, docs, about: about && isPublic(about, s.now) ? about : null, ...connected }));
  });

  app.get<{ Params: { slug: string; page: string } }>('/:slug/site/p/:page', async (req, reply) => {
    const s = await siteOf(req);
    const page = await findPage(ctx.db, s.c.id, 'page', req.params.page);
    if (!page || !isPublic(page, s.now)) throw notFound();
    const infoDeadline = page.slug === 'public-information' ? addWorkingDays(s.now, 5, ctx.calendar) : null;
    return sendPage(req, reply, await SectionPage({ s, page, infoDeadline }));
  });

  app.get<{ Params: { slug: string } }>('/:slug/site/news', async (req, reply) => {
    const s = await siteOf(req);
    return sendPage(req, reply, await NewsPage({ s, news: await listPublic(ctx.db, s.c.id, 'news', s.now, 100) }));
  });

  app.get<{ Params: { slug: string; item: string } }>('/:slug/site/news/:item', async (req, reply) => {
    const s = await siteOf(req);
    const page = await findPage(ctx.db, s.c.id, 'news', req.params.item);
    if (!page || !isPublic(page, s.now)) throw notFound();
    return sendPage(req, reply, await SectionPage({ s, page, infoDeadline: null }));
  });

  app.get<{ Params: { slug: string } }>('/:slug/site/news.rss', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    if (!(await findSettings(ctx.db, c.id))) throw notFound();
    const base = onOwnHost(req) ? '' : `/${c.slug}/site`;
    const news = await listPublic(ctx.db, c.id, 'news', ctx.clock.now(), 50);
    const xml = renderFeed(
      {
        title: `Новини — ${c.name.uk}`,
        description: `Новини та оголошення: ${c.name.uk}`,
        pagePath: `${base}/news`,
        entries: news.map((n) => ({
          key: `site-news-${n.id}`,
          title: n.title.uk,
          path: `${base}/news/${n.slug}`,
          at: n.publishedAt!,
          summary: plainText(n.body.uk).slice(0, 300),
        })),
      },
      'rss',
      originOf(ctx, req),
      req.originalUrl,
    );
    return sendCacheable(req, reply, xml, 'application/rss+xml; charset=utf-8', 300);
  });

  app.get<{ Params: { slug: string } }>('/:slug/site/documents', async (req, reply) => {
    const s = await siteOf(req);
    const q = queryString(req, 'q').trim().slice(0, 200);
    const type = DOC_TYPES.find((t) => t === queryString(req, 'type')) ?? null;
    const query = tsQuery(q);
    const docs = q && !query ? [] : await listDocuments(ctx.db, s.c.id, { query, type, withDrafts: false, limit: 100 });
    return sendPage(req, reply, await DocumentsPage({ s, docs, q, type }));
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/site/documents/:id', async (req, reply) => {
    const s = await siteOf(req);
    const id = routeId(req.params.id);
    const doc = id === null ? null : await findDocument(ctx.db, s.c.id, id);
    if (!doc || (doc.status === 'draft' && !s.canEdit)) throw notFound();
    return sendPage(req, reply, await DocumentPage({ s, doc }));
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/site/files/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const id = routeId(req.params.id);
    const file = id === null ? null : await findFile(ctx.db, c.id, id);
    if (!file) throw notFound();
    // Files never change under an id: a long public cache, and no sniffing of their type.
    reply.header('cache-control', 'public, max-age=86400, immutable').header('x-content-type-options', 'nosniff');
    if (file.contentType === 'application/pdf') reply.header('content-disposition', `inline; filename="document-${id}.pdf"`);
    return reply.type(file.contentType).send(file.data);
  });

  app.get<{ Params: { slug: string } }>('/:slug/site/theme.css', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const settings = await findSettings(ctx.db, c.id);
    if (!settings) throw notFound();
    return sendCacheable(req, reply, themeCss(themeOf(settings.primary, settings.accent)), 'text/css; charset=utf-8', 300);
  });

  app.get<{ Params: { slug: string } }>('/:slug/site/sitemap.xml', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    if (!(await findSettings(ctx.db, c.id))) throw notFound();
    const base = originOf(ctx, req) + (onOwnHost(req) ? '' : `/${c.slug}/site`);
    const now = ctx.clock.now();
    const [pages, news] = await Promise.all([listPublic(ctx.db, c.id, 'page', now, 500), listPublic(ctx.db, c.id, 'news', now, 1000)]);
    const docs = await listDocuments(ctx.db, c.id, { query: '', type: null, withDrafts: false, limit: 5000 });
    const esc = (u: string) => u.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    const url = (path: string, at?: Date) => `<url><loc>${esc(base + path)}</loc>${at ? `<lastmod>${at.toISOString()}</lastmod>` : ''}</url>`;
    const urls = [
      url(''),
      url('/news'),
      url('/documents'),
      ...pages.map((p) => url(`/p/${p.slug}`, p.updatedAt)),
      ...news.map((n) => url(`/news/${n.slug}`, n.updatedAt)),
      ...docs.map((d) => url(`/documents/${d.id}`, d.updatedAt)),
    ];
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>\n`;
    return sendCacheable(req, reply, xml, 'application/xml; charset=utf-8', 300);
  });
}
