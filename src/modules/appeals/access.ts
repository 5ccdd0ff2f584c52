/**
 * Who may see and answer appeals. Appeals are never public and carry personal data, so they are seen by
 * their author and by those of the community whose task is to answer them: its petitions moderator (the
 * council's office for citizens' requests) and its administrator. Nobody else — not the other tools'
 * moderators, not the national moderator, who has no task with a community's letters.
 */
import type { FastifyRequest } from 'fastify';
import type { Community } from '../../core/communities/community.js';
import { forbidden, notFound } from '../../core/http/errors.js';
import { pick } from '../../core/i18n/index.js';
import { requireViewer } from '../../core/http/route-helpers.js';
import type { Viewer } from '../../core/users/viewer.js';
import type { Appeal } from './repository.js';

export function canAnswer(v: Viewer | null, c: Community): boolean {
  return !!v?.roles.some((r) => r.communityId === c.id && ((r.role === 'moderator' && r.tool === 'petitions') || r.role === 'community_admin'));
}

export function canSee(v: Viewer | null, c: Community, a: Appeal): boolean {
  if (a.communityId !== c.id || !v) return false;
  return a.userId === v.id || canAnswer(v, c);
}

const NOT_FOUND = { uk: 'Такого звернення немає.', en: 'No such appeal.' };

/** The signed-in staff member who answers this community's appeals, or 401 (signed out) / 403. */
export function requireAnswerer(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!canAnswer(v, c)) {
    throw forbidden(
      pick({ uk: 'Звернення громади розглядають її відповідальні працівники.', en: 'The community’s appeals are handled by its responsible staff.' }, req.lang),
    );
  }
  return v;
}

export function appealNotFound(req: FastifyRequest): Error {
  return notFound(pick(NOT_FOUND, req.lang));
}
