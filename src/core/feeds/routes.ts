/**
 * The community's calendar (every module's upcoming public deadlines in one `.ics`), and content
 * negotiation for the lists that have feeds.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { communityOr404 } from '../http/route-helpers.js';
import { registerCalendar } from './calendars.js';
import type { FeedFormat } from './feeds.js';

export function registerCommunityCalendar(app: FastifyInstance, ctx: CoreContext): void {
  registerCalendar<{ slug: string }>(
    app,
    ctx,
    '/:slug/calendar.ics',
    (req) => `${req.params.slug}.ics`,
    async (req) => {
      const c = await communityOr404(ctx, req.params.slug);
      const now = ctx.clock.now();
      // Only the tools the community has switched on, as its navigation shows.
      const lists = await Promise.all(
        ctx.modules
          .filter((m) => m.tool === undefined || (c.enabledTools as readonly string[]).includes(m.tool))
          .map((m) => (m.deadlines ? m.deadlines(ctx, c, now) : [])),
      );
      return { name: `Терміни громади «${c.name.uk}»`, events: lists.flat() };
    },
  );
}

/**
 * The feed format a client asks for in `Accept` when it does not take HTML (a feed reader; a browser
 * always names text/html), or null.
 */
function requestedFeedFormat(accept: string | undefined): FeedFormat | null {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (types.includes('text/html')) return null;
  if (types.includes('application/atom+xml')) return 'atom';
  if (types.includes('application/rss+xml')) return 'rss';
  return null;
}

/**
 * A list page asked for as a feed (`Accept: application/atom+xml` or `application/rss+xml`) is sent on to
 * its feed (`.atom`, `.rss`, the same query) with 303; list pages with a feed say `Vary: Accept`, so a
 * cache keeps the two apart. A list has a feed when a route `<its pattern>.atom` exists (core/feeds).
 */
export function registerFeedNegotiation(app: FastifyInstance): void {
  // A wildcard route (static files) has no feed, and the router refuses a pattern with text after `*`;
  // whatever else it refuses has no feed either.
  const hasFeed = (pattern: string | undefined): boolean => {
    if (!pattern || pattern.includes('*')) return false;
    try {
      return app.hasRoute({ method: 'GET', url: `${pattern}.atom` });
    } catch {
      return false;
    }
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !hasFeed(req.routeOptions.url)) return;
    const format = requestedFeedFormat(req.headers.accept);
    if (!format) return;
    const q = req.url.indexOf('?');
    const [path, query] = q < 0 ? [req.url, ''] : [req.url.slice(0, q), req.url.slice(q)];
    return reply.header('vary', 'Accept').redirect(`${path}.${format}${query}`, 303);
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.method !== 'GET' || !hasFeed(req.routeOptions.url)) return;
    // Added to what another hook may already vary on (compression: Accept-Encoding).
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/(^|,)\s*accept\s*(,|$)/i.test(vary)) reply.header('vary', vary ? `${vary}, Accept` : 'Accept');
  });
}
