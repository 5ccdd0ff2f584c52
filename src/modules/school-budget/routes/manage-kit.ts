/**
 * What every page of the school budget's moderators starts with: who the viewer is to the department, the
 * school or the contest the address names (or 401/403/404), the page renderer and the rate limit.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { pageSender } from '../../../core/http/request-context.js';
import { HttpError, forbidden } from '../../../core/http/errors.js';
import { requireViewer } from '../../../core/http/route-helpers.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { canManageSchool, canManageTool, schoolCommunity, schoolContestOr404, schoolOr404 } from '../access.js';
import { contestGrades, type School } from '../repository.js';

export type S = { slug: string };
export type SS = S & { school: string };
export type SC = SS & { cid: string };

/** The request helpers of the moderators' routes, bound to the platform's context. */
export function schoolManageKit(ctx: CoreContext) {
  const page = pageSender(ctx);
  const uk = (req: FastifyRequest) => req.lang === 'uk';

  const signedIn = (req: FastifyRequest) => {
    requireViewer(req, uk(req) ? 'Увійдіть, щоб керувати шкільним бюджетом.' : 'Sign in to manage the school budget.');
  };
  const departmentOf = async (req: FastifyRequest<{ Params: S }>): Promise<Community> => {
    const c = await schoolCommunity(ctx, req.params.slug);
    signedIn(req);
    if (!canManageTool(req.viewer, c))
      throw forbidden(uk(req) ? 'Це може лише модератор шкільного бюджету громади.' : 'Only the community’s school budget moderator may do this.');
    return c;
  };
  const schoolOf = async (req: FastifyRequest<{ Params: SS }>): Promise<{ c: Community; school: School }> => {
    const c = await schoolCommunity(ctx, req.params.slug);
    signedIn(req);
    const school = await schoolOr404(ctx, c, req.params.school);
    if (!canManageSchool(req.viewer, c, school))
      throw forbidden(uk(req) ? 'Керувати цим закладом може лише його шкільний модератор.' : 'Only this school’s moderator may do this.');
    return { c, school };
  };
  const contestOf = async (req: FastifyRequest<{ Params: SC }>) => {
    const { c, school } = await schoolOf(req);
    const contest = await schoolContestOr404(ctx, school, req.params.cid);
    const grades = (await contestGrades(ctx.db, contest.id)) ?? { from: school.gradeFrom, to: school.gradeTo };
    return { c, school, contest, grades };
  };
  const limit = async (req: FastifyRequest, max = 300) => {
    const r = await hitRateLimit(ctx.db, { key: `school-budget:manage:${req.viewer!.id}`, max, windowSeconds: 3600 }, ctx.clock.now());
    if (!r.allowed) throw new HttpError(429, 'rate_limited', uk(req) ? 'Забагато дій за годину. Спробуйте пізніше.' : 'Too many actions this hour. Try later.');
  };
  const now = () => ctx.clock.now();
  return { page, uk, signedIn, departmentOf, schoolOf, contestOf, limit, now };
}
