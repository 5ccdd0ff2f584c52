/** The community's bot for residents on the web: its link and the reference (the bot itself lives in the messengers). */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { findSettings, listNodes } from '../repository.js';
import { PublicBotPage } from '../views/public.js';

export function registerPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { slug: string } }>('/:slug/chatbot', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const settings = await findSettings(ctx.db, c.id);
    const nodes = await listNodes(ctx.db, c.id);
    const p = await pageCtx(ctx, req, c);
    const telegramUsername = settings?.enabled && settings.telegramTokenSealed ? settings.telegramUsername : null;
    return sendHtml(reply, await PublicBotPage({ p, c, telegramUsername, nodes }));
  });
}
