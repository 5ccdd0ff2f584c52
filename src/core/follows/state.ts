/** What a page's follow box shows: computed by the page's route, given to its view (core/follows/views.tsx). */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import { findFollow, hasConfirmedEmail } from './repository.js';
import type { FollowState } from './views.js';

/**
 * The box for following `tool` ('' = the community) or one `item` of it on the page of `req`. Pass the
 * item's id as text, as its module's `followEvents` names it.
 */
export async function followState(ctx: CoreContext, req: FastifyRequest, c: Community, tool = '', item = ''): Promise<FollowState> {
  const returnTo = new URL(req.url, 'http://localhost').pathname;
  const v = req.viewer;
  if (!v) return { kind: 'signed-out', returnTo };
  if (!(await hasConfirmedEmail(ctx.db, v.id))) return { kind: 'unconfirmed', returnTo };
  const f = await findFollow(ctx.db, v.id, c.id, { tool, item });
  return f ? { kind: 'following', followId: f.id, frequency: f.frequency, returnTo } : { kind: 'can-follow', slug: c.slug, target: { tool, item }, returnTo };
}
