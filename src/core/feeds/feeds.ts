/**
 * Atom 1.0 and RSS 2.0 feeds of the public lists. A module says which entries a list has (`registerFeed`
 * with a loader); building the XML, the `.atom`/`.rss` URLs, caching and escaping are done here, once.
 * Feeds are in Ukrainian (`language: uk`), the platform's first language.
 */
import { Feed } from 'feed';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { sendCacheable } from '../http/cache.js';

/** One entry of a feed: an event of a public item (published, reached its threshold, answered, …). */
export interface FeedEntry {
  /** Stable for the event: readers use it to tell new entries from seen ones, e.g. `petition-12-answered`. */
  key: string;
  title: string;
  /** Path of the item's public page, below the site, e.g. `/lviv/petitions/12`. */
  path: string;
  at: Date;
  summary?: string;
}

export interface FeedSource {
  title: string;
  description: string;
  /** Path of the list page the feed follows, with its filter, e.g. `/lviv/open-city?category=3`. */
  pagePath: string;
  entries: FeedEntry[];
}

export type FeedFormat = 'atom' | 'rss';

const CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

/** A feed holds the newest entries only; older ones are on the list page. */
const MAX_ENTRIES = 50;

/** Text XML 1.0 can hold: without control characters and lone surrogates (a feed with one is not well-formed). */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/**
 * An entry's title or summary: the library puts them in CDATA marked as HTML, so `<`, `>` and `&` are
 * escaped to be shown as text by a reader, never run as markup (and `]]>` cannot end the CDATA early).
 */
function entryText(s: string): string {
  return xmlText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The feed's XML in the given format, its links absolute to `publicUrl`. */
export function renderFeed(source: FeedSource, format: FeedFormat, publicUrl: string, selfPath: string): string {
  const entries = [...source.entries].sort((a, b) => b.at.getTime() - a.at.getTime() || b.key.localeCompare(a.key)).slice(0, MAX_ENTRIES);
  const pageUrl = `${publicUrl}${source.pagePath}`;
  const feed = new Feed({
    id: pageUrl,
    title: xmlText(source.title),
    description: xmlText(source.description),
    link: pageUrl,
    language: 'uk',
    // The newest entry, not the time of the request: an unchanged list gives the same bytes (and ETag).
    updated: entries[0]?.at ?? new Date(0),
    generator: false,
    copyright: '',
    feedLinks: { [format]: `${publicUrl}${selfPath}` },
  });
  for (const e of entries) {
    const url = `${publicUrl}${e.path}`;
    feed.addItem({
      title: entryText(e.title),
      id: `tag:${new URL(publicUrl).hostname},2026:${e.key}`,
      link: url,
      date: e.at,
      ...(e.summary ? { description: entryText(e.summary) } : {}),
    });
  }
  return format === 'atom' ? feed.atom1() : feed.rss2();
}

/** The feed links of a list page: for `<link rel="alternate">` in its head and the visible link. */
export interface FeedRef {
  format: FeedFormat;
  type: string;
  href: string;
}

/**
 * The `.atom` and `.rss` addresses of the list at `path` (e.g. `/lviv/petitions`), keeping the filter
 * the feed honours.
 */
export function feedRefs(path: string, query: Record<string, string | number | null | undefined> = {}): FeedRef[] {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.size > 0 ? `?${params.toString()}` : '';
  return (['atom', 'rss'] as const).map((format) => ({ format, type: CONTENT_TYPES[format].split(';')[0] ?? '', href: `${path}.${format}${qs}` }));
}

function sendFeed(req: FastifyRequest, reply: FastifyReply, xml: string, format: FeedFormat): FastifyReply {
  return sendCacheable(req, reply, xml, CONTENT_TYPES[format], 300);
}

/**
 * Serves the feed of the list at `path` (a route pattern such as `/:slug/petitions`) as `path.atom` and
 * `path.rss`. `load` answers 404 itself (e.g. through `communityOr404`) for what does not exist.
 */
export function registerFeed<P extends Record<string, string>>(
  app: FastifyInstance,
  ctx: CoreContext,
  path: string,
  load: (req: FastifyRequest<{ Params: P }>) => Promise<FeedSource>,
): void {
  for (const format of ['atom', 'rss'] as const) {
    app.get<{ Params: P }>(`${path}.${format}`, async (req, reply) => {
      const source = await load(req);
      return sendFeed(req, reply, renderFeed(source, format, ctx.config.publicUrl, req.url), format);
    });
  }
}
