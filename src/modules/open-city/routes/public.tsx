/** Open City's pages for residents: the list, the map, reporting, a report, the reporter's answers, statistics, subscriptions. */
import { followState } from '../../../core/follows/state.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { queryString, requireViewer, queryPage } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { uploadRoute } from '../../../core/http/uploads.js';
import type { FormState } from '../../../core/views/forms.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { isToolModerator } from '../../../core/permissions/policy.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { publicName, shownName } from '../../../core/users/public-name.js';
import { DUPLICATE_RADIUS_M, median, OPEN_STATUSES } from '../rules.js';
import {
  findReport,
  findSubscriptionByToken,
  listCategories,
  listDepartments,
  nearbyOpenReports,
  openCityStats,
  subscriptionsOfUser,
  territoryOf,
} from '../repository.js';
import { getPhoto } from '../repository/photos.js';
import { canSee, isStaff, openCityOr404, refusalFor, reportOr404, reporterOnly, requireParticipation, TOOL } from '../access.js';
import { parseAreaForm, parseDetails, parseFilters, parseId, readLocation, validateLocation } from '../forms.js';
import { PHOTO_UPLOADS, readPhotos } from '../photos.js';
import { createReport, OpenCityError, support } from '../service/reports.js';
import { reporterAnswersQuestion, reporterRespond } from '../service/reporter.js';
import { subscribeToArea, subscribeToReport, unsubscribe } from '../service/subscriptions.js';
import { base } from '../views/parts.js';
import { DetailsPage, DuplicatesPage, NewReportPage } from '../views/new-report.js';
import { ListPage } from '../views/list.js';
import { MapPage } from '../views/map.js';
import { StatsPage } from '../views/stats.js';
import { SubscriptionsPage, UnsubscribePage } from '../views/subscriptions.js';
import { limit, PER_PAGE, publicReportsOf, renderReport } from './shared.js';
import { limitPerPerson } from '../../../core/security/person-limit.js';

