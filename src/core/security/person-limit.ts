/**
 * Rate limits on a resident's participation (signing, voting, supporting, commenting, reporting) count per
 * person, not per account: at the weaker level one verified phone may back several e-mail accounts, and
 * each would otherwise get its own allowance. The person key (core/identity/person-key.ts) is the same for
 * all of them, and for an account linked to its id.gov.ua identity.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { personKeys } from '../identity/person-key.js';
import type { Viewer } from '../users/viewer.js';
import { hitRateLimit } from './rate-limit.js';

const TOO_MANY = {
  uk: 'Забагато дій за короткий час. Спробуйте пізніше.',
  en: 'Too many actions in a short time. Try later.',
} as const;

/**
 * Counts one `what` of this person against `max` per window; false past it. The same allowance whatever
 * the channel: the chat-bot counts a signature or a report against the web's key.
 */
export async function hitPersonLimit(ctx: CoreContext, viewer: Viewer, what: string, max: number, windowSeconds = 3600): Promise<boolean> {
  const { personKey } = await personKeys(ctx, viewer);
  const r = await hitRateLimit(ctx.db, { key: `${what}:person:${personKey}`, max, windowSeconds }, ctx.clock.now());
  return r.allowed;
}

export const TOO_MANY_TEXT = TOO_MANY;

/** Counts one `what` of this person against `max` per window; past it, a 429 and nothing is written. */
export async function limitPerPerson(ctx: CoreContext, req: FastifyRequest, viewer: Viewer, what: string, max: number, windowSeconds = 3600): Promise<void> {
  if (!(await hitPersonLimit(ctx, viewer, what, max, windowSeconds))) throw new HttpError(429, 'rate_limited', TOO_MANY[req.lang]);
}
