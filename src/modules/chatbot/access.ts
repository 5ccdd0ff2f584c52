/**
 * Who may run a community’s chat-bot: each of its local moderators, its administrator, and the national
 * moderator (the same people the «Керування» link is shown to). Residents only talk to the bot.
 */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import { forbidden } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';
import { isCommunityAdmin, isCommunityModerator } from '../../core/permissions/policy.js';
import type { Viewer } from '../../core/users/viewer.js';

export function canManageBot(v: Viewer | null, c: Community): boolean {
  return isCommunityModerator(v, c.id) || isCommunityAdmin(v, c.id);
}

/** The signed-in manager of this community's bot, or 401 (signed out) / 403. */
export function requireBotManager(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!canManageBot(v, c)) {
    throw forbidden(req.lang === 'uk' ? 'Чат-бот громади налаштовують її модератори.' : 'The community’s moderators set up its chat-bot.');
  }
  return v;
}
