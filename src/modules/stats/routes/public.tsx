/** Statistics pages and the open data catalogue with its files (CSV, JSON). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString } from '../../../core/http/route-helpers.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { notFound } from '../../../core/http/errors.js';
import { sendCacheable } from '../../../core/http/cache.js';
import { toCsv } from '../../../core/http/csv.js';
import type { Community } from '../../../core/communities/community.js';
import { datasets, reportFor } from '../service.js';
import { switcherList } from '../repository.js';
import { filterQuery } from '../forms.js';
import { StatsPage } from '../views/stats.js';
import { DatasetPage, OpenDataPage } from '../views/open-data.js';

export function registerStatsRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const build = (req: FastifyRequest, c: Community | null) => reportFor(ctx, c, filterQuery(req), req.lang);

  app.get('/stats', { config: { pageCache: true } }, async (req, reply) => {
    const r = await build(req, null);
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await StatsPage({ p, c: null, report: r.report, filters: r.filters, oblasts: r.oblasts, errors: r.messages }), r.report ? 200 : 400);
  });

  app.get<{ Params: { slug: string } }>('/:slug/stats', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const r = await build(req, c);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await StatsPage({ p, c, report: r.report, filters: r.filters, oblasts: r.oblasts, errors: r.messages }), r.report ? 200 : 400);
  });

  app.get('/open-data', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await OpenDataPage({ p, datasets: datasets(ctx), communities: await switcherList(ctx) }));
  });

  app.get<{ Params: { file: string } }>('/open-data/:file', async (req, reply) => {
    const m = /^([a-z0-9-]+?)(?:\.(csv|json))?$/.exec(req.params.file);
    const d = m ? datasets(ctx).find((x) => x.id === m[1]) : undefined;
    if (!m || !d) throw notFound(req.lang === 'uk' ? 'Такого набору даних немає.' : 'There is no such dataset.');
    const format = m[2];
    if (!format) {
      const p = await pageCtx(ctx, req);
      return sendHtml(reply, await DatasetPage({ p, d, communities: await switcherList(ctx) }));
    }
    const slug = queryString(req, 'community');
    const c = slug ? await findCommunityBySlug(ctx.db, slug) : null;
    if (slug && !c) throw notFound(req.lang === 'uk' ? 'Такої громади немає.' : 'No such community.');
    const rows = await d.rows(ctx, c?.id ?? null);
    const name = `${d.id}${c ? `-${c.slug}` : ''}`;
    reply.header('content-disposition', `inline; filename="${name}.${format}"`);
    if (format === 'json')
      return sendCacheable(
        req,
        reply,
        JSON.stringify({
          dataset: d.id,
          community: c?.slug ?? null,
          licence: 'CC-BY-4.0',
          fields: d.fields.map((f) => ({ name: f.name, type: f.type })),
          rows,
        }),
        'application/json; charset=utf-8',
        60,
      );
    return sendCacheable(
      req,
      reply,
      toCsv(
        d.fields.map((f) => f.name),
        rows.map((r) =>
          d.fields.map((f) => {
            const v = r[f.name];
            return typeof v === 'boolean' ? String(v) : (v ?? null);
          }),
        ),
      ),
      'text/csv; charset=utf-8',
      60,
    );
  });
}
