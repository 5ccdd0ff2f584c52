/** Statistics pages, their JSON twins, and the open data catalogue. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { CoreContext } from '../../core/context.js';
import { communityOr404, queryString } from '../../core/communities/routes.js';
import { findCommunityBySlug, listOblasts } from '../../core/communities/communities-repository.js';
import { pageCtx, sendHtml } from '../../core/http/request-context.js';
import { HttpError, notFound } from '../../core/http/errors.js';
import { sendCacheable } from '../../core/http/cache.js';
import { toCsv } from '../../core/http/csv.js';
import { ErrorBody } from '../../core/api/routes.js';
import type { Community } from '../../core/communities/community.js';
import type { OpenDataset } from '../../core/modules/manifest.js';
import { parseFilters } from './scope.js';
import { communityIdsOf, statsReport } from './service.js';
import { DatasetPage, OpenDataPage, StatsPage } from './views.js';
import { communitiesDataset } from './datasets.js';

function datasets(ctx: CoreContext): OpenDataset[] {
  return [communitiesDataset, ...ctx.modules.flatMap((m) => m.openData ?? [])];
}

const StatsQuery = Type.Object({
  oblast: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM' })),
});

export function registerStatsRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const build = async (req: FastifyRequest, c: Community | null) => {
    // Read one by one: a repeated parameter arrives as an array, which the filters cannot use.
    const q = { oblast: queryString(req, 'oblast'), from: queryString(req, 'from'), to: queryString(req, 'to') };
    const oblasts = await listOblasts(ctx.db);
    const { filters, errors, period } = parseFilters(c ? { from: q.from, to: q.to } : q, oblasts.map((o) => o.uk), ctx.clock.now());
    const messages = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v[req.lang]]));
    if (Object.keys(messages).length) return { filters, oblasts, messages, report: null };
    const communityIds = c ? [c.id] : await communityIdsOf(ctx, filters.oblast || null);
    const report = await statsReport(ctx, {
      communityIds, oblast: filters.oblast || null, community: c ? { id: c.id, slug: c.slug } : null, from: period.from, to: period.to, fromMonth: filters.fromMonth, toMonth: filters.toMonth,
    });
    return { filters, oblasts, messages, report };
  };

  app.get('/stats', async (req, reply) => {
    const r = await build(req, null);
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await StatsPage({ p, c: null, report: r.report, filters: r.filters, oblasts: r.oblasts, errors: r.messages }), r.report ? 200 : 400);
  });

  app.get<{ Params: { slug: string } }>('/:slug/stats', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const r = await build(req, c);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await StatsPage({ p, c, report: r.report, filters: r.filters, oblasts: r.oblasts, errors: r.messages }), r.report ? 200 : 400);
  });

  const apiStats = async (req: FastifyRequest, c: Community | null) => {
    const r = await build(req, c);
    if (!r.report) throw new HttpError(400, 'bad_filter', Object.values(r.messages).join('; '));
    return r.report;
  };

  app.get('/api/v1/stats', { schema: { tags: ['statistics'], summary: 'Platform statistics by tool (filters: oblast, period)', querystring: StatsQuery, response: { 400: ErrorBody } } }, async (req, reply) =>
    sendCacheable(req, reply, JSON.stringify(await apiStats(req, null)), 'application/json; charset=utf-8', 60),
  );

  app.get(
    '/api/v1/communities/:slug/stats',
    { schema: { tags: ['statistics'], summary: 'Statistics of one community by tool (filter: period)', params: Type.Object({ slug: Type.String({ maxLength: 64 }) }), querystring: StatsQuery, response: { 400: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      const c = await findCommunityBySlug(ctx.db, (req.params as { slug: string }).slug);
      if (!c) throw notFound('Такої громади немає.');
      return sendCacheable(req, reply, JSON.stringify(await apiStats(req, c)), 'application/json; charset=utf-8', 60);
    },
  );

  const switcherList = async () =>
    (await ctx.db.selectFrom('communities').select(['slug', 'name_uk', 'name_en']).where('status', '=', 'connected').orderBy('name_uk').execute()).map((c) => ({
      slug: c.slug,
      name: { uk: c.name_uk, en: c.name_en },
    }));

  app.get('/open-data', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await OpenDataPage({ p, datasets: datasets(ctx), communities: await switcherList() }));
  });

  app.get<{ Params: { file: string } }>('/open-data/:file', async (req, reply) => {
    const m = /^([a-z0-9-]+?)(?:\.(csv|json))?$/.exec(req.params.file);
    const d = m ? datasets(ctx).find((x) => x.id === m[1]) : undefined;
    if (!m || !d) throw notFound(req.lang === 'uk' ? 'Такого набору даних немає.' : 'There is no such dataset.');
    const format = m[2];
    if (!format) {
      const p = await pageCtx(ctx, req);
      return sendHtml(reply, await DatasetPage({ p, d, communities: await switcherList() }));
    }
    const slug = queryString(req, 'community');
    const c = slug ? await findCommunityBySlug(ctx.db, slug) : null;
    if (slug && !c) throw notFound(req.lang === 'uk' ? 'Такої громади немає.' : 'No such community.');
    const rows = await d.rows(ctx, c?.id ?? null);
    const name = `${d.id}${c ? `-${c.slug}` : ''}`;
    reply.header('content-disposition', `inline; filename="${name}.${format}"`);
    if (format === 'json') return sendCacheable(req, reply, JSON.stringify({ dataset: d.id, community: c?.slug ?? null, licence: 'CC-BY-4.0', fields: d.fields.map((f) => ({ name: f.name, type: f.type })), rows }), 'application/json; charset=utf-8', 60);
    return sendCacheable(req, reply, toCsv(d.fields.map((f) => f.name), rows.map((r) => d.fields.map((f) => { const v = r[f.name]; return typeof v === 'boolean' ? String(v) : (v ?? null); }))), 'text/csv; charset=utf-8', 60);
  });
}
