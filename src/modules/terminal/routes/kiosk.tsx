/**
 * The kiosk app a terminal runs (/{slug}/kiosk): paired once by its device key, kept in an HttpOnly
 * cookie scoped to the kiosk's paths; without a valid key every kiosk page is the pairing form. Its
 * heartbeat (every 30 s from the page, with the cookie and the page's CSRF token; or from a local agent
 * with the key as a bearer token) keeps the terminal «online» and reports the printer's paper.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit, ipPrefix } from '../../../core/security/rate-limit.js';
import type { Community } from '../../../core/communities/community.js';
import { cnapCatalogue, cnapOffices, cnapService } from '../../cnap/index.js';
import { terminalByKey, type Terminal } from '../repository.js';
import { readPairForm } from '../forms.js';
import { countActivity, recordHeartbeat } from '../service.js';
import { idleSeconds, paperOf, type ActivityKind } from '../rules.js';
import { KioskComing, KioskOffices, KioskService, KioskServices, KioskStart, PairPage, type KioskFrame } from '../views/kiosk.js';

type P = { slug: string };
export const KIOSK_COOKIE = 'viche_kiosk';

export function registerKioskRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const base = (c: Community) => `/${c.slug}/kiosk`;
  const cookieOpts = (c: Community) => ({
    path: base(c),
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.config.publicUrl.startsWith('https://'),
    maxAge: 5 * 365 * 86_400,
  });

  /** The terminal this browser is paired as, in this community; or why not. */
  const pairedAs = async (req: FastifyRequest, c: Community): Promise<{ terminal: Terminal | null; revoked: boolean }> => {
    const key = req.cookies[KIOSK_COOKIE];
    if (!key) return { terminal: null, revoked: false };
    const t = await terminalByKey(ctx.db, ctx.config.secretKey, key);
    if (!t || t.communityId !== c.id) return { terminal: null, revoked: false };
    if (t.revokedAt) return { terminal: null, revoked: true };
    return { terminal: t, revoked: false };
  };

  const frameOf = async (req: FastifyRequest, c: Community, t: Terminal): Promise<KioskFrame> => ({
    p: await pageCtx(ctx, req, c),
    c,
    base: base(c),
    terminal: t,
    idleSeconds: idleSeconds(ctx.config.kioskIdleSeconds),
  });

  /** A kiosk page: the paired terminal's, counted in its activity; else the pairing form. */
  const kioskPage = (kind: ActivityKind, render: (f: KioskFrame, req: FastifyRequest) => JSX.Element) => {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const c = await communityOr404(ctx, (req.params as P).slug);
      reply.header('cache-control', 'no-store');
      const paired = await pairedAs(req, c);
      if (!paired.terminal) {
        if (req.url.split('?')[0] !== base(c)) return reply.redirect(base(c), 303);
        return sendHtml(reply, await PairPage({ p: await pageCtx(ctx, req, c), c, base: base(c), form: { values: {}, errors: {} }, revoked: paired.revoked }));
      }
      const html = await render(await frameOf(req, c, paired.terminal), req);
      await countActivity(ctx.db, paired.terminal.id, kind, ctx.clock.now());
      return sendHtml(reply, html);
    };
  };

  app.get(
    '/:slug/kiosk',
    kioskPage('start', (f) => KioskStart({ f })),
  );

  app.get(
    '/:slug/kiosk/services',
    kioskPage('services', async (f, req) => {
      const q = queryString(req, 'q').slice(0, 100);
      return KioskServices({ f, query: q, groups: await cnapCatalogue(ctx, f.c, q) });
    }),
  );
  app.get(
    '/:slug/kiosk/services/:id',
    kioskPage('services', async (f, req) => {
      const s = await cnapService(ctx, f.c, idOr404((req.params as { id: string }).id));
      if (!s) throw notFound(req.lang === 'uk' ? 'Такої послуги немає.' : 'No such service.');
      const offices = (await cnapOffices(ctx, f.c, req.lang)).filter((o) => s.officeIds.includes(o.id));
      return KioskService({ f, service: s, offices });
    }),
  );
  app.get(
    '/:slug/kiosk/offices',
    kioskPage('offices', async (f, req) => KioskOffices({ f, offices: await cnapOffices(ctx, f.c, req.lang) })),
  );
  app.get(
    '/:slug/kiosk/ticket',
    kioskPage('ticket', (f) => KioskComing({ f, what: 'ticket' })),
  );
  app.get(
    '/:slug/kiosk/booking',
    kioskPage('booking', (f) => KioskComing({ f, what: 'booking' })),
  );
  app.get(
    '/:slug/kiosk/participate',
    kioskPage('participate', (f) => KioskComing({ f, what: 'participate' })),
  );

  app.post<{ Params: P }>('/:slug/kiosk/pair', { config: { permission: 'terminal.pair' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const now = ctx.clock.now();
    const lim = await hitRateLimit(ctx.db, { key: `terminal-pair:${ipPrefix(req.ip)}`, max: 10, windowSeconds: 900 }, now);
    if (!lim.allowed)
      throw new HttpError(429, 'rate_limited', req.lang === 'uk' ? 'Забагато спроб. Зачекайте 15 хвилин.' : 'Too many attempts. Wait 15 minutes.');
    const r = readPairForm(req.body, req.lang);
    const t = r.key ? await terminalByKey(ctx.db, ctx.config.secretKey, r.key) : null;
    if (!t || t.communityId !== c.id || t.revokedAt) {
      const form = r.key
        ? {
            values: {},
            errors: {
              device_key: req.lang === 'uk' ? 'Такого чинного ключа в цієї громади немає' : 'This community has no valid key like this',
            },
          }
        : r.form;
      return sendHtml(reply, await PairPage({ p: await pageCtx(ctx, req, c), c, base: base(c), form, revoked: false }), 403);
    }
    await recordHeartbeat(ctx.db, t.id, now, null);
    reply.setCookie(KIOSK_COOKIE, r.key!, cookieOpts(c));
    return reply.redirect(base(c), 303);
  });

  /** The heartbeat of the terminal whose key this is, in community `slug`. */
  const heartbeat = async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply, key: string | undefined) => {
    const c = await communityOr404(ctx, req.params.slug);
    reply.header('cache-control', 'no-store');
    if (!key) return reply.status(401).send({ error: 'no_key' });
    const t = await terminalByKey(ctx.db, ctx.config.secretKey, key);
    if (!t) return reply.status(401).send({ error: 'unknown_key' });
    if (t.communityId !== c.id) return reply.status(403).send({ error: 'other_community' });
    if (t.revokedAt) return reply.status(403).send({ error: 'revoked' });
    const now = ctx.clock.now();
    const lim = await hitRateLimit(ctx.db, { key: `terminal-heartbeat:${t.id}`, max: 20, windowSeconds: 60 }, now);
    if (!lim.allowed) return reply.status(429).send({ error: 'rate_limited' });
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const paper = paperOf(body.paper);
    if (body.paper !== undefined && !paper) return reply.status(400).send({ error: 'bad_paper', allowed: ['ok', 'low', 'out', 'unknown'] });
    await recordHeartbeat(ctx.db, t.id, now, paper);
    return reply.send({ ok: true, at: now.toISOString() });
  };

  // From the kiosk page: the key is its HttpOnly cookie, so the request carries the page's CSRF token.
  app.post<{ Params: P }>('/:slug/kiosk/heartbeat', { config: { permission: 'terminal.heartbeat' } }, async (req, reply) =>
    heartbeat(req, reply, req.cookies[KIOSK_COOKIE]),
  );
  // From a local agent beside the printer (paper status): the key as a bearer token; no cookies are read.
  app.post<{ Params: P }>(
    '/api/v1/communities/:slug/terminals/heartbeat',
    { config: { csrf: false, permission: 'terminal.heartbeat' }, schema: { hide: true } },
    async (req, reply) => heartbeat(req, reply, /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]),
  );
}
