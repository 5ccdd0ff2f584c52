/**
 * The key one person acts under where a tool allows one act per person (a signature, a vote, a support):
 * the id.gov.ua identity key (the same one a terminal or a paper ballot gives), or for e-mail accounts a
 * keyed hash of the e-mail, with a keyed hash of the phone beside it for spotting one person's accounts.
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { Viewer } from '../users/viewer.js';

export async function personKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const u = await ctx.db.selectFrom('users').select(['identity_key']).where('id', '=', v.id).executeTakeFirstOrThrow();
  if (u.identity_key) return { personKey: u.identity_key, phoneKey: null };
  const h = (s: string) => createHmac('sha256', ctx.config.secretKey).update(s).digest('hex');
  return { personKey: `email:${h(`email:${(v.email ?? '').toLowerCase()}`)}`, phoneKey: v.phone ? `phone:${h(`phone:${v.phone}`)}` : null };
}
