/**
 * Who runs the e-queue: those who keep the ЦНАП site (the community's moderators of the tool «cnap») and
 * the community's administrators. Booking is for every signed-in person, each their own bookings only.
 */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { isCommunityAdmin, isToolModerator } from '../../core/permissions/policy.js';
import { forbidden } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';
import { pick } from '../../core/i18n/index.js';

export function mayManage(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, 'cnap') || isCommunityAdmin(v, c.id);
}

/** The manager of this community's e-queue; everyone else is refused the page. */
export function managerOf(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!mayManage(v, c))
    throw forbidden(
      pick({ uk: 'Ця сторінка — для тих, хто веде ЦНАП цієї громади.', en: 'This page is for the managers of this community’s ЦНАП.' }, req.lang),
    );
  return v;
}
