/**
 * May this viewer take part in this community under these rules, now? The one lookup every tool makes
 * before showing a button or accepting an act: the person's block in the community, then the policy.
 */
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import type { Viewer } from '../users/viewer.js';
import type { Lang } from '../i18n/index.js';
import { blockOf } from '../moderation/moderation-service.js';
import { kyivDateOf } from '../calendar/index.js';
import { HttpError } from '../http/errors.js';
import { participationRefusal, type ParticipationRefusal, type ParticipationRules } from './policy.js';
import { refusalText } from './refusal-text.js';

export interface Participation {
  refusal: ParticipationRefusal | null;
  /** The moderator's reason when the person is blocked in this community. */
  blockReason: string | null;
}

export async function participationOf(ctx: CoreContext, viewer: Viewer | null, community: Community, rules: ParticipationRules): Promise<Participation> {
  const block = viewer ? await blockOf(ctx.db, community.id, viewer.id) : null;
  const refusal = participationRefusal(viewer, community, rules, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) });
  return { refusal, blockReason: block?.reason ?? null };
}

/** For an act: signed out is 401, any other refusal 403 with its explanation. */
export function requireParticipationOf(lang: Lang, p: Participation): void {
  if (p.refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(p.refusal, lang, null));
  if (p.refusal) throw new HttpError(403, p.refusal, refusalText(p.refusal, lang, p.blockReason));
}
