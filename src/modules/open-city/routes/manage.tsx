/** Open City's pages for staff: a report's status, reassignment and notes; the executors' workspace; the moderator's settings. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { queryString, requireViewer, queryPage } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { uploadRoute } from '../../../core/http/uploads.js';
import type { FormState } from '../../../core/views/forms.js';
import { isToolModerator } from '../../../core/permissions/policy.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { isTerm, OPEN_STATUSES } from '../rules.js';
import { listApiKeys, listCategories, listDepartments, listReports, territoryOf } from '../repository.js';
import { executorDepartments, openCityOr404, reportOr404, requireModerator, requireStaff, TOOL } from '../access.js';
import { parseId, parseReassignForm, parseStatusForm, parseTerritory } from '../forms.js';
import { PHOTO_UPLOADS, readPhotos } from '../photos.js';
import { addInternalNote, changeStatus, OpenCityError, reassign } from '../service/reports.js';
import { issueApiKey, revokeApiKey, saveTerritory, setCategoryRouting } from '../service/settings.js';
import { base } from '../views/parts.js';
import { ManagePage, WorkPage } from '../views/manage.js';
import { limit, PER_PAGE, renderReport } from './shared.js';

export function registerManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  /* ----- staff: status, reassign, notes ----- */

  const statusUploads = uploadRoute<{ Params: { slug: string; id: string } }>({
    ctx,
    permission: 'open-city.execute',
    limits: PHOTO_UPLOADS,
    authorize: async (req) => {
      const { c, r } = await reportOr404(ctx, req);
      requireStaff(req, c, r);
    },
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/open-city/reports/:id/status', statusUploads, async (req, reply) => {
    const { c, r } = await reportOr404(ctx, req);
    const role = requireStaff(req, c, r);
    const uk = req.lang === 'uk';
    const { values, errors, to, answer, duplicateOf, forwardedTo, category } = await parseStatusForm(ctx, req, c, r, role);
    const { photos, error } = await readPhotos(ctx, req);
    if (error) errors.photos = error;
    if (Object.keys(errors).length) return renderReport(ctx, req, reply, c, r, { values, errors }, '', 400);
    await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
    try {
      await changeStatus(ctx, {
        community: c,
        report: r,
        actorUserId: req.viewer!.id,
        actor: role,
        to: to!,
        answer,
        duplicateOf,
        forwardedTo,
        category,
        photos,
      });
    } catch (e) {
      if (e instanceof OpenCityError)
        return renderReport(
          ctx,
          req,
          reply,
          c,
          r,
          {
            values,
            errors: {
              status: uk
                ? 'Цю зміну статусу зараз зробити не можна (статус уже змінився?)'
                : 'This status change is not possible now (has the status changed?)',
            },
          },
          '',
          409,
        );
      throw e;
    }
    return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/reassign',
    { config: { permission: 'open-city.execute' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      const role = requireStaff(req, c, r);
      const uk = req.lang === 'uk';
      const { key, reason, department, errors } = await parseReassignForm(ctx, req, c, r);
      if (Object.keys(errors).length) return renderReport(ctx, req, reply, c, r, { values: { department: key, reason }, errors }, '', 400);
      await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
      try {
        await reassign(ctx, { community: c, report: r, actorUserId: req.viewer!.id, role, to: department!, reason });
      } catch (e) {
        if (e instanceof OpenCityError) throw new HttpError(409, 'conflict', uk ? 'Звернення вже передано.' : 'The report was already reassigned.');
        throw e;
      }
      // The executor may no longer see the staff panel; the public page is still theirs to read.
      return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/reports/:id/note',
    { config: { permission: 'open-city.execute' } },
    async (req, reply) => {
      const { c, r } = await reportOr404(ctx, req);
      const role = requireStaff(req, c, r);
      const note = field(req.body, 'note');
      const uk = req.lang === 'uk';
      if (!note || [...note].length > 2000) {
        return renderReport(
          ctx,
          req,
          reply,
          c,
          r,
          {
            values: { note },
            errors: { note: !note ? (uk ? 'Напишіть нотатку' : 'Write the note') : uk ? 'Не більше 2000 символів' : 'At most 2000 characters' },
          },
          '',
          400,
        );
      }
      await limit(ctx, req, `open-city:staff:user:${req.viewer!.id}`, 300);
      await addInternalNote(ctx, { community: c, report: r, actorUserId: req.viewer!.id, role, text: note });
      return reply.redirect(`${base(c)}/reports/${r.id}`, 303);
    },
  );

  /* ----- executors' workspace ----- */
  app.get<{ Params: { slug: string } }>('/:slug/open-city/work', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const v = requireViewer(req, refusalText('signed-out', req.lang, null));
    const moderator = isToolModerator(v, c.id, TOOL);
    const mineKeys = executorDepartments(v, c.id);
    if (!moderator && mineKeys.length === 0)
      throw forbidden(
        req.lang === 'uk' ? 'Робоче місце — для виконавців і модераторів Відкритого міста.' : 'The workspace is for Open City executors and moderators.',
      );
    const departments = await listDepartments(ctx.db, c.id);
    const mine = departments.filter((d) => mineKeys.includes(d.key));
    let current = queryString(req, 'department');
    const allowed = moderator ? departments : mine;
    if (current && !allowed.some((d) => d.key === current)) current = '';
    if (!current && !moderator) current = mine[0]?.key ?? '';
    const page = queryPage(req);
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
    return sendHtml(
      reply,
      await WorkPage({
        p,
        c,
        rows,
        total,
        page,
        perPage: PER_PAGE,
        departments,
        mine,
        current,
        now: ctx.clock.now(),
        moderator,
        showNew: moderator && rows.some((r) => r.status === 'new'),
      }),
    );
  });

  /* ----- moderator settings: routing, territory, API keys ----- */

  const renderManage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    form: FormState,
    extra: { newKey?: string; flash?: string } = {},
    status = 200,
  ) => {
    const [categories, departments, keys, territory] = await Promise.all([
      listCategories(ctx.db, c.id),
      listDepartments(ctx.db, c.id),
      listApiKeys(ctx.db, c.id),
      territoryOf(ctx.db, c.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ManagePage({
        p,
        c,
        categories,
        departments,
        keys,
        newKey: extra.newKey ?? null,
        territoryText: territory.polygon.map(([a, b]) => `${a}, ${b}`).join('\n'),
        form,
        flash: extra.flash ?? '',
      }),
      status,
    );
  };

  app.get<{ Params: { slug: string } }>('/:slug/open-city/manage', async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    return renderManage(req, reply, c, { values: {}, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/:slug/open-city/manage/keys', { config: { permission: 'open-city.moderate' } }, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const name = field(req.body, 'name');
    if (!name || [...name].length > 100) {
      return renderManage(
        req,
        reply,
        c,
        { values: { name }, errors: { name: req.lang === 'uk' ? 'Назвіть застосунок (до 100 символів)' : 'Name the app (up to 100 characters)' } },
        {},
        400,
      );
    }
    await limit(ctx, req, `open-city:keys:user:${req.viewer!.id}`, 20);
    const key = await issueApiKey(ctx, { community: c, actorUserId: req.viewer!.id, name });
    return renderManage(req, reply, c, { values: {}, errors: {} }, { newKey: key });
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/manage/keys/:id/revoke',
    { config: { permission: 'open-city.moderate' } },
    async (req, reply) => {
      const c = await openCityOr404(ctx, req.params.slug);
      requireModerator(req, c);
      const id = parseId(req.params.id);
      const done = await revokeApiKey(ctx, { community: c, actorUserId: req.viewer!.id, id });
      if (!done) throw notFound(req.lang === 'uk' ? 'Такого чинного ключа немає.' : 'No such active key.');
      return reply.redirect(`${base(c)}/manage`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/open-city/manage/categories/:id',
    { config: { permission: 'open-city.moderate' } },
    async (req, reply) => {
      const c = await openCityOr404(ctx, req.params.slug);
      requireModerator(req, c);
      const term = Number(field(req.body, 'term'));
      const dep = (await listDepartments(ctx.db, c.id)).find((d) => d.key === field(req.body, 'department'));
      const cat = (await listCategories(ctx.db, c.id)).find((x) => x.id === parseId(req.params.id));
      if (!cat) throw notFound();
      if (!dep || !isTerm(term)) {
        return renderManage(
          req,
          reply,
          c,
          {
            values: {},
            errors: {
              [`dep-${cat.id}`]:
                req.lang === 'uk'
                  ? 'Оберіть підрозділ громади і термін 15, 30 або 45 днів'
                  : 'Choose a department of the community and a term of 15, 30 or 45 days',
            },
          },
          {},
          400,
        );
      }
      await setCategoryRouting(ctx, { community: c, actorUserId: req.viewer!.id, category: cat, department: dep, term });
      return renderManage(req, reply, c, { values: {}, errors: {} }, { flash: req.lang === 'uk' ? `Збережено: ${cat.name.uk}` : `Saved: ${cat.name.en}` });
    },
  );

  app.post<{ Params: { slug: string } }>('/:slug/open-city/manage/territory', { config: { permission: 'open-city.moderate' } }, async (req, reply) => {
    const c = await openCityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const text = field(req.body, 'territory');
    const points = parseTerritory(text);
    if (!points) {
      return renderManage(
        req,
        reply,
        c,
        {
          values: { territory: text },
          errors: { territory: req.lang === 'uk' ? 'Потрібно від 3 до 500 рядків виду «49.84, 24.03»' : 'Give 3 to 500 lines like «49.84, 24.03»' },
        },
        {},
        400,
      );
    }
    await saveTerritory(ctx, { community: c, actorUserId: req.viewer!.id, points });
    return renderManage(req, reply, c, { values: {}, errors: {} }, { flash: req.lang === 'uk' ? 'Територію збережено.' : 'Territory saved.' });
  });
}
