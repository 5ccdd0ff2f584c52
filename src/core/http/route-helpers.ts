/** Small helpers every route uses: the community of the URL, query parameters, ids, the signed-in person. */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import type { Viewer } from '../users/viewer.js';
import { findCommunityBySlug } from '../communities/communities-repository.js';
import { HttpError, notFound } from './errors.js';
import { pageNumber } from '../views/pagination.js';

/** One query parameter, at most 200 characters; NUL is dropped, as PostgreSQL text cannot hold it. */
export function queryString(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string'
    ? v
        .replace(/\u0000/g, '')
        .slice(0, 200)
        .trim()
    : '';
}

/** The page number of a paged list (`?page=`), 1 when absent or unreadable. */
export function queryPage(req: FastifyRequest): number {
  return pageNumber(queryString(req, 'page'));
}

/** Loads the community of a `/:slug/...` route or answers 404. Suspended ones show only their notice. */
export async function communityOr404(ctx: CoreContext, slug: string): Promise<Community> {
  const c = await findCommunityBySlug(ctx.db, slug);
  if (!c) throw notFound('Такої громади на платформі немає.');
  return c;
}

/**
 * The signed-in person, or 401 (a page GET is then sent to sign in and back by the error handler).
 * `message` replaces the default «Увійдіть, щоб продовжити.» where a page says more.
 */
export function requireViewer(req: FastifyRequest, message?: string): Viewer {
  if (!req.viewer) throw new HttpError(401, 'unauthorized', message ?? (req.lang === 'uk' ? 'Увійдіть, щоб продовжити.' : 'Sign in to continue.'));
  return req.viewer;
}

/**
 * The id in a route parameter or form field: 1 to 9 decimal digits, not zero (ids are PostgreSQL
 * integers, so a longer number names nothing and must not reach a query); anything else is null.
 */
export function routeId(raw: string): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 ? n : null;
}

/** The row `find` gives for the id in `raw`; null when `raw` is no id (nothing is queried then). */
export async function byRouteId<T>(raw: string, find: (id: number) => Promise<T | null>): Promise<T | null> {
  const id = routeId(raw);
  return id === null ? null : find(id);
}

/** The id of `raw`, or 404 with `message`. */
export function idOr404(raw: string, message?: string): number {
  const id = routeId(raw);
  if (id === null) throw notFound(message);
  return id;
}
