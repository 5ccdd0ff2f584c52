/**
 * Per-request state every route relies on: the language, the browser id (for CSRF), the signed-in
 * viewer, and the page frame built from them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '@fastify/cookie';
import type { CoreContext } from '../context.js';
import { isLang, type Lang } from '../i18n/index.js';
import { BROWSER_COOKIE, csrfTokenFor, csrfTokenValid } from '../security/csrf.js';
import { randomToken, SESSION_COOKIE, sessionUserId } from '../sessions/sessions.js';
import { loadViewer } from '../users/users-repository.js';
import type { Viewer } from '../users/viewer.js';
import type { Community } from '../communities/community.js';
import type { PageCtx } from '../views/page-context.js';
import { isCommunityAdmin, isCommunityModerator } from '../permissions/policy.js';
import { HttpError } from './errors.js';
import { isMultipartRequest } from './uploads.js';
import { communitySwitcher, communityNav } from './navigation.js';
import { notePageCommunity } from './page-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    viewer: Viewer | null;
    browserId: string;
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** Set to false on routes that authenticate otherwise (API keys) and take no browser forms. */
    csrf?: boolean;
  }
}

export const LANG_COOKIE = 'viche_lang';

export function cookieOptions(ctx: CoreContext, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl.startsWith('https://'),
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

/**
 * Machine interfaces (Open311, the JSON API, the messengers' bot webhooks) set no cookie: their clients keep none, a CDN may cache a
 * response only without one, and a browser that calls them must not be handed a browser id or lose its
 * session there.
 */
function isMachinePath(url: string): boolean {
  return /^\/(open311|api|bots)(\/|$|\?)/.test(url);
}

export const requestContext = fp(async (app: FastifyInstance, opts: { ctx: CoreContext }) => {
  const { ctx } = opts;
  app.decorateRequest('lang', 'uk');
  app.decorateRequest('viewer', null);
  app.decorateRequest('browserId', '');
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (req, reply) => {
    const fromCookie = req.cookies[LANG_COOKIE];
    req.lang = isLang(fromCookie) ? fromCookie : 'uk';

    const machine = isMachinePath(req.url);
    let browserId = req.cookies[BROWSER_COOKIE];
    if (!browserId || !/^[A-Za-z0-9_-]{20,64}$/.test(browserId)) {
      browserId = randomToken(18);
      if (!machine) reply.setCookie(BROWSER_COOKIE, browserId, cookieOptions(ctx, 365 * 86_400));
    }
    req.browserId = browserId;
    req.csrfToken = csrfTokenFor(ctx.config.secretKey, browserId);

    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const userId = await sessionUserId(ctx.db, token, ctx.clock.now());
      req.viewer = userId === null ? null : await loadViewer(ctx.db, userId);
      if (!req.viewer && !req.url.startsWith('/static/') && !machine) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  });

  // Ajv coerces "Infinity", or digits too many for a double, to Infinity and lets it through an
  // integer schema's limits; no id, page or count is infinite, so such a request is malformed.
  app.addHook('preHandler', async (req) => {
    for (const source of [req.params, req.query]) {
      if (!source || typeof source !== 'object') continue;
      for (const v of Object.values(source as Record<string, unknown>).flat()) {
        if (typeof v === 'number' && !Number.isFinite(v)) {
          throw new HttpError(
            400,
            'bad_request',
            req.lang === 'uk' ? 'Число в запиті завелике або не є числом.' : 'A number in the request is too large or not a number.',
          );
        }
      }
    }
  });

  // Every state-changing browser request carries the form's CSRF token.
  app.addHook('preHandler', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (req.routeOptions.config?.csrf === false) return;
    // An upload route reads its token from the form's first field, before any file (core/http/uploads.ts).
    if (req.routeOptions.config?.uploads && isMultipartRequest(req)) return;
    const body = req.body as Record<string, unknown> | undefined;
    const token = body && typeof body === 'object' ? body._csrf : undefined;
    if (!csrfTokenValid(ctx.config.secretKey, req.cookies[BROWSER_COOKIE], token ?? req.headers['x-csrf-token'])) {
      throw new HttpError(
        403,
        'csrf',
        req.lang === 'uk'
          ? 'Форма застаріла або надіслана не з цього сайту. Поверніться, оновіть сторінку й спробуйте ще раз.'
          : 'The form has expired or was not sent from this site. Go back, reload the page and try again.',
      );
    }
  });
});

/** The frame of a page for this request, in this community (if any). */
export async function pageCtx(ctx: CoreContext, req: FastifyRequest, community: Community | null = null): Promise<PageCtx> {
  notePageCommunity(req, community);
  return {
    lang: req.lang,
    viewer: req.viewer,
    csrfToken: req.csrfToken,
    path: req.url,
    community,
    nav: community ? communityNav(ctx, community) : [],
    switcher: await communitySwitcher(ctx),
    demo: ctx.config.demo,
    publicUrl: ctx.config.publicUrl,
    canManage: community ? isCommunityModerator(req.viewer, community.id) || isCommunityAdmin(req.viewer, community.id) : false,
  };
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** A renderer bound to the platform: builds the page frame for the request in community `c`, then sends `html`'s page. */
export function pageSender(ctx: CoreContext) {
  return async (req: FastifyRequest, reply: FastifyReply, c: Community, html: (p: PageCtx) => Promise<string> | string, status = 200): Promise<FastifyReply> =>
    sendHtml(reply, await html(await pageCtx(ctx, req, c)), status);
}
