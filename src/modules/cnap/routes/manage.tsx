/** Management of the ЦНАП site: services, offices and life situations (create, edit, archive) and the import. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { registerMultipart, uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import type { Community } from '../../../core/communities/community.js';
import type { Viewer } from '../../../core/users/viewer.js';
import type { FormState } from '../../../core/views/forms.js';
import { managerOf } from '../access.js';
import { codeTaken, findOffice, findService, listOffices, listServices, listSituations } from '../repository.js';
import { officeFormOf, readOfficeForm, readServiceForm, readSituationForm, serviceFormOf, situationFormOf } from '../forms.js';
import { applyImport, archive, saveOffice, saveService, saveSituation, type CnapKind } from '../service.js';
import { ExchangeFileError, IMPORT_MAX_BYTES, planImport, readTable } from '../exchange.js';
import { ImportPage, ManagePage, manageBase, OfficeFormPage, ServiceFormPage, SituationFormPage } from '../views/manage.js';

type P = { slug: string };
type PI = { slug: string; id: string };
const PERMISSION = 'cnap.manage';

export async function registerCnapManageRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  await registerMultipart(app);
  const manager = async (req: FastifyRequest<{ Params: P }>): Promise<{ c: Community; v: Viewer }> => {
    const c = await communityOr404(ctx, req.params.slug);
    return { c, v: managerOf(req, c) };
  };
  const limit = async (v: Viewer, lang: 'uk' | 'en') => {
    const r = await hitRateLimit(ctx.db, { key: `cnap:user:${v.id}`, max: 300, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', lang === 'uk' ? 'Забагато змін за годину.' : 'Too many changes this hour.');
  };
  /** 'new' or an id; 404 for anything else. */
  const idParam = (raw: string): number | null => (raw === 'new' ? null : idOr404(raw));
  const actor = (c: Community, v: Viewer) => ({ community: c, actorId: v.id, now: ctx.clock.now() });
  const saved = (req: FastifyRequest) => {
    const s = queryString(req, 'saved');
    if (!s) return null;
    const uk = req.lang === 'uk';
    if (s === 'import')
      return uk
        ? `Каталог імпортовано: додано ${queryString(req, 'added')}, змінено ${queryString(req, 'changed')}.`
        : `Imported: ${queryString(req, 'added')} added, ${queryString(req, 'changed')} changed.`;
    return uk ? 'Зміни збережено.' : 'Changes saved.';
  };

  app.get<{ Params: P }>('/:slug/manage/cnap', async (req, reply) => {
    const { c } = await manager(req);
    const [situations, services, offices] = await Promise.all([
      listSituations(ctx.db, c.id, true),
      listServices(ctx.db, c.id, { withArchived: true }),
      listOffices(ctx.db, c.id, true),
    ]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ManagePage({ p, c, situations, services, offices, notice: saved(req) }));
  });

  // Services.
  const serviceOf = async (c: Community, id: number | null) => {
    if (id === null) return null;
    const s = await findService(ctx.db, c.id, id);
    if (!s) throw notFound('Такої послуги немає.');
    return s;
  };
  app.get<{ Params: PI }>('/:slug/manage/cnap/services/:id', async (req, reply) => {
    const { c } = await manager(req);
    const s = await serviceOf(c, idParam(req.params.id));
    const [situations, offices] = await Promise.all([listSituations(ctx.db, c.id), listOffices(ctx.db, c.id)]);
    const p = await pageCtx(ctx, req, c);
    const form = s ? serviceFormOf(s) : { values: {}, errors: {} };
    return sendHtml(
      reply,
      await ServiceFormPage({ p, c, id: s?.id ?? null, form, situations, offices, selectedOffices: s?.officeIds ?? offices.map((o) => o.id) }),
    );
  });
  app.post<{ Params: PI }>('/:slug/manage/cnap/services/:id', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const s = await serviceOf(c, idParam(req.params.id));
    const [situations, offices] = await Promise.all([listSituations(ctx.db, c.id), listOffices(ctx.db, c.id)]);
    const r = readServiceForm(req.body, req.lang, situations, offices);
    if (r.fields && (await codeTaken(ctx.db, 'cnap_services', c.id, r.fields.code, s?.id ?? null)))
      r.form.errors.code = req.lang === 'uk' ? 'Цей код уже має інша послуга' : 'Another service has this code';
    if (!r.fields || r.form.errors.code) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await ServiceFormPage({ p, c, id: s?.id ?? null, form: r.form, situations, offices, selectedOffices: r.selectedOffices }), 400);
    }
    await limit(v, req.lang);
    await saveService(ctx, actor(c, v), s?.id ?? null, r.fields);
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Offices.
  const officeOf = async (c: Community, id: number | null) => {
    if (id === null) return null;
    const o = await findOffice(ctx.db, c.id, id);
    if (!o) throw notFound('Такого офісу немає.');
    return o;
  };
  app.get<{ Params: PI }>('/:slug/manage/cnap/offices/:id', async (req, reply) => {
    const { c } = await manager(req);
    const o = await officeOf(c, idParam(req.params.id));
    const p = await pageCtx(ctx, req, c);
    const form = o ? officeFormOf(o) : { values: { kind: 'centre' }, errors: {} };
    return sendHtml(reply, await OfficeFormPage({ p, c, id: o?.id ?? null, form, accessibility: o?.accessibility ?? [] }));
  });
  app.post<{ Params: PI }>('/:slug/manage/cnap/offices/:id', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const o = await officeOf(c, idParam(req.params.id));
    const r = readOfficeForm(req.body, req.lang);
    if (r.fields && (await codeTaken(ctx.db, 'cnap_offices', c.id, r.fields.code, o?.id ?? null)))
      r.form.errors.code = req.lang === 'uk' ? 'Цей код уже має інший офіс' : 'Another office has this code';
    if (!r.fields || r.form.errors.code) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await OfficeFormPage({ p, c, id: o?.id ?? null, form: r.form, accessibility: r.accessibility }), 400);
    }
    await limit(v, req.lang);
    await saveOffice(ctx, actor(c, v), o?.id ?? null, r.fields);
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Life situations.
  const situationOf = async (c: Community, id: number | null) => {
    if (id === null) return null;
    const s = (await listSituations(ctx.db, c.id, true)).find((x) => x.id === id);
    if (!s) throw notFound('Такої життєвої ситуації немає.');
    return s;
  };
  app.get<{ Params: PI }>('/:slug/manage/cnap/situations/:id', async (req, reply) => {
    const { c } = await manager(req);
    const s = await situationOf(c, idParam(req.params.id));
    const p = await pageCtx(ctx, req, c);
    const form: FormState = s ? situationFormOf(s) : { values: {}, errors: {} };
    return sendHtml(reply, await SituationFormPage({ p, c, id: s?.id ?? null, form }));
  });
  app.post<{ Params: PI }>('/:slug/manage/cnap/situations/:id', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const s = await situationOf(c, idParam(req.params.id));
    const r = readSituationForm(req.body, req.lang);
    if (r.fields && (await codeTaken(ctx.db, 'cnap_situations', c.id, r.fields.code, s?.id ?? null)))
      r.form.errors.code = req.lang === 'uk' ? 'Цей код уже має інша життєва ситуація' : 'Another life situation has this code';
    if (!r.fields || r.form.errors.code) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await SituationFormPage({ p, c, id: s?.id ?? null, form: r.form }), 400);
    }
    await limit(v, req.lang);
    await saveSituation(ctx, actor(c, v), s?.id ?? null, r.fields);
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Archive and restore.
  const KINDS: Record<string, CnapKind> = { services: 'service', offices: 'office', situations: 'situation' };
  app.post<{ Params: PI & { kind: string } }>('/:slug/manage/cnap/:kind/:id/archive', { config: { permission: PERMISSION } }, async (req, reply) => {
    const { c, v } = await manager(req);
    const kind = KINDS[req.params.kind];
    if (!kind) throw notFound();
    const id = idOr404(req.params.id);
    const exists =
      kind === 'service'
        ? await findService(ctx.db, c.id, id)
        : kind === 'office'
          ? await findOffice(ctx.db, c.id, id)
          : await situationOf(c, id).catch(() => null);
    if (!exists) throw notFound();
    const archived = field(req.body, 'archived');
    if (archived !== '0' && archived !== '1')
      throw new HttpError(400, 'bad_request', req.lang === 'uk' ? 'Не вказано, архівувати чи повернути.' : 'Say whether to archive or restore.');
    await limit(v, req.lang);
    await archive(ctx, actor(c, v), kind, id, archived === '1');
    return reply.redirect(`${manageBase(c)}?saved=1`, 303);
  });

  // Import.
  app.get<{ Params: P }>('/:slug/manage/cnap/import', async (req, reply) => {
    const { c } = await manager(req);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ImportPage({ p, c, fileError: null, rows: [] }));
  });
  const importUploads = uploadRoute<{ Params: P }>({
    ctx,
    permission: PERMISSION,
    limits: { fileBytes: IMPORT_MAX_BYTES, files: 1, fields: 5 },
    authorize: manager,
  });
  app.post<{ Params: P }>('/:slug/manage/cnap/import', importUploads, async (req, reply) => {
    const { c, v } = await manager(req);
    const uk = req.lang === 'uk';
    const render = async (fileError: string | null, rows: Parameters<typeof ImportPage>[0]['rows'], status: number) =>
      sendHtml(reply, await ImportPage({ p: await pageCtx(ctx, req, c), c, fileError, rows }), status);
    const file = uploadsOf(req, 'file')[0];
    if (!file) return render(uk ? 'Оберіть файл CSV або XLSX' : 'Choose a CSV or XLSX file', [], 400);
    if (file.tooLarge || !file.data) return render(uk ? 'Файл завеликий: не більше 2 МБ' : 'The file is too large: at most 2 MB', [], 413);
    await limit(v, req.lang);
    try {
      const { plan, errors } = await planImport(ctx.db, c.id, await readTable(file.data, file.filename));
      if (errors.length) return render(null, errors, 400);
      const r = await applyImport(ctx, actor(c, v), plan, file.filename);
      return reply.redirect(`${manageBase(c)}?saved=import&added=${r.added}&changed=${r.changed}`, 303);
    } catch (e) {
      if (e instanceof ExchangeFileError) return render(e.text[req.lang], [], 400);
      throw e;
    }
  });
}
