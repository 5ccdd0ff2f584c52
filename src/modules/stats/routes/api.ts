/** The statistics as JSON: the platform's (filters: oblast, period) and one community's (period). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { CoreContext } from '../../../core/context.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { NotModified, sendCacheable } from '../../../core/http/cache.js';
import { ErrorBody } from '../../../core/api/routes.js';
import type { Community } from '../../../core/communities/community.js';
import { reportFor } from '../service.js';
import { filterQuery } from '../forms.js';

const LocalizedText = Type.Object({ uk: Type.String(), en: Type.String() });

/** The report as StatsReport (service.ts) builds it; the API sends it as it is. */
const StatsBody = Type.Object({
  scope: Type.Object({
    oblast: Type.Union([Type.String(), Type.Null()]),
    community: Type.Union([Type.String(), Type.Null()], { description: 'The community’s slug, for one community’s statistics' }),
    from: Type.String({ description: 'First month, YYYY-MM' }),
    to: Type.String({ description: 'Last month, YYYY-MM' }),
  }),
  communities: Type.Integer({ description: 'Connected communities in the scope' }),
  users: Type.Integer({ description: 'Accounts on the platform' }),
  tools: Type.Array(
    Type.Object({
      tool: Type.String(),
      name: LocalizedText,
      connectedCommunities: Type.Integer(),
      stats: Type.Object({
        figures: Type.Array(Type.Object({ key: Type.String(), label: LocalizedText, value: Type.Number() })),
        monthly: Type.Array(
          Type.Object({
            key: Type.String(),
            label: LocalizedText,
            points: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), value: Type.Number() })),
          }),
        ),
        perCommunity: Type.Array(Type.Object({ communityId: Type.Integer(), value: Type.Number() })),
        participants: Type.Integer({ description: 'Distinct people who took part' }),
      }),
      top: Type.Array(Type.Object({ slug: Type.String(), name: LocalizedText, value: Type.Number() })),
    }),
  ),
});

const StatsQuery = Type.Object({
  oblast: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM' })),
});

export function registerStatsApiRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const apiStats = async (req: FastifyRequest, c: Community | null) => {
    const r = await reportFor(ctx, c, filterQuery(req), req.lang);
    if (!r.report) throw new HttpError(400, 'bad_filter', Object.values(r.messages).join('; '));
    return r.report;
  };

  app.get(
    '/api/v1/stats',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Platform statistics by tool (filters: oblast, period)',
        operationId: 'getPlatformStats',
        querystring: StatsQuery,
        response: { 200: StatsBody, 304: NotModified, 400: ErrorBody },
      },
    },
    async (req, reply) => sendCacheable(req, reply, JSON.stringify(await apiStats(req, null)), 'application/json; charset=utf-8', 60),
  );

  app.get(
    '/api/v1/communities/:slug/stats',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Statistics of one community by tool (filter: period)',
        operationId: 'getCommunityStats',
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        querystring: StatsQuery,
        response: { 200: StatsBody, 304: NotModified, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const c = await findCommunityBySlug(ctx.db, (req.params as { slug: string }).slug);
      if (!c) throw notFound('Такої громади немає.');
      return sendCacheable(req, reply, JSON.stringify(await apiStats(req, c)), 'application/json; charset=utf-8', 60);
    },
  );
}
