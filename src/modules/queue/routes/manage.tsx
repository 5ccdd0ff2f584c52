/** Administration of the e-queue: windows and their services, visit lengths and limits, days off. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { communityOr404, idOr404, queryString, routeId } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { pick, type Lang } from '../../../core/i18n/index.js';
import type { FormState } from '../../../core/views/forms.js';
import { managerOf } from '../access.js';
import { daysOff, windowNameTaken } from '../repository.js';
import { dateOf, readServiceSetting, readWindowForm } from '../forms.js';
import { queueSetup, saveDayOff, saveQueueService, saveWindow, type QueueSetup } from '../service.js';
import { ManagePage, ServiceFormPage, WindowFormPage } from '../views/manage.js';
import { manageBase } from '../views/parts.js';

type P = { Params: { slug: string } };
type PI = { Params: { slug: string; id: string } };
const PERMISSION = 'queue.manage';

export function registerQueueManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const manager = async (req: FastifyRequest<P>): Promise<{ c: Community; v: Viewer; s: QueueSetup }> => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = managerOf(req, c);
    return { c, v, s: await queueSetup(ctx, c, req.lang) };
  };
  const limit = async (v: Viewer, lang: Lang) => {
    const r = await hitRateLimit(ctx.db, { key: `queue:manage:${v.id}`, max: 300, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато змін за годину.', en: 'Too many changes this hour.' }, lang));
  };
  const saved = (req: FastifyRequest) => (queryString(req, 'saved') ? pick({ uk: 'Зміни збережено.', en: 'Changes saved.' }, req.lang) : null);

  const renderOverview = async (req: FastifyRequest, c: Community, s: QueueSetup, dayForm: FormState) =>
    ManagePage({
      p: await pageCtx(ctx, req, c),
      c,
      ...s,
      daysOff: await daysOff(
        ctx.db,
        s.offices.map((o) => o.id),
        null,
      ),
      notice: saved(req),
      dayForm,
    });

  app.get<P>('/:slug/manage/queue', async (req, reply) => {
    const { c, s } = await manager(req);
    return sendHtml(reply, await renderOverview(req, c, s, { values: {}, errors: {} }));
  });

  // Windows.
  const windowOf = (s: QueueSetup, raw: string, lang: Lang) => {
    if (raw === 'new') return null;
    const w = s.windows.find((x) => x.id === idOr404(raw));
    if (!w) throw notFound(pick({ uk: 'Такого вікна немає.', en: 'No such window.' }, lang));
    return w;
  };
  const renderWindow = async (req: FastifyRequest, c: Community, s: QueueSetup, id: number | null, form: FormState, selected: number[]) =>
    WindowFormPage({ p: await pageCtx(ctx, req, c), c, id, form, offices: s.offices, services: s.services, selected });

  app.get<PI>('/:slug/manage/queue/windows/:id', async (req, reply) => {
    const { c, s } = await manager(req);
    const w = windowOf(s, req.params.id, req.lang);
    const form: FormState = w
      ? { values: { name: w.name, office_id: String(w.officeId), online: w.online ? 'on' : '', active: w.active ? 'on' : '' }, errors: {} }
      : { values: { office_id: queryString(req, 'office'), online: 'on', active: 'on' }, errors: {} };
    return sendHtml(reply, await renderWindow(req, c, s, w?.id ?? null, form, w?.serviceIds ?? []));
  });

  app.post<PI>('/:slug/manage/queue/windows/:id', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v, s } = await manager(req);
    const w = windowOf(s, req.params.id, req.lang);
    const r = readWindowForm(
      req.body,
      req.lang,
      s.offices.map((o) => o.id),
      s.services.map((x) => x.id),
    );
    if (r.fields && (await windowNameTaken(ctx.db, r.fields.officeId, r.fields.name, w?.id ?? null)))
      r.form.errors.name = pick({ uk: 'В цьому офісі вже є вікно з такою назвою', en: 'This office already has a window of this name' }, req.lang);
    if (!r.fields || r.form.errors.name) return sendHtml(reply, await renderWindow(req, c, s, w?.id ?? null, r.form, r.selected), 400);
    await limit(v, req.lang);
    await saveWindow(ctx, { community: c, actorId: v.id }, w?.id ?? null, r.fields);
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Services.
  const serviceOf = (s: QueueSetup, raw: string, lang: Lang) => {
    const sv = s.services.find((x) => x.id === idOr404(raw));
    if (!sv) throw notFound(pick({ uk: 'Такої послуги немає.', en: 'No such service.' }, lang));
    return sv;
  };
  app.get<PI>('/:slug/manage/queue/services/:id', async (req, reply) => {
    const { c, s } = await manager(req);
    const sv = serviceOf(s, req.params.id, req.lang);
    const set = s.settings.find((x) => x.serviceId === sv.id);
    const form: FormState = {
      values: { enabled: set ? 'on' : '', visit_minutes: String(set?.visitMinutes ?? 15), weekly_limit: String(set?.weeklyLimit ?? 1) },
      errors: {},
    };
    return sendHtml(reply, await ServiceFormPage({ p: await pageCtx(ctx, req, c), c, service: sv, form }));
  });

  app.post<PI>('/:slug/manage/queue/services/:id', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v, s } = await manager(req);
    const sv = serviceOf(s, req.params.id, req.lang);
    const r = readServiceSetting(req.body, req.lang);
    if (r.setting === undefined) return sendHtml(reply, await ServiceFormPage({ p: await pageCtx(ctx, req, c), c, service: sv, form: r.form }), 400);
    await limit(v, req.lang);
    await saveQueueService(ctx, { community: c, actorId: v.id }, sv.id, r.setting);
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Days off.
  app.post<PI>('/:slug/manage/queue/offices/:id/days-off', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v, s } = await manager(req);
    const office = s.offices.find((o) => o.id === routeId(req.params.id));
    if (!office) throw notFound(pick({ uk: 'Такого офісу немає.', en: 'No such office.' }, req.lang));
    const day = dateOf(field(req.body, 'day'));
    const off = field(req.body, 'off');
    if (!day || (off !== '0' && off !== '1')) {
      const form = {
        values: { office: String(office.id), day: field(req.body, 'day') },
        errors: { day: pick({ uk: 'Вкажіть дату вихідного', en: 'Give the date of the day off' }, req.lang) },
      };
      return sendHtml(reply, await renderOverview(req, c, s, form), 400);
    }
    await limit(v, req.lang);
    await saveDayOff(ctx, { community: c, actorId: v.id }, office.id, day, off === '1');
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });
}
