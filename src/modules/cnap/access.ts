/** Who manages the ЦНАП site: the community's moderators of the tool «cnap» and its administrators. */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { isCommunityAdmin, isToolModerator } from '../../core/permissions/policy.js';
import { forbidden } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';

export const TOOL = 'cnap';

export function mayManage(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL) || isCommunityAdmin(v, c.id);
}

/** The manager of this community's ЦНАП site; everyone else is refused the page. */
export function managerOf(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!mayManage(v, c))
    throw forbidden(
      req.lang === 'uk' ? 'Ця сторінка — для тих, хто веде сайт ЦНАП цієї громади.' : 'This page is for the managers of this community’s ЦНАП site.',
    );
  return v;
}
