/**
 * Who manages the terminals: whoever runs the ЦНАП (the moderator of the tool «cnap») and the community's
 * administrators — the same people as cnap/access.ts, since the terminals stand in the ЦНАП's halls.
 */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { isCommunityAdmin, isToolModerator } from '../../core/permissions/policy.js';
import { forbidden } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';

const TOOL = 'cnap';

export function mayManageTerminals(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL) || isCommunityAdmin(v, c.id);
}

export function terminalManagerOf(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!mayManageTerminals(v, c))
    throw forbidden(req.lang === 'uk' ? 'Ця сторінка — для тих, хто веде ЦНАП цієї громади.' : 'This page is for those who run this community’s ЦНАП.');
  return v;
}
