/** The ЦНАП site for residents: the catalogue with search, a service's card, an office's page, open data. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { notFound } from '../../../core/http/errors.js';
import { findOffice, findService, listOffices, listServices, listSituations } from '../repository.js';
import { officeStatus, searchQuery, shortDaysAhead } from '../rules.js';
import { mayManage } from '../access.js';
import { catalogueCsv, catalogueXlsx } from '../exchange.js';
import { CataloguePage } from '../views/catalogue.js';
import { OfficePage, ServicePage } from '../views/item.js';

export function registerCnapPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { slug: string } }>('/:slug/cnap', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const query = queryString(req, 'q');
    const tsquery = query ? searchQuery(query) : null;
    const [situations, services, offices, found] = await Promise.all([
      listSituations(ctx.db, c.id),
      listServices(ctx.db, c.id),
      listOffices(ctx.db, c.id),
      query ? (tsquery ? listServices(ctx.db, c.id, { tsquery }) : Promise.resolve([])) : Promise.resolve(null),
    ]);
    const now = ctx.clock.now();
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await CataloguePage({
        p,
        c,
        situations,
        services,
        offices: offices.map((office) => ({ office, status: officeStatus(office.hours, now, ctx.calendar) })),
        query,
        found,
        manager: mayManage(req.viewer, c),
      }),
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/cnap/services/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const service = await findService(ctx.db, c.id, idOr404(req.params.id, 'Такої послуги немає.'));
    if (!service || service.archived) throw notFound(req.lang === 'uk' ? 'Такої послуги немає.' : 'No such service.');
    const [situations, offices] = await Promise.all([listSituations(ctx.db, c.id, true), listOffices(ctx.db, c.id)]);
    const now = ctx.clock.now();
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ServicePage({
        p,
        c,
        service,
        booking: await bookingLinkOf(ctx, c, { serviceId: service.id }),
        situation: situations.find((s) => s.id === service.situationId),
        offices: offices.filter((o) => service.officeIds.includes(o.id)).map((office) => ({ office, status: officeStatus(office.hours, now, ctx.calendar) })),
      }),
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/cnap/offices/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const office = await findOffice(ctx.db, c.id, idOr404(req.params.id, 'Такого офісу немає.'));
    if (!office || office.archived) throw notFound(req.lang === 'uk' ? 'Такого офісу немає.' : 'No such office.');
    const services = await listServices(ctx.db, c.id, { officeId: office.id });
    const p = await pageCtx(ctx, req, c);
    const now = ctx.clock.now();
    return sendHtml(
      reply,
      await OfficePage({
        p,
        c,
        office,
        booking: await bookingLinkOf(ctx, c, { officeId: office.id }),
        status: officeStatus(office.hours, now, ctx.calendar),
        shortDays: shortDaysAhead(office.hours, now, ctx.calendar),
        services,
        tileUrl: ctx.config.tileUrl,
        attribution: ctx.config.tileAttribution,
      }),
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/cnap/catalogue.csv', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cnap-${c.slug}.csv"`)
      .send(await catalogueCsv(ctx.db, c.id));
  });

  app.get<{ Params: { slug: string } }>('/:slug/cnap/catalogue.xlsx', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="cnap-${c.slug}.xlsx"`)
      .send(await catalogueXlsx(ctx.db, c.id));
  });
}

/** The e-queue's link for a service or an office (the first module that has one), or null. */
async function bookingLinkOf(ctx: CoreContext, c: Community, at: { serviceId: number } | { officeId: number }): Promise<string | null> {
  for (const m of ctx.modules) {
    const link = m.bookingLink ? await m.bookingLink(ctx, c, at) : null;
    if (link) return link;
  }
  return null;
}
