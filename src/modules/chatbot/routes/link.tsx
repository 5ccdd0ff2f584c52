/**
 * Linking a chat to an account on the web: the one-time link the bot sent opens a page where the signed-in
 * person confirms (a GET never links anything); the cabinet lists the linked chats, each with «Відвʼязати».
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, idOr404, queryString, requireViewer } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { publicName, shownName } from '../../../core/users/public-name.js';
import { pick } from '../../../core/i18n/index.js';
import { chatsOfUser, confirmLink, linkPath, linkState, unlinkChat } from '../service/linking.js';
import { LinkConfirmPage, LinkedChatsPage, LinkOutcomePage } from '../views/link.js';

type LinkParams = { Params: { slug: string; token: string } };

const STATUS = { unknown: 404, used: 410, expired: 410 } as const;

export function registerLinkRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const limit = async (req: FastifyRequest, key: string, max: number) => {
    const r = await hitRateLimit(ctx.db, { key, max, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато спроб за годину.', en: 'Too many attempts this hour.' }, req.lang));
  };

  app.get<LinkParams>('/:slug/chatbot/link/:token', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    const state = await linkState(ctx, c, req.params.token, ctx.clock.now());
    if (state.kind !== 'valid') {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await LinkOutcomePage({ p, outcome: state.kind }), STATUS[state.kind]);
    }
    // Signed out: the error handler sends a page GET to sign in and back here.
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await LinkConfirmPage({
        p,
        c,
        action: linkPath(c.slug, req.params.token),
        channel: state.chat.channel,
        expiresAt: state.expiresAt,
        accountName: shownName(publicName(v), req.lang),
      }),
    );
  });

  app.post<LinkParams>('/:slug/chatbot/link/:token', { config: { permission: 'chatbot.link' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireViewer(req);
    await limit(req, `chatbot:link-confirm:${v.id}`, 30);
    reply.header('referrer-policy', 'no-referrer');
    const outcome = await confirmLink(ctx, { community: c, token: req.params.token, viewer: v, now: ctx.clock.now() });
    const p = await pageCtx(ctx, req, c);
    if (outcome === 'valid') return sendHtml(reply, await LinkOutcomePage({ p, outcome: 'linked' }));
    return sendHtml(reply, await LinkOutcomePage({ p, outcome }), STATUS[outcome]);
  });

  app.get('/cabinet/chatbot', async (req, reply) => {
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req);
    const notice = queryString(req, 'done') === 'unlinked' ? pick({ uk: 'Чат відвʼязано.', en: 'The chat is unlinked.' }, req.lang) : null;
    return sendHtml(reply, await LinkedChatsPage({ p, chats: await chatsOfUser(ctx, v.id), notice }));
  });

  app.post<{ Params: { id: string } }>('/cabinet/chatbot/:id/unlink', { config: { permission: 'chatbot.unlink' } }, async (req, reply) => {
    const v = requireViewer(req);
    const id = idOr404(req.params.id);
    await limit(req, `chatbot:unlink:${v.id}`, 60);
    // Only the account's own chats: another's id names nothing here.
    if (!(await chatsOfUser(ctx, v.id)).some((x) => x.subscriberId === id)) throw notFound(pick({ uk: 'Такого чату немає.', en: 'No such chat.' }, req.lang));
    await unlinkChat(ctx, { subscriberId: id, actorUserId: v.id, via: 'cabinet', now: ctx.clock.now() });
    return reply.redirect('/cabinet/chatbot?done=unlinked', 303);
  });
}
