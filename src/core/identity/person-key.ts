/**
 * The key one person acts under where a tool allows one act per person (a signature, a vote, a poll
 * answer, a support): the id.gov.ua identity key (the same one a terminal or a paper ballot gives), or,
 * at the weaker level, the key of the phone the account verified by SMS (core/identity/phone.ts). A new
 * e-mail, or an account deleted and made again, verifying the same phone acts under the same key.
 * A weak key linked to an identity (core/identity/identity-links.ts) acts as that identity.
 */
import type { CoreContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Viewer } from '../users/viewer.js';

/**
 * `phoneKey` is the weak level's phone key beside it (null for id.gov.ua): petitions refuse a second
 * signature by either, which also catches signatures stored before the person key was the phone's.
 */
export async function personKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const own = await ownPersonKeys(ctx, v);
  if (!isWeakKey(own.personKey)) return own;
  const identity = await linkedIdentity(ctx.db, [own.personKey, ...(own.phoneKey ? [own.phoneKey] : [])]);
  return identity ? { personKey: identity, phoneKey: null } : own;
}

/** The keys of the account itself, before any link: what a link records. */
export async function ownPersonKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const u = await ctx.db.selectFrom('users').select(['id', 'identity_key', 'phone_key']).where('id', '=', v.id).executeTakeFirstOrThrow();
  return { personKey: keyOf(u), phoneKey: u.identity_key ? null : u.phone_key };
}

/** The person key of an account, by its id (for reads such as «what did I answer»), following a link. */
export async function personKeyOfUser(db: Db, userId: number): Promise<string> {
  const u = await db.selectFrom('users').select(['id', 'identity_key', 'phone_key']).where('id', '=', userId).executeTakeFirst();
  if (!u) return `user:${userId}`;
  const own = keyOf(u);
  return isWeakKey(own) ? ((await linkedIdentity(db, [own])) ?? own) : own;
}

/**
 * An e-mail account without a verified phone signs in no more (the SMS step makes the key, and migration
 * core-007 ended the sessions of older accounts): only an account made directly in the database, as
 * some test fixtures do, falls back to itself.
 */
function keyOf(u: { id: number; identity_key: string | null; phone_key: string | null }): string {
  return u.identity_key ?? u.phone_key ?? `user:${u.id}`;
}

/** Weak keys name their kind; an identity key is a bare keyed hash. */
export function isWeakKey(key: string): boolean {
  return /^(email|phone|user):/.test(key);
}

/** The identity one of these weak keys was linked to (core/identity/identity-links.ts), or null. */
export async function linkedIdentity(db: Db, weakKeys: readonly string[]): Promise<string | null> {
  if (weakKeys.length === 0) return null;
  const r = await db.selectFrom('identity_links').select('identity_key').where('weak_key', 'in', weakKeys).orderBy('linked_at').executeTakeFirst();
  return r?.identity_key ?? null;
}
