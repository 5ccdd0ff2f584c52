/** Open City's JSON for the map (Open311 is in open311.ts). */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { openCityOr404 } from '../access.js';
import { publicReportsOf } from './shared.js';
import { base } from '../views/parts.js';

export function registerApiRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { slug: string } }>('/:slug/open-city/map.json', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const { rows } = await publicReportsOf(ctx, req, c, { limit: 2000, withPoint: true });
    const hidden = await hiddenIds(
      ctx.db,
      'open_city_report',
      rows.map((r) => String(r.id)),
    );
    reply.header('cache-control', 'public, max-age=30');
    return {
      type: 'FeatureCollection',
      features: rows
        .filter((r) => !hidden.has(String(r.id)))
        .map((r) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
          properties: { id: r.id, title: r.title, status: r.status, category: r.categoryName[req.lang], url: `${base(c)}/reports/${r.id}` },
        })),
    };
  });
}
