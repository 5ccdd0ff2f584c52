/** Who may do what in the community budget, on top of the core policy; and the voter key of a web user. */
import type { MapView } from '../../core/maps/map-picker.js';
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { communityOr404 } from '../../core/communities/routes.js';
import { notFound } from '../../core/http/errors.js';
import { isToolModerator, participationRefusal, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { blockOf } from '../../core/moderation/moderation-service.js';
import { kyivDateOf } from '../../core/calendar/index.js';
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
  const contest = /^\d{1,9}$/.test(rawId) ? await findContest(ctx.db, Number(rawId)) : null;
  if (!contest || contest.communityId !== c.id || contest.owner !== OWNER) throw notFound('Такого конкурсу немає.');
  if (!contest.published && !canManage(viewer, c)) throw notFound('Такого конкурсу немає.');
  return contest;
}

/**
 * The person's key for one-person-one-act rows: the id.gov.ua identity key (the same one a terminal or a
 * paper ballot gives), or for e-mail accounts a keyed hash of the e-mail.
 */
export async function voterKeyOf(ctx: CoreContext, v: Viewer): Promise<string> {
  const u = await ctx.db.selectFrom('users').select('identity_key').where('id', '=', v.id).executeTakeFirstOrThrow();
  if (u.identity_key) return u.identity_key;
  return `email:${createHmac('sha256', ctx.config.secretKey).update(`email:${(v.email ?? '').toLowerCase()}`).digest('hex')}`;
}

export async function webRefusal(ctx: CoreContext, v: Viewer | null, c: Community, contest: Contest): Promise<{ refusal: ParticipationRefusal | null; blockReason: string | null }> {
  const block = v ? await blockOf(ctx.db, c.id, v.id) : null;
  const refusal = participationRefusal(v, c, contest.eligibility, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) });
  return { refusal, blockReason: block?.reason ?? null };
}

/** How the project form's map opens in this community. */
export async function projectMap(ctx: CoreContext, c: Community): Promise<MapView> {
  return { center: await projectsCentre(ctx.db, c.id), tileUrl: ctx.config.tileUrl, attribution: ctx.config.tileAttribution };
}
