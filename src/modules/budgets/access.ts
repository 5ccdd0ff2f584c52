/** Who may do what in the community budget, on top of the core policy; and the voter key of a web user. */
import type { MapView } from '../../core/maps/map-picker.js';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { communityOr404, byRouteId } from '../../core/http/route-helpers.js';
import { notFound } from '../../core/http/errors.js';
import { personKeys } from '../../core/identity/person-key.js';
import { isToolModerator } from '../../core/permissions/policy.js';
import { participationOf, type Participation } from '../../core/permissions/participation.js';
import { findContest, type Contest } from './repository/contests.js';
import { projectsCentre } from './repository/projects.js';

export const TOOL = 'budgets';
export const OWNER = 'community';

export function canManage(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL);
}

export async function budgetCommunity(ctx: CoreContext, slug: string): Promise<Community> {
  const c = await communityOr404(ctx, slug);
  if (!c.enabledTools.includes('budgets')) throw notFound('У цій громаді громадський бюджет не ввімкнено.');
  return c;
}

/** A contest of this community's budget; drafts only for its moderators. */
export async function contestOr404(ctx: CoreContext, c: Community, rawId: string, viewer: Viewer | null): Promise<Contest> {
  const contest = await byRouteId(rawId, (id) => findContest(ctx.db, id));
  if (!contest || contest.communityId !== c.id || contest.owner !== OWNER) throw notFound('Такого конкурсу немає.');
  if (!contest.published && !canManage(viewer, c)) throw notFound('Такого конкурсу немає.');
  return contest;
}

/**
 * The person's key for one-person-one-act rows: the id.gov.ua identity key (the same one a terminal or a
 * paper ballot gives), or at the weaker level the key of the phone the account verified by SMS.
 */
export async function voterKeyOf(ctx: CoreContext, v: Viewer): Promise<string> {
  return (await personKeys(ctx, v)).personKey;
}

export function webRefusal(ctx: CoreContext, v: Viewer | null, c: Community, contest: Contest): Promise<Participation> {
  return participationOf(ctx, v, c, contest.eligibility);
}

/** How the project form's map opens in this community. */
export async function projectMap(ctx: CoreContext, c: Community): Promise<MapView> {
  return { center: await projectsCentre(ctx.db, c.id), tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution };
}
