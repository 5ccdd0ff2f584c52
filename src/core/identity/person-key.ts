/**
 * The key one person acts under where a tool allows one act per person (a signature, a vote, a poll
 * answer, a support): the id.gov.ua identity key (the same one a terminal or a paper ballot gives), or,
 * at the weaker level, the key of the phone the account verified by SMS (core/identity/phone.ts). A new
 * e-mail, or an account deleted and made again, verifying the same phone acts under the same key.
 */
import type { CoreContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Viewer } from '../users/viewer.js';

/**
 * `phoneKey` is the weak level's phone key beside it (null for id.gov.ua): petitions refuse a second
 * signature by either, which also catches signatures stored before the person key was the phone's.
 */
export async function personKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const u = await ctx.db.selectFrom('users').select(['id', 'identity_key', 'phone_key']).where('id', '=', v.id).executeTakeFirstOrThrow();
  return { personKey: keyOf(u), phoneKey: u.identity_key ? null : u.phone_key };
}

/** The person key of an account, by its id (for reads such as «what did I answer»). */
export async function personKeyOfUser(db: Db, userId: number): Promise<string> {
  const u = await db.selectFrom('users').select(['id', 'identity_key', 'phone_key']).where('id', '=', userId).executeTakeFirst();
  return u ? keyOf(u) : `user:${userId}`;
}

/**
 * An e-mail account without a verified phone signs in no more (the SMS step makes the key, and migration
 * core-004 ended the sessions of older accounts): only an account made directly in the database, as
 * some test fixtures do, falls back to itself.
 */
function keyOf(u: { id: number; identity_key: string | null; phone_key: string | null }): string {
  return u.identity_key ?? u.phone_key ?? `user:${u.id}`;
}
