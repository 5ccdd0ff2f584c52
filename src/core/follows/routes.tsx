/**
 * Following's routes: follow (from a community's, a tool's or an item's page), change how often or stop
 * (the cabinet, or the page's box), and the one-click unsubscribe of RFC 8058 from a letter: GET shows
 * a confirmation (link scanners never unsubscribe anyone), POST unsubscribes with no session or CSRF
 * token, the token being the authority.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { communityOr404, idOr404, requireViewer } from '../http/route-helpers.js';
import { field } from '../http/form-parser.js';
import { HttpError, notFound } from '../http/errors.js';
import { safeReturnTo } from '../auth/return-to.js';
import { isFrequency } from './rules.js';
import { describeUnsubscribe, follow, setFrequency, unfollow, unsubscribe } from './service.js';
import { UnsubscribePage } from './views.js';
import type { FollowListRow } from './repository.js';
import type { Lang } from '../i18n/index.js';

function labelOf(ctx: CoreContext, lang: Lang, f: FollowListRow): string {
  const community = lang === 'uk' ? f.name_uk : f.name_en;
  if (f.tool === '') return community;
  if (f.item === '') return `${ctx.modules.find((m) => m.id === f.tool)?.name[lang] ?? f.tool} — ${community}`;
  return `${f.title} — ${community}`;
}

export async function registerFollowRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  app.post<{ Params: { slug: string } }>('/:slug/follow', { config: { permission: 'follows.follow' } }, async (req, reply) => {
    const v = requireViewer(req);
    const c = await communityOr404(ctx, req.params.slug);
    const tool = field(req.body, 'tool');
    const item = field(req.body, 'item');
    const frequency = field(req.body, 'frequency') || 'instant';
    const uk = req.lang === 'uk';
    if (!isFrequency(frequency) || !/^[a-z-]{0,40}$/.test(tool) || !/^\d{0,12}$/.test(item)) {
      throw new HttpError(400, 'bad_request', uk ? 'Незрозуміло, за чим стежити.' : 'It is unclear what to follow.');
    }
    const r = await follow(ctx, { userId: v.id, community: c, target: { tool, item }, frequency });
    if (!r.ok) {
      if (r.problem === 'unconfirmed')
        throw new HttpError(
          403,
          'email_unconfirmed',
          uk
            ? 'Щоб стежити за новинами, потрібна підтверджена адреса ел. пошти: підтвердьте її кодом із листа в кабінеті (/cabinet/email).'
            : 'Following needs a confirmed e-mail address: confirm yours with a code from a letter in your cabinet (/cabinet/email).',
        );
      if (r.problem === 'rate')
        throw new HttpError(429, 'rate_limited', uk ? 'Забагато змін за годину. Спробуйте пізніше.' : 'Too many changes in an hour. Try again later.');
      throw notFound(uk ? 'Тут немає за чим стежити.' : 'There is nothing to follow here.');
    }
    return reply.redirect(safeReturnTo(field(req.body, 'return') || `/${c.slug}`), 303);
  });

  app.post<{ Params: { id: string } }>('/cabinet/follows/:id', { config: { permission: 'follows.follow' } }, async (req, reply) => {
    const v = requireViewer(req);
    const id = idOr404(req.params.id);
    const frequency = field(req.body, 'frequency');
    if (!isFrequency(frequency))
      throw new HttpError(400, 'bad_request', req.lang === 'uk' ? 'Оберіть, як часто надсилати листи.' : 'Choose how often to send letters.');
    if (!(await setFrequency(ctx, { userId: v.id, followId: id, frequency }))) throw notFound();
    return reply.redirect('/cabinet#follows', 303);
  });

  app.post<{ Params: { id: string } }>('/cabinet/follows/:id/delete', { config: { permission: 'follows.follow' } }, async (req, reply) => {
    const v = requireViewer(req);
    const id = idOr404(req.params.id);
    if (!(await unfollow(ctx.db, { userId: v.id, followId: id }))) throw notFound();
    return reply.redirect(safeReturnTo(field(req.body, 'return') || '/cabinet#follows'), 303);
  });

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (req, reply) => {
    const what = await describeUnsubscribe(ctx, req.params.token);
    if (!what) throw notFound(req.lang === 'uk' ? 'Посилання недійсне.' : 'The link is not valid.');
    const p = await pageCtx(ctx, req);
    reply.header('cache-control', 'no-store');
    const labels = what.follows.map((f) => labelOf(ctx, p.lang, f));
    return sendHtml(reply, await UnsubscribePage({ p, token: req.params.token, labels, done: false }));
  });

  // RFC 8058: a mail client posts «List-Unsubscribe=One-Click», as multipart/form-data or urlencoded. The
  // body says nothing the URL does not, so in this scope a small multipart body is accepted and not read.
  await app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    scope.post<{ Params: { token: string } }>('/unsubscribe/:token', { config: { csrf: false, permission: 'follows.unsubscribe' } }, async (req, reply) => {
      const what = await describeUnsubscribe(ctx, req.params.token);
      if (!what) throw notFound(req.lang === 'uk' ? 'Посилання недійсне.' : 'The link is not valid.');
      await unsubscribe(ctx, what.scope);
      const p = await pageCtx(ctx, req);
      reply.header('cache-control', 'no-store');
      return sendHtml(reply, await UnsubscribePage({ p, token: req.params.token, labels: [], done: true }));
    });
  });
}
