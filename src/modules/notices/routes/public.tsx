/** The notice board of a community: read by anyone, posted by eligible residents, moderated by the core. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError } from '../../../core/http/errors.js';
import type { FormState } from '../../../core/views/forms.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { participationOf, requireParticipationOf } from '../../../core/permissions/participation.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import type { Community } from '../../../core/communities/community.js';
import { listNotices } from '../repository.js';
import { postNotice } from '../service.js';
import { noticeErrors, RULES } from '../forms.js';
import { NoticesPage } from '../views/list.js';

export function registerNoticeRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const render = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const notices = await listNotices(ctx.db, c.id);
    const hidden = await hiddenIds(
      ctx.db,
      'notice',
      notices.map((n) => String(n.id)),
    );
    const { refusal, blockReason } = await participationOf(ctx, req.viewer, c, RULES);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await NoticesPage({ p, c, notices, hidden, refusal, blockReason, form }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/notices', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    return render(req, reply, c, { values: {}, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/:slug/notices', { config: { permission: 'notices.post' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = req.viewer;
    const now = ctx.clock.now();
    requireParticipationOf(req.lang, await participationOf(ctx, v, c, RULES));
    const body = field(req.body, 'body');
    const uk = req.lang === 'uk';
    const errors = noticeErrors(body, req.lang);
    if (Object.keys(errors).length) return render(req, reply, c, { values: { body }, errors }, 400);
    const limit = await hitRateLimit(ctx.db, { key: `notice:user:${v!.id}`, max: 10, windowSeconds: 3600 }, now);
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', uk ? 'Забагато оголошень за годину.' : 'Too many notices this hour.');
    const id = await postNotice(ctx, { community: c, author: v!, body, now });
    return reply.redirect(`/${c.slug}/notices#notice-${id}`, 303);
  });
}
