/**
 * The key one person acts under where a tool allows one act per person (a signature, a vote, a support):
 * the id.gov.ua identity key (the same one a terminal or a paper ballot gives), or for e-mail accounts a
 * keyed hash of the e-mail, with a keyed hash of the phone beside it for spotting one person's accounts.
 * A weak key linked to an identity (core/identity/identity-links.ts) acts as that identity.
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { Viewer } from '../users/viewer.js';
import type { Db } from '../db/database.js';

export async function personKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const own = await ownPersonKeys(ctx, v);
  if (!isWeakKey(own.personKey)) return own;
  const identity = await linkedIdentity(ctx.db, [own.personKey, ...(own.phoneKey ? [own.phoneKey] : [])]);
  return identity ? { personKey: identity, phoneKey: null } : own;
}

/** The keys of the account itself, before any link: what a link records. */
export async function ownPersonKeys(ctx: CoreContext, v: Viewer): Promise<{ personKey: string; phoneKey: string | null }> {
  const u = await ctx.db.selectFrom('users').select(['identity_key']).where('id', '=', v.id).executeTakeFirstOrThrow();
  if (u.identity_key) return { personKey: u.identity_key, phoneKey: null };
  const h = (s: string) => createHmac('sha256', ctx.config.secretKey).update(s).digest('hex');
  return { personKey: `email:${h(`email:${(v.email ?? '').toLowerCase()}`)}`, phoneKey: v.phone ? `phone:${h(`phone:${v.phone}`)}` : null };
}

/** Weak keys name their kind; an identity key is a bare keyed hash. `user:<id>` is the consultations' weak key. */
export function isWeakKey(key: string): boolean {
  return /^(email|phone|user):/.test(key);
}

/** The identity one of these weak keys was linked to (core/identity/identity-links.ts), or null. */
export async function linkedIdentity(db: Db, weakKeys: readonly string[]): Promise<string | null> {
  if (weakKeys.length === 0) return null;
  const r = await db.selectFrom('identity_links').select('identity_key').where('weak_key', 'in', weakKeys).orderBy('linked_at').executeTakeFirst();
  return r?.identity_key ?? null;
}
