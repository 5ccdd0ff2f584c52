/** The national moderator's queue of connection requests, and suspending or reconnecting communities. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { requireViewer, queryString, routeId, idOr404 } from '../../../core/http/route-helpers.js';
import { isCommunityAdmin, isCommunityModerator, isNationalModerator } from '../../../core/permissions/policy.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { findCommunityById, findCommunityBySlug, searchCommunities } from '../../../core/communities/communities-repository.js';
import type { Viewer } from '../../../core/users/viewer.js';
import type { Community } from '../../../core/communities/community.js';
import type { FormState } from '../../../core/views/forms.js';
import { catalogEntry } from '../catalog.js';
import {
  countRequestsByStatus,
  fileData,
  fileMetas,
  findRequest,
  latestStatusReasons,
  listRequests,
  REQUEST_STATUSES,
  type ConnectionRequest,
  type RequestStatus,
} from '../repository.js';
import { MESSAGE_MAX, reservedSlugs, slugProblem } from '../rules.js';
import { acceptRequest, declineRequest, requestChanges } from '../service/requests.js';
import { communityAdmins, grantCommunityAdmin, revokeCommunityAdmin, setCommunityStatus } from '../service/communities.js';
import { CommunitiesPage, CommunityAdminsPage, QueuePage, RequestPage } from '../views/national-views.js';
import { MyManagementPage, PlatformPage } from '../views/platform-views.js';
import { CHARACTERS_UP_TO, plural } from '../../../core/i18n/index.js';

export function nationalModerator(req: FastifyRequest): Viewer {
  const uk = req.lang === 'uk';
  const v = requireViewer(req);
  if (!isNationalModerator(v)) throw forbidden(uk ? 'Ця сторінка — лише для національного модератора.' : 'This page is for the national moderator only.');
  return v;
}

function requestId(raw: string): number {
  return routeId(raw) ?? 0;
}

export function registerNationalRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const stale = (lang: string) =>
    new HttpError(409, 'conflict', lang === 'uk' ? 'Стан заявки вже змінився — оновіть сторінку.' : 'The request has changed meanwhile; reload the page.');

  const limited = async (v: Viewer, lang: string) => {
    const limit = await hitRateLimit(ctx.db, { key: `admin:user:${v.id}`, max: 120, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', lang === 'uk' ? 'Забагато дій за годину.' : 'Too many actions this hour.');
  };

  // `/manage` would otherwise fall to `/:slug` and answer «no such community». The national moderator
  // manages the platform here; anyone else is shown where their own work is.
  app.get('/manage', async (req, reply) => {
    const v = requireViewer(req);
    const uk = req.lang === 'uk';
    const all = await searchCommunities(ctx.db, { q: '', includeSuspended: true });
    if (!isNationalModerator(v)) {
      const mine = all.filter((c) => isCommunityModerator(v, c.id) || isCommunityAdmin(v, c.id));
      const p = await pageCtx(ctx, req);
      return sendHtml(reply, await MyManagementPage({ p, communities: mine }), mine.length ? 200 : 403);
    }
    const counts = await countRequestsByStatus(ctx.db);
    const links = [
      {
        href: '/manage/connections',
        label: uk ? 'Заявки на підключення громад' : 'Community connection requests',
        meta: plural(counts.new, { uk: ['нова', 'нові', 'нових'], en: ['new', 'new'] }, req.lang),
      },
      { href: '/manage/communities', label: uk ? 'Громади платформи: призупинення, адміністратори' : 'Communities: suspend, administrators', meta: '' },
      { href: '/manage/audit', label: uk ? 'Журнал дій платформи' : 'Platform audit log', meta: '' },
      ...(ctx.modules.some((m) => m.tool === 'petitions')
        ? [{ href: '/manage/petitions/overdue', label: uk ? 'Прострочена модерація петицій' : 'Overdue petition moderation', meta: '' }]
        : []),
    ];
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await PlatformPage({ p, links, communities: all }));
  });

  app.get('/manage/connections', async (req, reply) => {
    nationalModerator(req);
    const raw = queryString(req, 'status');
    const status: RequestStatus = (REQUEST_STATUSES as readonly string[]).includes(raw) ? (raw as RequestStatus) : 'new';
    const [counts, list] = await Promise.all([countRequestsByStatus(ctx.db), listRequests(ctx.db, status)]);
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await QueuePage({ p, status, counts, list }));
  });

  const loadRequest = async (raw: string): Promise<ConnectionRequest> => {
    const r = await findRequest(ctx.db, requestId(raw));
    if (!r) throw notFound('Такої заявки немає.');
    return r;
  };

  const renderRequest = async (req: FastifyRequest, reply: FastifyReply, r: ConnectionRequest, form: FormState, status = 200) => {
    const [files, community] = await Promise.all([fileMetas(ctx.db, r.id), r.community_id ? findCommunityById(ctx.db, r.community_id) : null]);
    const p = await pageCtx(ctx, req);
    const values = { slug: catalogEntry(r.territorial_code)?.suggestedSlug ?? '', ...form.values };
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, await RequestPage({ p, r, files, form: { values, errors: form.errors }, communitySlug: community?.slug ?? null }), status);
  };

  app.get<{ Params: { id: string } }>('/manage/connections/:id', async (req, reply) => {
    nationalModerator(req);
    const r = await loadRequest(req.params.id);
    return renderRequest(req, reply, r, { values: {}, errors: {} });
  });

  app.get<{ Params: { id: string; kind: string } }>('/manage/connections/:id/files/:kind', async (req, reply) => {
    nationalModerator(req);
    const r = await loadRequest(req.params.id);
    const kind = req.params.kind;
    const file = kind === 'memorandum' || kind === 'letter' ? await fileData(ctx.db, r.id, kind) : null;
    if (!file) throw notFound('Такого файлу немає.');
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="request-${r.id}-${kind}.pdf"`)
      .type('application/pdf')
      .send(file.data);
  });

  app.post<{ Params: { id: string } }>('/manage/connections/:id/request-changes', { config: { permission: 'admin.review' } }, async (req, reply) => {
    const v = nationalModerator(req);
    const r = await loadRequest(req.params.id);
    const uk = req.lang === 'uk';
    const message = field(req.body, 'message');
    const problem = messageProblem(message, uk ? 'Напишіть, що потрібно виправити' : 'Write what needs changing', uk);
    if (problem) return renderRequest(req, reply, r, { values: { message }, errors: { message: problem } }, 400);
    await limited(v, req.lang);
    if (!(await requestChanges(ctx, v.id, r.id, message))) throw stale(req.lang);
    return reply.redirect(`/manage/connections/${r.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/manage/connections/:id/decline', { config: { permission: 'admin.review' } }, async (req, reply) => {
    const v = nationalModerator(req);
    const r = await loadRequest(req.params.id);
    const uk = req.lang === 'uk';
    const reason = field(req.body, 'reason');
    const problem = messageProblem(reason, uk ? 'Вкажіть причину відмови' : 'Give the reason for declining', uk);
    if (problem) return renderRequest(req, reply, r, { values: { reason }, errors: { reason: problem } }, 400);
    await limited(v, req.lang);
    if (!(await declineRequest(ctx, v.id, r.id, reason))) throw stale(req.lang);
    return reply.redirect(`/manage/connections/${r.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/manage/connections/:id/accept', { config: { permission: 'admin.review' } }, async (req, reply) => {
    const v = nationalModerator(req);
    const r = await loadRequest(req.params.id);
    const uk = req.lang === 'uk';
    const slug = field(req.body, 'slug').toLowerCase();
    const problem = slugProblem(slug, reservedSlugs(ctx.modules.map((m) => m.id)), req.lang);
    if (problem) return renderRequest(req, reply, r, { values: { slug }, errors: { slug: problem } }, 400);
    await limited(v, req.lang);
    const outcome = await acceptRequest(ctx, v.id, r.id, slug);
    if (!outcome.ok) {
      if (outcome.problem === 'state') throw stale(req.lang);
      const message =
        outcome.problem === 'slug-taken'
          ? uk
            ? `Адресу «${slug}» вже має інша громада — оберіть іншу`
            : `Another community already has «${slug}»; choose another`
          : uk
            ? 'Ця громада вже підключена до платформи'
            : 'This community is already connected';
      return renderRequest(req, reply, r, { values: { slug }, errors: { slug: message } }, 409);
    }
    return reply.redirect(`/manage/connections/${r.id}`, 303);
  });

  const renderCommunities = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    const q = queryString(req, 'q');
    const [list, reasons] = await Promise.all([searchCommunities(ctx.db, { q, includeSuspended: true }), latestStatusReasons(ctx.db)]);
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await CommunitiesPage({ p, list, reasons, form, q }), status);
  };

  app.get('/manage/communities', async (req, reply) => {
    nationalModerator(req);
    return renderCommunities(req, reply, { values: {}, errors: {} });
  });

  for (const act of ['suspend', 'reconnect'] as const) {
    app.post<{ Params: { slug: string } }>(`/manage/communities/:slug/${act}`, { config: { permission: 'admin.suspend' } }, async (req, reply) => {
      const v = nationalModerator(req);
      const c = await findCommunityBySlug(ctx.db, req.params.slug);
      if (!c) throw notFound('Такої громади на платформі немає.');
      const uk = req.lang === 'uk';
      const name = `reason-${c.slug}`;
      const reason = field(req.body, name);
      const errors: Record<string, string> = {};
      if (!reason)
        errors[name] =
          act === 'suspend'
            ? uk
              ? 'Вкажіть причину призупинення'
              : 'Give the reason to suspend'
            : uk
              ? 'Вкажіть причину відновлення'
              : 'Give the reason to reconnect';
      else if (reason.length > 1000) errors[name] = uk ? 'Не більше 1000 символів' : 'At most 1000 characters';
      if (Object.keys(errors).length) return renderCommunities(req, reply, { values: { [name]: reason }, errors }, 400);
      await limited(v, req.lang);
      const done = await setCommunityStatus(ctx, v.id, c, act === 'suspend' ? 'suspended' : 'connected', reason);
      if (!done) {
        throw new HttpError(
          409,
          'conflict',
          uk ? 'Стан громади вже змінився — оновіть сторінку.' : 'The community’s status has changed meanwhile; reload the page.',
        );
      }
      return reply.redirect(`/manage/communities#community-${c.slug}`, 303);
    });
  }

  // ----- A community's administrators: granted and revoked by the national moderator, audited -----

  const communityOf = async (slug: string) => {
    const c = await findCommunityBySlug(ctx.db, slug);
    if (!c) throw notFound('Такої громади на платформі немає.');
    return c;
  };
  const renderAdmins = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const { admins, candidates } = await communityAdmins(ctx, c);
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await CommunityAdminsPage({ p, c, admins, candidates, form }), status);
  };

  app.get<{ Params: { slug: string } }>('/manage/communities/:slug/admins', async (req, reply) => {
    nationalModerator(req);
    return renderAdmins(req, reply, await communityOf(req.params.slug), { values: {}, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/manage/communities/:slug/admins', { config: { permission: 'admin.community-admins' } }, async (req, reply) => {
    const v = nationalModerator(req);
    const c = await communityOf(req.params.slug);
    const raw = field(req.body, 'user_id');
    const userId = routeId(raw) ?? 0;
    await limited(v, req.lang);
    if (!(await grantCommunityAdmin(ctx, v.id, c, userId))) {
      const uk = req.lang === 'uk';
      return renderAdmins(
        req,
        reply,
        c,
        {
          values: { user_id: raw },
          errors: {
            user_id: uk
              ? 'Оберіть людину з роллю в цій громаді, яка ще не адміністратор'
              : 'Choose a person with a role in this community who is not an administrator yet',
          },
        },
        400,
      );
    }
    return reply.redirect(`/manage/communities/${c.slug}/admins`, 303);
  });

  app.post<{ Params: { slug: string; userId: string } }>(
    '/manage/communities/:slug/admins/:userId/revoke',
    { config: { permission: 'admin.community-admins' } },
    async (req, reply) => {
      const v = nationalModerator(req);
      const c = await communityOf(req.params.slug);
      const userId = idOr404(req.params.userId);
      await limited(v, req.lang);
      if (!(await revokeCommunityAdmin(ctx, v.id, c, userId)))
        throw notFound(req.lang === 'uk' ? 'Ця людина не адміністратор громади.' : 'This person is not a community administrator.');
      return reply.redirect(`/manage/communities/${c.slug}/admins`, 303);
    },
  );
}

/** A required message to the applicant (changes asked, reason for declining): what is wrong with it, or null. */
function messageProblem(text: string, missing: string, uk: boolean): string | null {
  if (!text) return missing;
  if (text.length > MESSAGE_MAX) return `${uk ? 'Не більше' : 'At most'} ${plural(MESSAGE_MAX, CHARACTERS_UP_TO, uk ? 'uk' : 'en')}`;
  return null;
}