export function registerPublicRoutes(app: FastifyInstance, ctx: CoreContext): void {
  /* ----- public list ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city', { config: { pageCache: true } }, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const page = queryPage(req);
    const { categories, pf, rows, total } = await publicReportsOf(ctx, req, c, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    const p = await pageCtx(ctx, req, c);
    const part = req.viewer ? await refusalFor(ctx, req.viewer, c) : null;
    reply.header('cache-control', 'no-cache');
    return sendHtml(
      reply,
      await ListPage({
        p,
        c,
        categories,
        f: pf.f,
        rows,
        total,
        page,
        perPage: PER_PAGE,
        now: ctx.clock.now(),
        staff: isStaff(req.viewer, c),
        moderator: isToolModerator(req.viewer, c.id, TOOL),
        query: pf.query,
        errors: pf.errors,
        refusal: part?.refusal ? { refusal: part.refusal, blockReason: part.blockReason } : null,
        follow: await followState(ctx, req, c, 'open-city'),
      }),
      Object.keys(pf.errors).length ? 400 : 200,
    );
  });

  /* ----- map ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city/map', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const categories = await listCategories(ctx.db, c.id);
    const pf = parseFilters(req, categories);
    const territory = await territoryOf(ctx.db, c.id);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await MapPage({
        p,
        c,
        categories,
        f: pf.f,
        query: pf.query,
        center: territory.center,
        tileUrl: ctx.config.tileUrl,
        attribution: ctx.config.tileAttribution,
        staff: isStaff(req.viewer, c),
        moderator: isToolModerator(req.viewer, c.id, TOOL),
      }),
    );
  });

  /* ----- reporting, step 1: what and where ----- */
  const renderNew = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const [categories, territory, r] = await Promise.all([listCategories(ctx.db, c.id), territoryOf(ctx.db, c.id), refusalFor(ctx, req.viewer, c)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await NewReportPage({
        p,
        c,
        categories,
        form,
        refusal: r.refusal,
        blockReason: r.blockReason,
        center: territory.center,
        tileUrl: ctx.config.tileUrl,
        attribution: ctx.config.tileAttribution,
      }),
      status,
    );
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/new', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const values = { category: queryString(req, 'category'), address: queryString(req, 'address'), lat: queryString(req, 'lat'), lng: queryString(req, 'lng') };
    return renderNew(req, reply, c, { values, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/new', { config: { permission: 'open-city.report' } }, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const part = await refusalFor(ctx, req.viewer, c);
    requireParticipation(req, part);
    const loc = readLocation(req.body);
    const { errors, category, point } = await validateLocation(ctx, req, c, loc);
    if (Object.keys(errors).length || !category) return renderNew(req, reply, c, { values: { ...loc }, errors }, 400);
    const p = await pageCtx(ctx, req, c);
    if (point && field(req.body, 'confirm_new') !== '1') {
      const nearby = await nearbyOpenReports(ctx.db, c.id, category.id, point, DUPLICATE_RADIUS_M);
      if (nearby.length) return sendHtml(reply, await DuplicatesPage({ p, c, loc, category, nearby }));
    }
    return sendHtml(
      reply,
      await DetailsPage({ p, c, loc, category, form: { values: {}, errors: {} }, signedInName: shownName(publicName(req.viewer!), req.lang) }),
    );
  });

  /* ----- reporting, step 2: details and photos ----- */
  const reportUploads = uploadRoute<{ Params: { slug: string } }>({
    ctx,
    permission: 'open-city.report',
    limits: PHOTO_UPLOADS,
    authorize: async (req) => requireParticipation(req, await refusalFor(ctx, req.viewer, await openCityOr404(ctx, req.params.slug))),
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/reports', reportUploads, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const part = await refusalFor(ctx, req.viewer, c);
    requireParticipation(req, part);
    const v = req.viewer!;
    const uk = req.lang === 'uk';
    const loc = readLocation(req.body);
    const checked = await validateLocation(ctx, req, c, loc);
    if (Object.keys(checked.errors).length || !checked.category) return renderNew(req, reply, c, { values: { ...loc }, errors: checked.errors }, 400);
    const { title, description, showName, errors } = parseDetails(req);
    const { photos, error } = await readPhotos(ctx, req);
    if (error) errors.photos = `${error}. ${uk ? 'Додайте фото ще раз.' : 'Add the photos again.'}`;
    const p = await pageCtx(ctx, req, c);
    if (Object.keys(errors).length) {
      return sendHtml(
        reply,
        await DetailsPage({
          p,
          c,
          loc,
          category: checked.category,
          form: { values: { title, description, show_name: showName ? 'on' : '' }, errors },
          signedInName: shownName(publicName(v), req.lang),
        }),
        400,
      );
    }
    await limitPerPerson(ctx, req, v, 'open-city:report', 10);
    const created = await createReport(ctx, {
      community: c,
      category: checked.category,
      title,
      description,
      address: loc.address,
      point: checked.point,
      attributes: {},
      mediaUrl: null,
      reporter: { userId: v.id, name: publicName(v), showName },
      contact: { email: null, phone: null, name: '' },
      partner: null,
      photos,
      source: 'web',
    });
    return reply.redirect(`${base(c)}/reports/${created.id}?created=1`, 303);
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id', async (req, reply) => {
    const { c, r } = await reportOr404(ctx, req);
    const flash =
      queryString(req, 'created') === '1'
        ? req.lang === 'uk'
          ? 'Звернення надіслано. Ми повідомлятимемо вас про кожну зміну.'
          : 'Report sent. We will tell you about every change.'
        : '';
    return renderReport(ctx, req, reply, c, r, { values: {}, errors: {} }, flash);
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/open-city/photos/:id', async (req, reply) => servePhoto(req, reply, false));
  app.get<{ Params: { slug: string; id: string } }>('/:slug/open-city/photos/:id/thumb', async (req, reply) => servePhoto(req, reply, true));

  async function servePhoto(req: FastifyRequest<{ Params: { slug: string; id: string } }>, reply: FastifyReply, thumb: boolean) {
    const c = await openCityOr404(ctx, req.params.slug);
    const photo = await getPhoto(ctx.db, parseId(req.params.id));
    const r = photo ? await findReport(ctx.db, photo.reportId) : null;
    if (!photo || !r || !canSee(req.viewer, c, r)) throw notFound();
    const hidden = (await hiddenIds(ctx.db, 'open_city_report', [String(r.id)])).has(String(r.id));
    if (hidden && !isStaff(req.viewer, c)) throw notFound();
    reply.header('cache-control', r.status === 'new' ? 'private, no-store' : 'public, max-age=86400');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type(photo.mime).send(thumb ? photo.thumb : photo.data);
  }

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/support',
    { config: { permission: 'open-city.report' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      const part = await refusalFor(ctx, req.viewer, c);
      requireParticipation(req, part);
      if (r.status === 'new' || !OPEN_STATUSES.includes(r.status))
        throw new HttpError(409, 'closed', req.lang === 'uk' ? 'Підтримати можна лише відкрите звернення.' : 'Only an open report can be supported.');
      await limitPerPerson(ctx, req, req.viewer!, 'open-city:support', 60);
      const added = await support(ctx, { community: c, report: r, userId: req.viewer!.id });
      const fresh = (await findReport(ctx.db, r.id))!;
      const msg = added
        ? req.lang === 'uk'
          ? 'Дякуємо: ваш голос додано до цього звернення замість нового.'
          : 'Thank you: your voice is added to this report instead of a new one.'
        : req.lang === 'uk'
          ? 'Ви вже підтримали це звернення.'
          : 'You have already supported this report.';
      return renderReport(ctx, req, reply, c, fresh, { values: {}, errors: {} }, msg);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/subscribe',
    { config: { permission: 'open-city.subscribe' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      const v = requireViewer(req, refusalText('signed-out', req.lang, null));
      if (!v.email) throw new HttpError(400, 'no_email', req.lang === 'uk' ? 'У вашому обліковому записі немає e-mail.' : 'Your account has no e-mail.');
      await limit(ctx, req, `open-city:subscribe:user:${v.id}`, 30);
      const added = await subscribeToReport(ctx, { community: c, report: r, userId: v.id, email: v.email });
      const msg = added
        ? req.lang === 'uk'
          ? `Готово: листи про зміни надходитимуть на ${v.email}.`
          : `Done: updates will go to ${v.email}.`
        : req.lang === 'uk'
          ? 'Ви вже стежите за цим зверненням.'
          : 'You already follow this report.';
      return renderReport(ctx, req, reply, c, r, { values: {}, errors: {} }, msg);
    },
  );

  const windowClosed = (req: FastifyRequest) =>
    new HttpError(
      409,
      'window_closed',
      req.lang === 'uk' ? 'Підтвердити чи відкрити знову можна протягом 14 днів після «Вирішено».' : 'You can confirm or reopen within 14 days of «Resolved».',
    );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/confirm',
    { config: { permission: 'open-city.confirm' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      reporterOnly(req, r);
      try {
        await reporterRespond(ctx, { community: c, report: r, userId: req.viewer!.id, fixed: true, comment: '' });
      } catch (e) {
        if (e instanceof OpenCityError) throw windowClosed(req);
        throw e;
      }
      return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/reopen',
    { config: { permission: 'open-city.confirm' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      reporterOnly(req, r);
      const comment = field(req.body, 'comment');
      const uk = req.lang === 'uk';
      if (!comment || [...comment].length > 1000) {
        const msg = !comment
          ? uk
            ? 'Напишіть, що не так, щоб підрозділ знав, що робити'
            : 'Say what is wrong, so the department knows what to do'
          : uk
            ? 'Не більше 1000 символів'
            : 'At most 1000 characters';
        return renderReport(ctx, req, reply, c, r, { values: { comment }, errors: { comment: msg } }, '', 400);
      }
      try {
        await reporterRespond(ctx, { community: c, report: r, userId: req.viewer!.id, fixed: false, comment });
      } catch (e) {
        if (e instanceof OpenCityError) throw windowClosed(req);
        throw e;
      }
      return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/question',
    { config: { permission: 'open-city.confirm' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      reporterOnly(req, r);
      const fixed = field(req.body, 'fixed');
      if (fixed !== 'yes' && fixed !== 'no') throw new HttpError(400, 'bad_request', req.lang === 'uk' ? 'Оберіть «так» або «ні».' : 'Choose «yes» or «no».');
      try {
        await reporterAnswersQuestion(ctx, { community: c, report: r, userId: req.viewer!.id, fixed: fixed === 'yes' });
      } catch (e) {
        if (e instanceof OpenCityError) throw new HttpError(409, 'closed', req.lang === 'uk' ? 'Звернення вже не відкрите.' : 'The report is no longer open.');
        throw e;
      }
      return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
    },
  );

  /* ----- statistics ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city/stats', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const [s, categories, departments] = await Promise.all([
      openCityStats(ctx.db, c.id, ctx.clock.now()),
      listCategories(ctx.db, c.id),
      listDepartments(ctx.db, c.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await StatsPage({
        p,
        c,
        total: s.reports,
        resolvedShare: s.reports ? s.resolved / s.reports : null,
        medianDays: median(s.resolveDays.map((x) => x.days)),
        overdue: s.overdue,
        byCategory: s.byCategory
          .map((x) => ({
            name: categories.find((k) => k.id === x.categoryId)?.name[req.lang] ?? '—',
            total: x.total,
            resolved: x.resolved,
            median: median(s.resolveDays.filter((d) => d.categoryId === x.categoryId).map((d) => d.days)),
          }))
          .sort((a, b) => b.total - a.total),
        byDepartment: s.byDepartment
          .map((x) => ({
            name: departments.find((k) => k.id === x.departmentId)?.name[req.lang] ?? '—',
            total: x.total,
            resolved: x.resolved,
            overdue: x.overdue,
            median: median(s.resolveDays.filter((d) => d.departmentId === x.departmentId).map((d) => d.days)),
          }))
          .sort((a, b) => b.total - a.total),
        staff: isStaff(req.viewer, c),
        moderator: isToolModerator(req.viewer, c.id, TOOL),
      }),
    );
  });

  /* ----- subscriptions ----- */
  const renderSubs = async (req: FastifyRequest, reply: FastifyReply, c: Community, flash: string, status = 200) => {
    const subs = req.viewer ? await subscriptionsOfUser(ctx.db, c.id, req.viewer.id) : [];
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await SubscriptionsPage({ p, c, subs, flash, staff: isStaff(req.viewer, c), moderator: isToolModerator(req.viewer, c.id, TOOL) }),
      status,
    );
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/subscriptions', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireViewer(req, refusalText('signed-out', req.lang, null));
    return renderSubs(req, reply, c, '');
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/subscriptions/area', { config: { permission: 'open-city.subscribe' } }, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const v = requireViewer(req, refusalText('signed-out', req.lang, null));
    const uk = req.lang === 'uk';
    if (!v.email) throw new HttpError(400, 'no_email', uk ? 'У вашому обліковому записі немає e-mail.' : 'Your account has no e-mail.');
    const area = parseAreaForm(req.body);
    if (!area) {
      return renderSubs(
        req,
        reply,
        c,
        uk
          ? 'Помилка: вкажіть широту й довготу центру (наприклад 49.84190 і 24.03150) та радіус зі списку.'
          : 'Error: give the latitude and longitude of the centre (e.g. 49.84190 and 24.03150) and a radius from the list.',
        400,
      );
    }
    await limit(ctx, req, `open-city:subscribe:user:${v.id}`, 30);
    const added = await subscribeToArea(ctx, { community: c, userId: v.id, email: v.email, center: area.center, radiusM: area.radiusM });
    return renderSubs(
      req,
      reply,
      c,
      added
        ? uk
          ? `Готово: листи про нові звернення в районі надходитимуть на ${v.email}.`
          : `Done: new reports in the area will be e-mailed to ${v.email}.`
        : uk
          ? 'Ви вже стежите за цим районом.'
          : 'You already follow this area.',
    );
  });

  app.get<{ Params: { slug: string; token: string } }>('/:slug/open-city/unsubscribe/:token', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const sub = await findSubscriptionByToken(ctx.db, req.params.token.slice(0, 64));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await UnsubscribePage({ p, c, sub: sub && sub.communityId === c.id ? sub : null, done: false }));
  });

  app.post<{ Params: { slug: string; token: string } }>(
    '/:slug/open-city/unsubscribe/:token',
    { config: { permission: 'open-city.subscribe' } },
    async (req, reply) => {
      const c = await openCityOr404(ctx, req.params.slug);
      const sub = await findSubscriptionByToken(ctx.db, req.params.token.slice(0, 64));
      if (sub && sub.communityId === c.id) {
        await unsubscribe(ctx, { community: c, subscription: sub, actorUserId: req.viewer?.id ?? null });
      }
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await UnsubscribePage({ p, c, sub: null, done: !!sub && sub.communityId === c.id }));
    },
  );
}
