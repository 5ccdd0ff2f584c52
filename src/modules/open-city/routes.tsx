/** Open City's pages and form handlers; Open311 lives in open311.ts. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { communityOr404, queryString } from '../../core/communities/routes.js';
import { pageCtx, sendHtml } from '../../core/http/request-context.js';
import { field } from '../../core/http/form-parser.js';
import { forbidden, HttpError, notFound } from '../../core/http/errors.js';
import type { FormState } from '../../core/views/forms.js';
import { pageNumber } from '../../core/views/pagination.js';
import { endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../core/calendar/index.js';
import { blockOf, hiddenIds } from '../../core/moderation/moderation-service.js';
import { isExecutor, isToolModerator, participationRefusal, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { hitRateLimit } from '../../core/security/rate-limit.js';
import { fullName, type Viewer } from '../../core/users/viewer.js';
import { publicName, shownName } from '../../core/users/public-name.js';
import { randomToken } from '../../core/sessions/sessions.js';
import {
  DUPLICATE_RADIUS_M,
  isStatus,
  isTerm,
  leafCategories,
  median,
  OPEN_STATUSES,
  parseCoordinates,
  pointInPolygon,
  PUBLIC_STATUSES,
  transitionRequirements,
  type Actor,
  type Status,
} from './rules.js';
import {
  addAreaSubscription,
  addReportSubscription,
  allTerritories,
  deleteSubscription,
  ensureCommunitySetup,
  findReport,
  findSubscriptionByToken,
  getPhoto,
  hasSupported,
  insertApiKey,
  listApiKeys,
  listCategories,
  listDepartments,
  listReports,
  listUpdates,
  nearbyOpenReports,
  openCityStats,
  reportPhotoIds,
  reportSubscribers,
  revokeApiKey,
  saveTerritory,
  subscriptionsOfUser,
  territoryOf,
  updateCategoryRouting,
  type Category,
  type ReportRow,
} from './repository.js';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, THUMB_SIDE, type ProcessedPhoto } from './photos.js';
import { registerMultipart, uploadRoute, uploadsOf, type UploadLimits } from '../../core/http/uploads.js';
import { readPhotos as readCorePhotos } from '../../core/media/photos.js';
import { addInternalNote, changeStatus, createReport, OpenCityError, reassign, reporterAnswersQuestion, reporterRespond, support } from './service.js';
import {
  base,
  DetailsPage,
  DuplicatesPage,
  ListPage,
  ManagePage,
  MapPage,
  NewReportPage,
  ReportPage,
  StatsPage,
  SubscriptionsPage,
  UnsubscribePage,
  WorkPage,
  type ListFilters,
  type LocationForm,
  type ReportView,
} from './views.js';
import { registerOpen311Routes } from './open311.js';

export const TOOL = 'open-city';
/** Reporting: any signed-in person (visitors see potholes too), e-mail sign-in where the community allows it. */
const RULES = { allowEmail: true, residentsOnly: false, minAge: null };
const PER_PAGE = 20;

/* ---------- uploads ---------- */

/** A report's photos: one more than allowed may arrive, so the form can say how many is too many. */
const PHOTO_UPLOADS: UploadLimits = { fileBytes: MAX_PHOTO_BYTES, files: MAX_PHOTOS + 1 };

/** Decodes, resizes and strips the uploaded photos (core pipeline); returns them or the message for the photos field. */
async function readPhotos(ctx: CoreContext, req: FastifyRequest): Promise<{ photos: ProcessedPhoto[]; error: string | null }> {
  const uk = req.lang === 'uk';
  return readCorePhotos(ctx, req, uploadsOf(req, 'photos'), {
    max: MAX_PHOTOS,
    thumbSide: THUMB_SIDE,
    tooMany: (n) => (uk ? `Не більше ${MAX_PHOTOS} фото (додано ${n})` : `At most ${MAX_PHOTOS} photos (${n} added)`),
  });
}

/* ---------- helpers ---------- */

async function openCityOr404(ctx: CoreContext, slug: string): Promise<Community> {
  const c = await communityOr404(ctx, slug);
  if (!c.enabledTools.includes('open-city')) throw notFound('У цій громаді Відкрите місто не ввімкнено.');
  await ensureCommunitySetup(ctx.db, c);
  return c;
}

function executorDepartments(v: Viewer | null, communityId: number): string[] {
  return (v?.roles ?? []).filter((r) => r.role === 'executor' && r.communityId === communityId && r.scope).map((r) => r.scope!);
}

function staffRoleFor(v: Viewer | null, c: Community, r: ReportRow): Actor | null {
  if (isToolModerator(v, c.id, TOOL)) return 'moderator';
  if (r.status !== 'new' && isExecutor(v, c.id, r.departmentKey)) return 'executor';
  return null;
}

function isStaff(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL) || executorDepartments(v, c.id).length > 0;
}

function canSee(v: Viewer | null, c: Community, r: ReportRow): boolean {
  if (r.communityId !== c.id) return false;
  if (r.status !== 'new') return true;
  return isToolModerator(v, c.id, TOOL) || (v !== null && v.id === r.reporterUserId);
}

