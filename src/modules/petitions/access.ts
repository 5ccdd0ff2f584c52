/**
 * Who may do what with petitions, on top of the core policy: residents start and sign by a petition's own
 * rules (or the community's settings for one being started); the tool's moderators moderate.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import { blockOf } from '../../core/moderation/moderation-service.js';
import { participationRefusal, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { kyivDateOf } from '../../core/calendar/index.js';
import type { PetitionRules } from './rules.js';

/** Who may sign: a petition's own rules (see rules.ts), or the settings for one being started. */
export type Eligibility = Pick<PetitionRules, 'allowEmail' | 'residentsOnly' | 'minAge'>;

export async function participation(ctx: CoreContext, v: Viewer | null, c: Community, s: Eligibility): Promise<{ refusal: ParticipationRefusal | null; blockReason: string | null }> {
  const block = v ? await blockOf(ctx.db, c.id, v.id) : null;
  const refusal = participationRefusal(v, c, { allowEmail: s.allowEmail, residentsOnly: s.residentsOnly, minAge: s.minAge }, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) });
  return { refusal, blockReason: block?.reason ?? null };
}
