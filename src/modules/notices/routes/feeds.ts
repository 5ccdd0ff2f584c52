/** The notice board's feed: the community's notices, newest first, without those a moderator hid. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { registerFeed } from '../../../core/feeds/feeds.js';
import { listNotices } from '../repository.js';

/** A notice has no title: its first words stand for one. */
function headline(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
}

export function registerNoticeFeedRoutes(app: FastifyInstance, ctx: CoreContext): void {
  registerFeed<{ slug: string }>(app, ctx, '/:slug/notices', async (req) => {
    const c = await communityOr404(ctx, req.params.slug);
    const notices = await listNotices(ctx.db, c.id);
    const hidden = await hiddenIds(
      ctx.db,
      'notice',
      notices.map((n) => String(n.id)),
    );
    return {
      title: `Оголошення громади — ${c.name.uk}`,
      description: `Оголошення мешканців громади «${c.name.uk}»`,
      pagePath: `/${c.slug}/notices`,
      entries: notices
        .filter((n) => !hidden.has(String(n.id)))
        .map((n) => ({ key: `notice-${n.id}`, title: headline(n.body), path: `/${c.slug}/notices#notice-${n.id}`, at: n.createdAt, summary: n.body })),
    };
  });
}