function parseId(raw: string): number {
  const n = Number(raw);
  return /^\d{1,9}$/.test(raw) && Number.isSafeInteger(n) && n > 0 ? n : -1;
}

async function refusalFor(ctx: CoreContext, v: Viewer | null, c: Community): Promise<{ refusal: ParticipationRefusal | null; blockReason: string | null }> {
  const block = v ? await blockOf(ctx.db, c.id, v.id) : null;
  return { refusal: participationRefusal(v, c, RULES, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) }), blockReason: block?.reason ?? null };
}

function requireParticipation(req: FastifyRequest, r: { refusal: ParticipationRefusal | null; blockReason: string | null }): void {
  if (r.refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(r.refusal, req.lang, null));
  if (r.refusal) throw new HttpError(403, r.refusal, refusalText(r.refusal, req.lang, r.blockReason));
}

async function limit(ctx: CoreContext, req: FastifyRequest, key: string, max: number, windowSeconds = 3600): Promise<void> {
  const res = await hitRateLimit(ctx.db, { key, max, windowSeconds }, ctx.clock.now());
  if (!res.allowed) throw new HttpError(429, 'rate_limited', req.lang === 'uk' ? 'Забагато дій за короткий час. Зачекайте трохи.' : 'Too many actions in a short time. Wait a little.');
}

function categoryIdsFor(all: Category[], code: string): number[] | undefined {
  if (!code) return undefined;
  const cat = all.find((c) => c.code === code);
  if (!cat) return [];
  return [cat.id, ...all.filter((c) => c.parentId === cat.id).map((c) => c.id)];
}

function parseFilters(req: FastifyRequest, categories: Category[]): { f: ListFilters; errors: Record<string, string>; statuses: readonly Status[]; categoryIds?: number[]; from?: Date; to?: Date; query: string } {
  const f: ListFilters = { category: queryString(req, 'category'), status: queryString(req, 'status'), from: queryString(req, 'from'), to: queryString(req, 'to') };
  const uk = req.lang === 'uk';
  const errors: Record<string, string> = {};
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const valid = (s: string) => date.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
  let from: Date | undefined;
  let to: Date | undefined;
  if (f.from && !valid(f.from)) errors['f-from'] = uk ? 'Дата «з» має бути у форматі РРРР-ММ-ДД' : 'The «from» date must be YYYY-MM-DD';
  else if (f.from) from = startOfKyivDay(f.from);
  if (f.to && !valid(f.to)) errors['f-to'] = uk ? 'Дата «по» має бути у форматі РРРР-ММ-ДД' : 'The «to» date must be YYYY-MM-DD';
  else if (f.to) to = endOfKyivDay(f.to);
  if (from && to && from > to) errors['f-to'] = uk ? 'Дата «по» раніша за дату «з»' : 'The «to» date is before the «from» date';
  let statuses: readonly Status[] = PUBLIC_STATUSES;
  if (f.status === 'open') statuses = OPEN_STATUSES.filter((s) => s !== 'new');
  else if (f.status && isStatus(f.status) && f.status !== 'new') statuses = [f.status];
  else if (f.status) f.status = '';
  if (f.category && !categories.some((c) => c.code === f.category)) f.category = '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) qs.set(k, v);
  return { f, errors, statuses, categoryIds: categoryIdsFor(categories, f.category), from: errors['f-from'] ? undefined : from, to: errors['f-to'] ? undefined : to, query: qs.toString() };
}

export function registerOpenCityRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  return registerAll(app, ctx);
}

