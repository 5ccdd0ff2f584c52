/**
 * Who edits a community's website: its editors (a role per community), its local moderators and its
 * administrator, and the national moderator. The site's own host names and colours: its administrator and
 * the national moderator only.
 */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import { forbidden } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';
import { isCommunityAdmin, isCommunityModerator, isSiteEditor } from '../../core/permissions/policy.js';
import type { Viewer } from '../../core/users/viewer.js';

export function canEditSite(v: Viewer | null, c: Community): boolean {
  return isSiteEditor(v, c.id) || isCommunityModerator(v, c.id) || isCommunityAdmin(v, c.id);
}

export function requireSiteEditor(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!canEditSite(v, c))
    throw forbidden(req.lang === 'uk' ? 'Сайт громади редагують її редактори й модератори.' : 'The community’s editors and moderators edit its website.');
  return v;
}

export function requireSiteAdmin(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!isCommunityAdmin(v, c.id)) {
    throw forbidden(
      req.lang === 'uk' ? 'Адреси й кольори сайту змінює адміністратор громади.' : 'The community’s administrator sets the site’s addresses and colours.',
    );
  }
  return v;
}
