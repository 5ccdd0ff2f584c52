/** Who may do what in Open City, on top of the core policy: moderators, executors of a department, the reporter. */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { communityOr404, requireViewer } from '../../core/http/route-helpers.js';
import { forbidden, notFound } from '../../core/http/errors.js';
import { isExecutor, isToolModerator } from '../../core/permissions/policy.js';
import { participationOf, requireParticipationOf, type Participation } from '../../core/permissions/participation.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import type { Viewer } from '../../core/users/viewer.js';
import type { Actor } from './rules.js';
import { findReport, type ReportRow } from './repository.js';
import { ensureCommunitySetup } from './service/settings.js';
import { parseId } from './forms.js';

export const TOOL = 'open-city';
/** Reporting: every signed-in person (visitors see potholes too), e-mail sign-in where the community allows it. */
export const RULES = { allowEmail: true, residentsOnly: false, minAge: null };

export async function openCityOr404(ctx: CoreContext, slug: string): Promise<Community> {
  const c = await communityOr404(ctx, slug);
  if (!c.enabledTools.includes('open-city')) throw notFound('У цій громаді Відкрите місто не ввімкнено.');
  await ensureCommunitySetup(ctx.db, c);
  return c;
}

export function executorDepartments(v: Viewer | null, communityId: number): string[] {
  return (v?.roles ?? []).filter((r) => r.role === 'executor' && r.communityId === communityId && r.scope).map((r) => r.scope!);
}

export function staffRoleFor(v: Viewer | null, c: Community, r: ReportRow): Actor | null {
  if (isToolModerator(v, c.id, TOOL)) return 'moderator';
  if (r.status !== 'new' && isExecutor(v, c.id, r.departmentKey)) return 'executor';
  return null;
}

export function isStaff(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL) || executorDepartments(v, c.id).length > 0;
}

export function canSee(v: Viewer | null, c: Community, r: ReportRow): boolean {
  if (r.communityId !== c.id) return false;
  if (r.status !== 'new') return true;
  return isToolModerator(v, c.id, TOOL) || (v !== null && v.id === r.reporterUserId);
}

export function refusalFor(ctx: CoreContext, v: Viewer | null, c: Community): Promise<Participation> {
  return participationOf(ctx, v, c, RULES);
}

export function requireParticipation(req: FastifyRequest, r: Participation): void {
  requireParticipationOf(req.lang, r);
}

/** The report of the URL, if this viewer may see it (a new one: its reporter and the moderators only). */
export async function reportOr404(ctx: CoreContext, req: FastifyRequest<{ Params: { slug: string; id: string } }>): Promise<{ c: Community; r: ReportRow }> {
  const c = await openCityOr404(ctx, req.params.slug);
  const r = await findReport(ctx.db, parseId(req.params.id));
  if (!r || !canSee(req.viewer, c, r)) throw notFound(req.lang === 'uk' ? 'Такого звернення немає.' : 'No such report.');
  return { c, r };
}

/** Only the reporter confirms, reopens, answers the four-week question. */
export function reporterOnly(req: FastifyRequest, r: ReportRow): void {
  const v = requireViewer(req, refusalText('signed-out', req.lang, null));
  if (v.id !== r.reporterUserId) throw forbidden(req.lang === 'uk' ? 'Це може зробити лише автор звернення.' : 'Only the reporter can do this.');
}

/** A moderator of the tool, or an executor of the report's department once it is public; returns which. */
export function requireStaff(req: FastifyRequest, c: Community, r: ReportRow): Actor {
  requireViewer(req, refusalText('signed-out', req.lang, null));
  const role = staffRoleFor(req.viewer, c, r);
  if (!role)
    throw forbidden(
      req.lang === 'uk'
        ? 'Це можуть лише модератор Відкритого міста або виконавець цього підрозділу.'
        : 'Only an Open City moderator or an executor of this department can do this.',
    );
  return role;
}

export function requireModerator(req: FastifyRequest, c: Community): void {
  requireViewer(req, refusalText('signed-out', req.lang, null));
  if (!isToolModerator(req.viewer, c.id, TOOL))
    throw forbidden(
      req.lang === 'uk' ? 'Це можуть лише модератори Відкритого міста цієї громади.' : 'Only Open City moderators of this community can do this.',
    );
}
