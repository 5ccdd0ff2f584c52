/** What the public and the staff pages share: the report page with its form state, and rate limits. */
import { personKeyOfUser } from '../../../core/identity/person-key.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError } from '../../../core/http/errors.js';
import type { FormState } from '../../../core/views/forms.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { isToolModerator } from '../../../core/permissions/policy.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { fullName } from '../../../core/users/viewer.js';
import { isStaff, refusalFor, staffRoleFor, TOOL } from '../access.js';
import {
  findReporterAccount,
  hasSupported,
  listCategories,
  listDepartments,
  listReports,
  listUpdates,
  reportSubscribers,
  type ReportRow,
} from '../repository.js';
import { reportPhotoIds } from '../repository/photos.js';
import { ReportPage, type ReportView } from '../views/report.js';
import { parseFilters } from '../forms.js';

export const PER_PAGE = 20;

export async function limit(ctx: CoreContext, req: FastifyRequest, key: string, max: number, windowSeconds = 3600): Promise<void> {
  const res = await hitRateLimit(ctx.db, { key, max, windowSeconds }, ctx.clock.now());
  if (!res.allowed)
    throw new HttpError(
      429,
      'rate_limited',
      req.lang === 'uk' ? 'Забагато дій за короткий час. Зачекайте трохи.' : 'Too many actions in a short time. Wait a little.',
    );
}

/** Renders a report for this viewer: staff see internal notes and the reporter's contacts; hidden text only for staff. */
export async function renderReport(
  ctx: CoreContext,
  req: FastifyRequest,
  reply: FastifyReply,
  c: Community,
  r: ReportRow,
  form: FormState,
  flash = '',
  status = 200,
) {
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
      const u = await findReporterAccount(ctx.db, r.reporterUserId);
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
    supported: v ? await hasSupported(ctx.db, r.id, await personKeyOfUser(ctx.db, v.id)) : false,
    subscribed,
    now: ctx.clock.now(),
    flash,
    form,
    canSupport: part.refusal === null || part.refusal === 'signed-out',
  };
  return sendHtml(
    reply,
    await ReportPage({ p, c, v: view, tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution, moderator: isToolModerator(v, c.id, TOOL) }),
    status,
  );
}

/**
 * The public reports a list, its map or its feed shows: the community's reports a moderator has not hidden,
 * under the filter of the page's query (a part it cannot read is left out, as the page does).
 */
export async function publicReportsOf(ctx: CoreContext, req: FastifyRequest, c: Community, page: { limit: number; offset?: number; withPoint?: boolean }) {
  const categories = await listCategories(ctx.db, c.id);
  const pf = parseFilters(req, categories);
  const { rows, total } = await listReports(ctx.db, {
    communityId: c.id,
    statuses: pf.statuses,
    categoryIds: pf.categoryIds,
    from: pf.from,
    to: pf.to,
    notHidden: true,
    ...page,
  });
  return { categories, pf, rows, total };
}
