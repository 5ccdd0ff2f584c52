/** The community's calendar: every module's upcoming public deadlines in one `.ics`. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { communityOr404 } from '../http/route-helpers.js';
import { registerCalendar } from './calendars.js';

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
