/**
 * Suspension stops every channel at once: the web forms, the terminals and chat-bots of the channel API,
 * paper ballot imports, school voting codes and Open311. Every channel asks this one place, and the
 * write that records participation asks it again inside its own transaction (the row is read FOR SHARE,
 * so a suspension waits for a ballot in flight, and a ballot after it sees it).
 */
import type { Db } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import type { Lang } from '../i18n/index.js';
import type { Community } from './community.js';

/** Does this community take new participation (signatures, votes, answers, posts, reports) now? */
export function participationOpen(c: Pick<Community, 'status'>): boolean {
  return c.status === 'connected';
}

export function suspendedText(lang: Lang): string {
  return lang === 'uk' ? 'Участь у цій громаді тимчасово призупинено.' : 'Participation in this community is suspended.';
}

export class CommunitySuspendedError extends HttpError {
  constructor(lang: Lang) {
    super(403, 'community_suspended', suspendedText(lang));
  }
}

/** Inside the transaction that records participation: throws CommunitySuspendedError unless the community takes it. */
export async function assertParticipationOpen(db: Db, communityId: number, lang: Lang = 'uk'): Promise<void> {
  const r = await db.selectFrom('communities').select('status').where('id', '=', communityId).forShare().executeTakeFirst();
  if (!r || !participationOpen(r)) throw new CommunitySuspendedError(lang);
}