async function registerAll(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  await registerMultipart(app);
  await app.register(async (scope) => registerOpen311Routes(scope, ctx), { prefix: '/open311/v2' });


  /* ----- public list ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const categories = await listCategories(ctx.db, c.id);
    const pf = parseFilters(req, categories);
    const page = pageNumber(queryString(req, 'page'));
    const { rows, total } = await listReports(ctx.db, {
      communityId: c.id,
      statuses: pf.statuses,
      categoryIds: pf.categoryIds,
      from: pf.from,
      to: pf.to,
      notHidden: true,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    });
    const p = await pageCtx(ctx, req, c);
    reply.header('cache-control', 'no-cache');
    return sendHtml(
      reply,
      await ListPage({
        p, c, categories, f: pf.f, rows, total, page, perPage: PER_PAGE, now: ctx.clock.now(),
        staff: isStaff(req.viewer, c), moderator: isToolModerator(req.viewer, c.id, TOOL), query: pf.query, errors: pf.errors,
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
        p, c, categories, f: pf.f, query: pf.query, center: territory.center, tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution,
        staff: isStaff(req.viewer, c), moderator: isToolModerator(req.viewer, c.id, TOOL),
      }),
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/open-city/map.json', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const categories = await listCategories(ctx.db, c.id);
    const pf = parseFilters(req, categories);
    const { rows } = await listReports(ctx.db, { communityId: c.id, statuses: pf.statuses, categoryIds: pf.categoryIds, from: pf.from, to: pf.to, withPoint: true, notHidden: true, limit: 2000 });
    const hidden = await hiddenIds(ctx.db, 'open_city_report', rows.map((r) => String(r.id)));
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

  /* ----- reporting, step 1: what and where ----- */
  const renderNew = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const [categories, territory, r] = await Promise.all([listCategories(ctx.db, c.id), territoryOf(ctx.db, c.id), refusalFor(ctx, req.viewer, c)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await NewReportPage({ p, c, categories, form, refusal: r.refusal, blockReason: r.blockReason, center: territory.center, tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution }),
      status,
    );
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/new', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const values = { category: queryString(req, 'category'), address: queryString(req, 'address'), lat: queryString(req, 'lat'), lng: queryString(req, 'lng') };
    return renderNew(req, reply, c, { values, errors: {} });
  });

  /** Checks category and place; returns the category and point, or field errors. */
  async function validateLocation(req: FastifyRequest, c: Community, loc: LocationForm): Promise<{ errors: Record<string, string>; category: Category | null; point: { lat: number; lng: number } | null }> {
    const uk = req.lang === 'uk';
    const errors: Record<string, string> = {};
    const categories = await listCategories(ctx.db, c.id);
    const category = leafCategories(categories).find((x) => x.code === loc.category) ?? null;
    if (!loc.category) errors.category = uk ? 'Оберіть категорію проблеми' : 'Choose the kind of problem';
    else if (!category) errors.category = uk ? 'Такої категорії в цій громаді немає: оберіть зі списку' : 'This community has no such category: choose one from the list';
    if ([...loc.address].length > 300) errors.address = uk ? 'Адреса — не більше 300 символів' : 'The address is at most 300 characters';
    const coords = parseCoordinates(loc.lat, loc.lng);
    let point: { lat: number; lng: number } | null = null;
    if (!coords.ok) {
      errors[coords.field] =
        coords.field === 'lat'
          ? uk ? 'Широта — число від -90 до 90, наприклад 49.84190 (або залиште обидва поля порожніми)' : 'Latitude is a number from -90 to 90, e.g. 49.84190 (or leave both fields empty)'
          : uk ? 'Довгота — число від -180 до 180, наприклад 24.03150 (або залиште обидва поля порожніми)' : 'Longitude is a number from -180 to 180, e.g. 24.03150 (or leave both fields empty)';
    } else {
      point = coords.point;
    }
    if (!errors.lat && !errors.lng && !point && !loc.address) {
      errors.address = uk ? 'Вкажіть адресу або орієнтир, поставте мітку на мапі чи введіть координати' : 'Give an address or landmark, drop a pin on the map or enter coordinates';
    }
    if (point) {
      const territory = await territoryOf(ctx.db, c.id);
      if (territory.polygon.length >= 3 && !pointInPolygon(point, territory.polygon)) {
        const other = (await allTerritories(ctx.db)).find((x) => x.communityId !== c.id && pointInPolygon(point!, x.polygon));
        errors.lat = other
          ? uk
            ? `Ця точка поза межами громади «${c.name.uk}». Вона в громаді «${other.nameUk}» — повідомте там: /${other.slug}/open-city/new`
            : `This point is outside ${c.name.en}. It is in ${other.nameEn}: report it there at /${other.slug}/open-city/new`
          : uk
            ? `Ця точка поза межами громади «${c.name.uk}» і не належить жодній громаді на платформі. Перевірте координати.`
            : `This point is outside ${c.name.en} and belongs to no community on the platform. Check the coordinates.`;
      }
    }
    return { errors, category, point };
  }

  const readLocation = (body: unknown): LocationForm => ({ category: field(body, 'category'), address: field(body, 'address'), lat: field(body, 'lat'), lng: field(body, 'lng') });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/new', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const part = await refusalFor(ctx, req.viewer, c);
    requireParticipation(req, part);
    const loc = readLocation(req.body);
    const { errors, category, point } = await validateLocation(req, c, loc);
    if (Object.keys(errors).length || !category) return renderNew(req, reply, c, { values: { ...loc }, errors }, 400);
    const p = await pageCtx(ctx, req, c);
    if (point && field(req.body, 'confirm_new') !== '1') {
      const nearby = await nearbyOpenReports(ctx.db, c.id, category.id, point, DUPLICATE_RADIUS_M);
      if (nearby.length) return sendHtml(reply, await DuplicatesPage({ p, c, loc, category, nearby }));
    }
    return sendHtml(reply, await DetailsPage({ p, c, loc, category, form: { values: {}, errors: {} }, signedInName: shownName(publicName(req.viewer!), req.lang) }));
  });

  /* ----- reporting, step 2: details and photos ----- */
  const reportUploads = uploadRoute<{ Params: { slug: string } }>({
    ctx,
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
    const checked = await validateLocation(req, c, loc);
    if (Object.keys(checked.errors).length || !checked.category) return renderNew(req, reply, c, { values: { ...loc }, errors: checked.errors }, 400);
    const title = field(req.body, 'title');
    const description = field(req.body, 'description');
    const showName = field(req.body, 'show_name') === 'on';
    const errors: Record<string, string> = {};
    if (!title) errors.title = uk ? 'Напишіть коротко, що сталося' : 'Say in short what is wrong';
    else if ([...title].length > 150) errors.title = uk ? `Не більше 150 символів (зараз ${[...title].length})` : `At most 150 characters (now ${[...title].length})`;
    if ([...description].length > 3000) errors.description = uk ? `Не більше 3000 символів (зараз ${[...description].length})` : `At most 3000 characters (now ${[...description].length})`;
    const { photos, error } = await readPhotos(ctx, req);
    if (error) errors.photos = `${error}. ${uk ? 'Додайте фото ще раз.' : 'Add the photos again.'}`;
    const p = await pageCtx(ctx, req, c);
    if (Object.keys(errors).length) {
      return sendHtml(reply, await DetailsPage({ p, c, loc, category: checked.category, form: { values: { title, description, show_name: showName ? 'on' : '' }, errors }, signedInName: shownName(publicName(v), req.lang) }), 400);
    }
    await limit(ctx, req, `open-city:report:user:${v.id}`, 10);
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

  /* ----- a report ----- */
  async function reportOr404(req: FastifyRequest<{ Params: { slug: string; id: string } }>): Promise<{ c: Community; r: ReportRow }> {
    const c = await openCityOr404(ctx, req.params.slug);
    const r = await findReport(ctx.db, parseId(req.params.id));
    if (!r || !canSee(req.viewer, c, r)) throw notFound(req.lang === 'uk' ? 'Такого звернення немає.' : 'No such report.');
    return { c, r };
  }

  const renderReport = async (req: FastifyRequest, reply: FastifyReply, c: Community, r: ReportRow, form: FormState, flash = '', status = 200) => {
    const v = req.viewer;
    const staffRole = staffRoleFor(v, c, r);
    const staffSees = staffRole !== null || isStaff(v, c);
    const [photoIds, updates, departments, categories, part] = await Promise.all([
      reportPhotoIds(ctx.db, r.id),
      listUpdates(ctx.db, r.id, staffSees),
      listDepartments(ctx.db, c.id),
      listCategories(ctx.db, c.id),
      refusalFor(ctx, v, c),
    ]);
    let contact: ReportView['reporterContact'] = null;
    if (staffSees) {
      if (r.reporterUserId !== null) {
        const u = await ctx.db.selectFrom('users').select(['last_name', 'first_name', 'patronymic', 'email', 'phone']).where('id', '=', r.reporterUserId).executeTakeFirst();
        if (u) contact = { name: fullName({ lastName: u.last_name, firstName: u.first_name, patronymic: u.patronymic }), email: u.email, phone: u.phone };
      } else if (r.contactEmail || r.reporterName) {
        contact = { name: r.reporterName, email: r.contactEmail, phone: null };
      }
    }
    const subscribed = v?.email ? (await reportSubscribers(ctx.db, r.id)).some((s) => s.email.toLowerCase() === v.email!.toLowerCase()) : false;
    const hidden = (await hiddenIds(ctx.db, 'open_city_report', [String(r.id)])).has(String(r.id));
    const shown: ReportRow = hidden && !staffSees ? { ...r, title: req.lang === 'uk' ? 'Приховано модератором' : 'Hidden by a moderator', description: '' } : r;
    const p = await pageCtx(ctx, req, c);
    const view: ReportView = {
      report: shown,
      photoIds: hidden && !staffSees ? [] : photoIds,
      updates,
      departments,
      categories,
      staffRole,
      isReporter: v !== null && v.id === r.reporterUserId,
      reporterContact: contact,
      supported: v ? await hasSupported(ctx.db, r.id, v.id) : false,
      subscribed,
      now: ctx.clock.now(),
      flash,
      form,
      canSupport: part.refusal === null || part.refusal === 'signed-out',
    };
    return sendHtml(reply, await ReportPage({ p, c, v: view, tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution, moderator: isToolModerator(v, c.id, TOOL) }), status);
  };

  app.get<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const flash = queryString(req, 'created') === '1' ? (req.lang === 'uk' ? 'Звернення надіслано. Ми повідомлятимемо вас про кожну зміну.' : 'Report sent. We will tell you about every change.') : '';
    return renderReport(req, reply, c, r, { values: {}, errors: {} }, flash);
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

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/support', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const part = await refusalFor(ctx, req.viewer, c);
    requireParticipation(req, part);
    if (r.status === 'new' || !OPEN_STATUSES.includes(r.status)) throw new HttpError(409, 'closed', req.lang === 'uk' ? 'Підтримати можна лише відкрите звернення.' : 'Only an open report can be supported.');
    await limit(ctx, req, `open-city:support:user:${req.viewer!.id}`, 60);
    const added = await support(ctx, c, r, req.viewer!.id);
    const fresh = (await findReport(ctx.db, r.id))!;
    const msg = added
      ? req.lang === 'uk' ? 'Дякуємо: ваш голос додано до цього звернення замість нового.' : 'Thank you: your voice is added to this report instead of a new one.'
      : req.lang === 'uk' ? 'Ви вже підтримали це звернення.' : 'You have already supported this report.';
    return renderReport(req, reply, c, fresh, { values: {}, errors: {} }, msg);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/subscribe', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const v = req.viewer;
    if (!v) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    if (!v.email) throw new HttpError(400, 'no_email', req.lang === 'uk' ? 'У вашому обліковому записі немає e-mail.' : 'Your account has no e-mail.');
    await limit(ctx, req, `open-city:subscribe:user:${v.id}`, 30);
    const added = await ctx.db.transaction().execute(async (trx) => {
      const ok = await addReportSubscription(trx, { communityId: c.id, userId: v.id, email: v.email!, reportId: r.id, token: randomToken(18), now: ctx.clock.now() });
      if (ok) await recordAudit(trx, { communityId: c.id, actorUserId: v.id, action: 'open_city.subscribed', subjectType: 'open_city_report', subjectId: r.id });
      return ok;
    });
    const msg = added ? (req.lang === 'uk' ? `Готово: листи про зміни надходитимуть на ${v.email}.` : `Done: updates will go to ${v.email}.`) : req.lang === 'uk' ? 'Ви вже стежите за цим зверненням.' : 'You already follow this report.';
    return renderReport(req, reply, c, r, { values: {}, errors: {} }, msg);
  });

  /* ----- the reporter closes the loop ----- */
  const reporterOnly = (req: FastifyRequest, r: ReportRow) => {
    if (!req.viewer) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    if (req.viewer.id !== r.reporterUserId) throw forbidden(req.lang === 'uk' ? 'Це може зробити лише автор звернення.' : 'Only the reporter can do this.');
  };
  const windowClosed = (req: FastifyRequest) =>
    new HttpError(409, 'window_closed', req.lang === 'uk' ? 'Підтвердити чи відкрити знову можна протягом 14 днів після «Вирішено».' : 'You can confirm or reopen within 14 days of «Resolved».');

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/confirm', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    reporterOnly(req, r);
    try {
      await reporterRespond(ctx, c, r, req.viewer!.id, true, '');
    } catch (e) {
      if (e instanceof OpenCityError) throw windowClosed(req);
      throw e;
    }
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/reopen', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    reporterOnly(req, r);
    const comment = field(req.body, 'comment');
    const uk = req.lang === 'uk';
    if (!comment || [...comment].length > 1000) {
      const msg = !comment ? (uk ? 'Напишіть, що не так, щоб підрозділ знав, що робити' : 'Say what is wrong, so the department knows what to do') : uk ? 'Не більше 1000 символів' : 'At most 1000 characters';
      return renderReport(req, reply, c, r, { values: { comment }, errors: { comment: msg } }, '', 400);
    }
    try {
      await reporterRespond(ctx, c, r, req.viewer!.id, false, comment);
    } catch (e) {
      if (e instanceof OpenCityError) throw windowClosed(req);
      throw e;
    }
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/question', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    reporterOnly(req, r);
    const fixed = field(req.body, 'fixed');
    if (fixed !== 'yes' && fixed !== 'no') throw new HttpError(400, 'bad_request', req.lang === 'uk' ? 'Оберіть «так» або «ні».' : 'Choose «yes» or «no».');
    try {
      await reporterAnswersQuestion(ctx, c, r, req.viewer!.id, fixed === 'yes');
    } catch (e) {
      if (e instanceof OpenCityError) throw new HttpError(409, 'closed', req.lang === 'uk' ? 'Звернення вже не відкрите.' : 'The report is no longer open.');
      throw e;
    }
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  /* ----- staff: status, reassign, notes ----- */
  const requireStaff = (req: FastifyRequest, c: Community, r: ReportRow): Actor => {
    if (!req.viewer) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    const role = staffRoleFor(req.viewer, c, r);
    if (!role) throw forbidden(req.lang === 'uk' ? 'Це можуть лише модератор Відкритого міста або виконавець цього підрозділу.' : 'Only an Open City moderator or an executor of this department can do this.');
    return role;
  };

  const statusUploads = uploadRoute<{ Params: { slug: string; id: string } }>({
    ctx,
    limits: PHOTO_UPLOADS,
    authorize: async (req) => {
      const { c, r } = await reportOr404(req);
      requireStaff(req, c, r);
    },
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/status', statusUploads, async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const role = requireStaff(req, c, r);
    const uk = req.lang === 'uk';
    const to = field(req.body, 'status');
    const answer = field(req.body, 'answer');
    const dupRaw = field(req.body, 'duplicate_of');
    const forwardedTo = field(req.body, 'forwarded_to');
    const catCode = field(req.body, 'category');
    const values = { status: to, answer, duplicate_of: dupRaw, forwarded_to: forwardedTo, category: catCode };
    const errors: Record<string, string> = {};
    let duplicateOf: number | null = null;
    let category: Category | null = null;
    if (!isStatus(to)) errors.status = uk ? 'Оберіть новий статус' : 'Choose the new status';
    else {
      const need = transitionRequirements(to);
      if (need.answer && !answer) errors.answer = uk ? 'Для цього статусу напишіть публічну відповідь: що зроблено або чому ні' : 'This status needs a public answer: what was done, or why not';
      if (need.duplicateOf) {
        const d = parseId(dupRaw);
        const main = d > 0 ? await findReport(ctx.db, d) : null;
        if (!main || main.communityId !== c.id || main.id === r.id || main.status === 'new') errors.duplicate_of = uk ? 'Вкажіть номер наявного публічного звернення цієї громади' : 'Give the number of an existing public report of this community';
        else duplicateOf = main.id;
      }
      if (need.forwardedTo && !forwardedTo) errors.forwarded_to = uk ? 'Вкажіть, куди передано звернення' : 'Say where the report was forwarded';
    }
    if ([...answer].length > 3000) errors.answer = uk ? 'Не більше 3000 символів' : 'At most 3000 characters';
    if ([...forwardedTo].length > 300) errors.forwarded_to = uk ? 'Не більше 300 символів' : 'At most 300 characters';
    if (catCode && role === 'moderator' && r.status === 'new') {
      category = leafCategories(await listCategories(ctx.db, c.id)).find((x) => x.code === catCode) ?? null;
      if (!category) errors.category = uk ? 'Такої категорії немає' : 'No such category';
    }
    const { photos, error } = await readPhotos(ctx, req);
    if (error) errors.photos = error;
    if (Object.keys(errors).length) return renderReport(req, reply, c, r, { values, errors }, '', 400);
    await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
    try {
      await changeStatus(ctx, { community: c, report: r, actorUserId: req.viewer!.id, actor: role, to: to as Status, answer, duplicateOf, forwardedTo, category, photos });
    } catch (e) {
      if (e instanceof OpenCityError) return renderReport(req, reply, c, r, { values, errors: { status: uk ? 'Цю зміну статусу зараз зробити не можна (статус уже змінився?)' : 'This status change is not possible now (has the status changed?)' } }, '', 409);
      throw e;
    }
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/reassign', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const role = requireStaff(req, c, r);
    const uk = req.lang === 'uk';
    const key = field(req.body, 'department');
    const reason = field(req.body, 'reason');
    const dep = (await listDepartments(ctx.db, c.id)).find((d) => d.key === key);
    const errors: Record<string, string> = {};
    if (!dep || dep.id === r.departmentId) errors.department = uk ? 'Оберіть інший підрозділ цієї громади' : 'Choose another department of this community';
    if (!reason) errors.reason = uk ? 'Вкажіть причину передачі' : 'Give the reason';
    else if ([...reason].length > 500) errors.reason = uk ? 'Не більше 500 символів' : 'At most 500 characters';
    if (Object.keys(errors).length) return renderReport(req, reply, c, r, { values: { department: key, reason }, errors }, '', 400);
    await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
    try {
      await reassign(ctx, c, r, req.viewer!.id, role, dep!, reason);
    } catch (e) {
      if (e instanceof OpenCityError) throw new HttpError(409, 'conflict', uk ? 'Звернення вже передано.' : 'The report was already reassigned.');
      throw e;
    }
    // The executor may no longer see the staff panel; the public page is still theirs to read.
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/note', async (req, reply) => {
    const { c, r } = await reportOr404(req);
    const role = requireStaff(req, c, r);
    const note = field(req.body, 'note');
    const uk = req.lang === 'uk';
    if (!note || [...note].length > 2000) {
      return renderReport(req, reply, c, r, { values: { note }, errors: { note: !note ? (uk ? 'Напишіть нотатку' : 'Write the note') : uk ? 'Не більше 2000 символів' : 'At most 2000 characters' } }, '', 400);
    }
    await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
    await addInternalNote(ctx, c, r, req.viewer!.id, role, note);
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  /* ----- executors' workspace ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city/work', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const v = req.viewer;
    if (!v) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    const moderator = isToolModerator(v, c.id, TOOL);
    const mineKeys = executorDepartments(v, c.id);
    if (!moderator && mineKeys.length === 0) throw forbidden(req.lang === 'uk' ? 'Робоче місце — для виконавців і модераторів Відкритого міста.' : 'The workspace is for Open City executors and moderators.');
    const departments = await listDepartments(ctx.db, c.id);
    const mine = departments.filter((d) => mineKeys.includes(d.key));
    let current = queryString(req, 'department');
    const allowed = moderator ? departments : mine;
    if (current && !allowed.some((d) => d.key === current)) current = '';
    if (!current && !moderator) current = mine[0]?.key ?? '';
    const page = pageNumber(queryString(req, 'page'));
    const depIds = current ? [departments.find((d) => d.key === current)!.id] : moderator ? undefined : mine.map((d) => d.id);
    const { rows, total } = await listReports(ctx.db, {
      communityId: c.id,
      statuses: moderator ? OPEN_STATUSES : OPEN_STATUSES.filter((s) => s !== 'new'),
      departmentIds: depIds,
      order: 'deadline',
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    });
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await WorkPage({ p, c, rows, total, page, perPage: PER_PAGE, departments, mine, current, now: ctx.clock.now(), moderator, showNew: moderator && rows.some((r) => r.status === 'new') }));
  });

  /* ----- moderator settings: routing, territory, API keys ----- */
  const requireModerator = (req: FastifyRequest, c: Community) => {
    if (!req.viewer) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    if (!isToolModerator(req.viewer, c.id, TOOL)) throw forbidden(req.lang === 'uk' ? 'Це можуть лише модератори Відкритого міста цієї громади.' : 'Only Open City moderators of this community can do this.');
  };

  const renderManage = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, extra: { newKey?: string; flash?: string } = {}, status = 200) => {
    const [categories, departments, keys, territory] = await Promise.all([listCategories(ctx.db, c.id), listDepartments(ctx.db, c.id), listApiKeys(ctx.db, c.id), territoryOf(ctx.db, c.id)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ManagePage({ p, c, categories, departments, keys, newKey: extra.newKey ?? null, territoryText: territory.polygon.map(([a, b]) => `${a}, ${b}`).join('\n'), form, flash: extra.flash ?? '' }),
      status,
    );
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/manage', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    return renderManage(req, reply, c, { values: {}, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/manage/keys', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const name = field(req.body, 'name');
    if (!name || [...name].length > 100) {
      return renderManage(req, reply, c, { values: { name }, errors: { name: req.lang === 'uk' ? 'Назвіть застосунок (до 100 символів)' : 'Name the app (up to 100 characters)' } }, {}, 400);
    }
    await limit(ctx, req, `open-city:keys:user:${req.viewer!.id}`, 20);
    const key = `oc_${randomToken(24)}`;
    await ctx.db.transaction().execute(async (trx) => {
      const id = await insertApiKey(trx, { communityId: c.id, name, key, createdBy: req.viewer!.id, now: ctx.clock.now() });
      await recordAudit(trx, { communityId: c.id, actorUserId: req.viewer!.id, action: 'open_city.api_key.issued', subjectType: 'open_city_api_key', subjectId: id, after: { name, prefix: key.slice(0, 6) } });
    });
    return renderManage(req, reply, c, { values: {}, errors: {} }, { newKey: key });
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/manage/keys/:id/revoke', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const id = parseId(req.params.id);
    const done = await ctx.db.transaction().execute(async (trx) => {
      const ok = await revokeApiKey(trx, c.id, id, ctx.clock.now());
      if (ok) await recordAudit(trx, { communityId: c.id, actorUserId: req.viewer!.id, action: 'open_city.api_key.revoked', subjectType: 'open_city_api_key', subjectId: id });
      return ok;
    });
    if (!done) throw notFound(req.lang === 'uk' ? 'Такого чинного ключа немає.' : 'No such active key.');
    return reply.redirect(`${base(c)}/manage`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/manage/categories/:id', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const term = Number(field(req.body, 'term'));
    const dep = (await listDepartments(ctx.db, c.id)).find((d) => d.key === field(req.body, 'department'));
    const cat = (await listCategories(ctx.db, c.id)).find((x) => x.id === parseId(req.params.id));
    if (!cat) throw notFound();
    if (!dep || !isTerm(term)) {
      return renderManage(req, reply, c, { values: {}, errors: { [`dep-${cat.id}`]: req.lang === 'uk' ? 'Оберіть підрозділ громади і термін 15, 30 або 45 днів' : 'Choose a department of the community and a term of 15, 30 or 45 days' } }, {}, 400);
    }
    await ctx.db.transaction().execute(async (trx) => {
      await updateCategoryRouting(trx, c.id, cat.id, dep.id, term);
      await recordAudit(trx, {
        communityId: c.id, actorUserId: req.viewer!.id, action: 'open_city.category.routing', subjectType: 'open_city_category', subjectId: cat.id,
        before: { department: cat.departmentId, term: cat.termDays }, after: { department: dep.id, term },
      });
    });
    return renderManage(req, reply, c, { values: {}, errors: {} }, { flash: req.lang === 'uk' ? `Збережено: ${cat.name.uk}` : `Saved: ${cat.name.en}` });
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/manage/territory', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const text = field(req.body, 'territory');
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const points: [number, number][] = [];
    let bad = lines.length < 3 || lines.length > 500;
    for (const l of lines) {
      const m = /^(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(l);
      const pt = m ? parseCoordinates(m[1]!, m[2]!) : null;
      if (!pt || !pt.ok || !pt.point) bad = true;
      else points.push([pt.point.lat, pt.point.lng]);
    }
    if (bad) {
      return renderManage(req, reply, c, { values: { territory: text }, errors: { territory: req.lang === 'uk' ? 'Потрібно від 3 до 500 рядків виду «49.84, 24.03»' : 'Give 3 to 500 lines like «49.84, 24.03»' } }, {}, 400);
    }
    const center = { lat: points.reduce((s, x) => s + x[0], 0) / points.length, lng: points.reduce((s, x) => s + x[1], 0) / points.length };
    await ctx.db.transaction().execute(async (trx) => {
      await saveTerritory(trx, c.id, points, center, ctx.clock.now());
      await recordAudit(trx, { communityId: c.id, actorUserId: req.viewer!.id, action: 'open_city.territory.saved', subjectType: 'community', subjectId: c.id, after: { corners: points.length } });
    });
    return renderManage(req, reply, c, { values: {}, errors: {} }, { flash: req.lang === 'uk' ? 'Територію збережено.' : 'Territory saved.' });
  });

  /* ----- statistics ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city/stats', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const [s, categories, departments] = await Promise.all([openCityStats(ctx.db, c.id, ctx.clock.now()), listCategories(ctx.db, c.id), listDepartments(ctx.db, c.id)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await StatsPage({
        p, c,
        total: s.reports,
        resolvedShare: s.reports ? s.resolved / s.reports : null,
        medianDays: median(s.resolveDays.map((x) => x.days)),
        overdue: s.overdue,
        byCategory: s.byCategory
          .map((x) => ({ name: categories.find((k) => k.id === x.categoryId)?.name[req.lang] ?? '—', total: x.total, resolved: x.resolved, median: median(s.resolveDays.filter((d) => d.categoryId === x.categoryId).map((d) => d.days)) }))
          .sort((a, b) => b.total - a.total),
        byDepartment: s.byDepartment
          .map((x) => ({ name: departments.find((k) => k.id === x.departmentId)?.name[req.lang] ?? '—', total: x.total, resolved: x.resolved, overdue: x.overdue, median: median(s.resolveDays.filter((d) => d.departmentId === x.departmentId).map((d) => d.days)) }))
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
    return sendHtml(reply, await SubscriptionsPage({ p, c, subs, flash, staff: isStaff(req.viewer, c), moderator: isToolModerator(req.viewer, c.id, TOOL) }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/subscriptions', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    if (!req.viewer) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    return renderSubs(req, reply, c, '');
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/subscriptions/area', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const v = req.viewer;
    if (!v) throw new HttpError(401, 'unauthorized', refusalText('signed-out', req.lang, null));
    const uk = req.lang === 'uk';
    if (!v.email) throw new HttpError(400, 'no_email', uk ? 'У вашому обліковому записі немає e-mail.' : 'Your account has no e-mail.');
    const coords = parseCoordinates(field(req.body, 'lat'), field(req.body, 'lng'));
    const radius = Number(field(req.body, 'radius'));
    if (!coords.ok || !coords.point || ![250, 500, 1000, 3000].includes(radius)) {
      return renderSubs(req, reply, c, uk ? 'Помилка: вкажіть широту й довготу центру (наприклад 49.84190 і 24.03150) та радіус зі списку.' : 'Error: give the latitude and longitude of the centre (e.g. 49.84190 and 24.03150) and a radius from the list.', 400);
    }
    await limit(ctx, req, `open-city:subscribe:user:${v.id}`, 30);
    const added = await ctx.db.transaction().execute(async (trx) => {
      const ok = await addAreaSubscription(trx, { communityId: c.id, userId: v.id, email: v.email!, center: coords.point!, radiusM: radius, token: randomToken(18), now: ctx.clock.now() });
      if (ok) await recordAudit(trx, { communityId: c.id, actorUserId: v.id, action: 'open_city.subscribed_area', subjectType: 'community', subjectId: c.id, after: { radius } });
      return ok;
    });
    return renderSubs(req, reply, c, added ? (uk ? `Готово: листи про нові звернення в районі надходитимуть на ${v.email}.` : `Done: new reports in the area will be e-mailed to ${v.email}.`) : uk ? 'Ви вже стежите за цим районом.' : 'You already follow this area.');
  });

  app.get<{ Params: { slug: string; token: string } }>('/:slug/open-city/unsubscribe/:token', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const sub = await findSubscriptionByToken(ctx.db, req.params.token.slice(0, 64));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await UnsubscribePage({ p, c, sub: sub && sub.communityId === c.id ? sub : null, done: false }));
  });

  app.post<{ Params: { slug: string; token: string } }>('/:slug/open-city/unsubscribe/:token', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const sub = await findSubscriptionByToken(ctx.db, req.params.token.slice(0, 64));
    if (sub && sub.communityId === c.id) {
      await ctx.db.transaction().execute(async (trx) => {
        await deleteSubscription(trx, sub.id);
        await recordAudit(trx, { communityId: c.id, actorUserId: req.viewer?.id ?? null, action: 'open_city.unsubscribed', subjectType: sub.reportId ? 'open_city_report' : 'community', subjectId: sub.reportId ?? c.id });
      });
    }
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await UnsubscribePage({ p, c, sub: null, done: !!sub && sub.communityId === c.id }));
  });
}
