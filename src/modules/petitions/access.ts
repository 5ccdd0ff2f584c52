/**
 * Who may do what with petitions, on top of the core policy: residents start and sign by a petition's own
 * rules (or the community's settings for one being started); the tool's moderators moderate.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { isToolModerator } from '../../core/permissions/policy.js';
import { participationOf, type Participation } from '../../core/permissions/participation.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import { forbidden, HttpError } from '../../core/http/errors.js';
import { requireViewer } from '../../core/http/route-helpers.js';
import type { PetitionRules } from './rules.js';
import type { PetitionSettings } from './settings.js';
import { loadSettings } from './repository.js';

/** Who may sign: a petition's own rules (see rules.ts), or the settings for one being started. */
export type Eligibility = Pick<PetitionRules, 'allowEmail' | 'residentsOnly' | 'minAge'>;

export function participation(ctx: CoreContext, v: Viewer | null, c: Community, s: Eligibility): Promise<Participation> {
  return participationOf(ctx, v, c, { allowEmail: s.allowEmail, residentsOnly: s.residentsOnly, minAge: s.minAge });
}

export function signedIn(req: FastifyRequest): Viewer {
  return requireViewer(req);
}

/** Starting a petition needs the same right as signing one; explain when it is missing. */
export async function mayStart(ctx: CoreContext, req: FastifyRequest, c: Community): Promise<{ v: Viewer; settings: PetitionSettings }> {
  const v = signedIn(req);
  const settings = await loadSettings(ctx.db, c);
  const { refusal, blockReason } = await participation(ctx, v, c, settings);
  if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
  return { v, settings };
}

/** The tool's moderators of this community; everyone else is refused the page. */
export function moderatorOf(req: FastifyRequest, c: Community): Viewer {
  const v = requireViewer(req);
  if (!isToolModerator(v, c.id, 'petitions'))
    throw forbidden(req.lang === 'uk' ? 'Ця сторінка — для модераторів петицій цієї громади.' : 'This page is for the petition moderators of this community.');
  return v;
}
