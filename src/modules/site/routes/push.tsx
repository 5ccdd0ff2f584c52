/**
 * A published news item sent to the chat-bot's subscribers (issue #23), from its editing page: a page that
 * shows the message and asks to confirm, then one broadcast through the bot's own service. The bot's
 * broadcasts are its moderators' (and the community's administrator's) to send, so the same people send
 * news there; an editor who is neither sees the button's place explained. Each news item goes once: a
 * second push is refused (409) while the first broadcast stands.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, requireViewer } from '../../../core/http/route-helpers.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { pick } from '../../../core/i18n/index.js';
import { botConnected, canManageBot, countBotSubscribers } from '../../chatbot/index.js';
import { findPageById } from '../repository.js';
import { isPushable, newsMessage, pushNews } from '../service.js';
import { PushNewsPage } from '../views/push.js';

type SlugId = { Params: { slug: string; id: string } };

const REFUSALS = {
  'no-bot': {
    uk: 'У громади немає підключеного чат-бота: надсилати нікому. Його підключають модератори в розділі «Чат-бот».',
    en: 'The community has no connected chat-bot: there is nobody to send to. Its moderators connect one under «Chat-bot».',
  },
  'already-sent': {
    uk: 'Цю новину вже надіслано підписникам чат-бота; вдруге її не надсилають.',
    en: 'This news item has already been sent to the chat-bot’s subscribers; it is not sent twice.',
  },
  'not-published': {
    uk: 'Надіслати можна лише опубліковану новину.',
    en: 'Only a published news item can be sent.',
  },
};

export function registerSitePushRoutes(app: FastifyInstance, ctx: CoreContext): void {
  /** The community, its pushing moderator (401/403) and the news item (404). */
  const newsOf = async (req: FastifyRequest<SlugId>) => {
    const c: Community = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    if (!canManageBot(v, c)) {
      throw forbidden(
        pick(
          {
            uk: 'Новини підписникам чат-бота надсилають модератори й адміністратор громади.',
            en: 'The community’s moderators and administrator send news to the chat-bot’s subscribers.',
          },
          req.lang,
        ),
      );
    }
    const page = await findPageById(ctx.db, c.id, idOr404(req.params.id));
    if (!page || page.kind !== 'news') throw notFound();
    return { c, v, page };
  };

  app.get<SlugId>('/:slug/manage/site/pages/:id/push', async (req, reply) => {
    const { c, page } = await newsOf(req);
    const now = ctx.clock.now();
    const refusal = !isPushable(page, now) ? 'not-published' : !(await botConnected(ctx.db, c.id)) ? 'no-bot' : null;
    reply.header('cache-control', 'no-store');
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await PushNewsPage({
        p,
        c,
        page,
        message: newsMessage(ctx, c, page),
        subscribers: await countBotSubscribers(ctx.db, c.id),
        refusal: refusal ? pick(REFUSALS[refusal], req.lang) : null,
      }),
    );
  });

  app.post<SlugId>('/:slug/manage/site/pages/:id/push', { config: { permission: 'site.push-news' } }, async (req, reply) => {
    const { c, v, page } = await newsOf(req);
    const now = ctx.clock.now();
    if (!isPushable(page, now)) throw new HttpError(409, 'conflict', pick(REFUSALS['not-published'], req.lang));
    const limit = await hitRateLimit(ctx.db, { key: `chatbot:broadcast:${v.id}`, max: 60, windowSeconds: 3600 }, now);
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато розсилок за годину.', en: 'Too many broadcasts this hour.' }, req.lang));
    const r = await pushNews(ctx, { community: c, actorUserId: v.id, page, now });
    if (!r.ok) throw new HttpError(409, 'conflict', pick(REFUSALS[r.reason], req.lang));
    return reply.redirect(`/${c.slug}/manage/site/pages/${page.id}?pushed=1`, 303);
  });
}
