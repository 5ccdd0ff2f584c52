/**
 * `robots.txt` and `sitemap.xml` (sitemaps.org 0.9): the community homes and their tools' lists, and every
 * public item each module declares through its manifest's `sitemap`. One sitemap per connected community
 * (a community has far fewer than 50 000 public items), listed in a sitemap index at `/sitemap.xml`.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import { searchCommunities } from '../communities/communities-repository.js';
import { communityOr404 } from '../http/route-helpers.js';
import { notFound } from '../http/errors.js';

/** One public page of a module: its path below the site (e.g. "/lviv/petitions/12") and when it last changed. */
export interface SitemapEntry {
  path: string;
  lastModified?: Date | null;
}

/** The sitemaps protocol's limit per file; a community's file is cut there (and its remaining pages wait for search). */
const MAX_URLS = 50_000;

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function urlElement(base: string, e: SitemapEntry): string {
  const lastmod = e.lastModified ? `<lastmod>${e.lastModified.toISOString()}</lastmod>` : '';
  return `<url><loc>${xmlEscape(base + e.path)}</loc>${lastmod}</url>`;
}

/** The pages of one community: its home, its tools' lists (its navigation) and the modules' public items. */
async function communityEntries(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  const enabled = ctx.modules.filter((m) => m.tool === undefined || (c.enabledTools as readonly string[]).includes(m.tool));
  const lists: SitemapEntry[] = enabled.flatMap((m) => (m.navigation ?? []).map((n) => ({ path: `/${c.slug}${n.path}` })));
  const items = await Promise.all(enabled.map((m) => (m.sitemap ? m.sitemap(ctx, c) : [])));
  return [{ path: `/${c.slug}` }, ...lists, ...items.flat()];
}

/** The platform's own public pages, outside any community. */
const PLATFORM_PAGES = ['/', '/about', '/accessibility', '/stats', '/open-data', '/transparency', '/api', '/connect'];

const XML_TYPE = 'application/xml; charset=utf-8';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function registerSeoRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const base = ctx.config.publicUrl;

  app.get('/robots.txt', { schema: { hide: true } }, async (_req, reply) => {
    const lines = [
      'User-agent: *',
      'Allow: /',
      // Personal and working pages: nothing for a search engine there (and most need signing in).
      'Disallow: /manage',
      'Disallow: /*/manage',
      'Disallow: /cabinet',
      'Disallow: /auth/',
      'Disallow: /dev/',
      '',
      `Sitemap: ${base}/sitemap.xml`,
      '',
    ];
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(lines.join('\n'));
  });

  app.get('/sitemap.xml', { schema: { hide: true } }, async (_req, reply) => {
    const communities = await searchCommunities(ctx.db, {});
    const sitemaps = [`${base}/sitemap-platform.xml`, ...communities.map((c) => `${base}/${c.slug}/sitemap.xml`)];
    const body = `${HEAD}<sitemapindex xmlns="${NS}">${sitemaps.map((s) => `<sitemap><loc>${xmlEscape(s)}</loc></sitemap>`).join('')}</sitemapindex>\n`;
    return reply.type(XML_TYPE).header('cache-control', 'public, max-age=3600').send(body);
  });

  app.get('/sitemap-platform.xml', { schema: { hide: true } }, async (_req, reply) => {
    const entries: SitemapEntry[] = PLATFORM_PAGES.map((path) => ({ path }));
    return reply.type(XML_TYPE).header('cache-control', 'public, max-age=3600').send(urlset(base, entries));
  });

  app.get<{ Params: { slug: string } }>('/:slug/sitemap.xml', { schema: { hide: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    if (c.status !== 'connected') throw notFound('Такої громади на платформі немає.');
    const entries = await communityEntries(ctx, c);
    return reply
      .type(XML_TYPE)
      .header('cache-control', 'public, max-age=3600')
      .send(urlset(base, entries.slice(0, MAX_URLS)));
  });
}

function urlset(base: string, entries: SitemapEntry[]): string {
  return `${HEAD}<urlset xmlns="${NS}">${entries.map((e) => urlElement(base, e)).join('')}</urlset>\n`;
}
