/**
 * Linking an e-mail-level account to the id.gov.ua identity its owner has just proven. The weak account is
 * kept (its e-mail sign-in keeps working) but marked linked: every weak key it acted under is recorded as
 * the identity's, so whatever it does later is that identity's act and cannot be a second one; its past
 * double acts collapse to the earliest, each tool doing its part through `onIdentityLinked`. It is not
 * merged into the id.gov.ua account: an e-mail code must never open a session that speaks for a verified
 * person (names, residence, roles), and the acts keep the level they were made at.
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { recordAudit } from '../audit/audit-log.js';
import { sha256 } from '../sessions/sessions.js';
import { loadViewer } from '../users/users-repository.js';
import type { IdentityLink } from '../modules/manifest.js';
import { linkedIdentity, ownPersonKeys } from './person-key.js';
import { logAct } from '../tlog/acts.js';
import { logBackfilledAct } from '../tlog/backfill.js';

/** Whether this (weak) account has been linked to an identity. */
export async function isLinkedAccount(db: Db, weakUserId: number): Promise<boolean> {
  return (await db.selectFrom('identity_links').select('weak_key').where('weak_user_id', '=', weakUserId).executeTakeFirst()) !== undefined;
}

export type LinkOutcome =
  | { kind: 'linked'; collapsed: Record<string, number> }
  /** Not a weak account, or the signed-in one has no identity. */
  | { kind: 'not-linkable' }
  /** One of its keys already belongs to another identity: nothing linked. */
  | { kind: 'conflict' };

/** Links the weak account to the identity of `userId`, collapsing double acts, in one audited transaction. */
export async function linkWeakAccount(ctx: CoreContext, a: { weakUserId: number; userId: number }): Promise<LinkOutcome> {
  const strong = await ctx.db.selectFrom('users').select(['identity_key']).where('id', '=', a.userId).executeTakeFirst();
  const weak = await loadViewer(ctx.db, a.weakUserId);
  const weakRow = await ctx.db.selectFrom('users').select(['identity_key']).where('id', '=', a.weakUserId).executeTakeFirst();
  if (!strong?.identity_key || !weak || weak.level !== 'email' || weakRow?.identity_key) return { kind: 'not-linkable' };
  const identityKey = strong.identity_key;
  const own = await ownPersonKeys(ctx, weak);
  const weakKeys = [...new Set([own.personKey, ...(own.phoneKey ? [own.phoneKey] : []), `user:${a.weakUserId}`])];
  const now = ctx.clock.now();
  return inTransaction<LinkOutcome>(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('identity_links').select(['weak_key', 'identity_key']).where('weak_key', 'in', weakKeys).forUpdate().execute();
    if (existing.some((e) => e.identity_key !== identityKey)) {
      await recordAudit(trx, {
        communityId: null,
        actorUserId: a.userId,
        action: 'identity.link-refused',
        subjectType: 'user',
        subjectId: a.weakUserId,
        after: { weakUserId: a.weakUserId, userId: a.userId, reason: 'linked-to-another-identity' },
      });
      return { kind: 'conflict' };
    }
    await trx
      .insertInto('identity_links')
      .values(weakKeys.map((k) => ({ weak_key: k, identity_key: identityKey, weak_user_id: a.weakUserId, user_id: a.userId, linked_at: now })))
      .onConflict((oc) => oc.column('weak_key').doNothing())
      .execute();
    const collapsed = await collapseActs(ctx, trx, { identityKey, weakKeys, weakUserId: a.weakUserId, userId: a.userId, now });
    // User ids and counts only: the keys are a person's pseudonyms and stay out of the log.
    await recordAudit(trx, {
      communityId: null,
      actorUserId: a.userId,
      action: 'identity.linked',
      subjectType: 'user',
      subjectId: a.weakUserId,
      after: { weakUserId: a.weakUserId, userId: a.userId, ...collapsed },
    });
    return { kind: 'linked', collapsed };
  });
}

/**
 * Called by the id.gov.ua callback once the person's account is upserted: when the sign-in was started by a
 * weak account asking to be linked (its state says so), links it.
 */
export async function linkAfterIdGovUaSignIn(ctx: CoreContext, state: string, userId: number): Promise<LinkOutcome | null> {
  const row = await ctx.db.selectFrom('oauth_states').select('link_user_id').where('state_hash', '=', sha256(state)).executeTakeFirst();
  if (!row?.link_user_id) return null;
  return linkWeakAccount(ctx, { weakUserId: row.link_user_id, userId });
}

/**
 * Every tool collapses the double acts made under `weakKeys` and `identityKey` to the earliest, which takes
 * `identityKey` (manifest hook `onIdentityLinked`), in the caller's transaction; returns the counts per tool.
 */
async function collapseActs(ctx: CoreContext, trx: Db, a: Omit<IdentityLink, 'logAct' | 'logPreLogAct'>): Promise<Record<string, number>> {
  const link: IdentityLink = { ...a, logAct: (act) => logAct(ctx, trx, act), logPreLogAct: (act) => logBackfilledAct(ctx, trx, act) };
  const collapsed: Record<string, number> = {};
  for (const m of ctx.modules) {
    const facts = await m.onIdentityLinked?.(trx, link);
    for (const [k, n] of Object.entries(facts ?? {})) collapsed[`${m.id}.${k}`] = n;
  }
  return collapsed;
}

/**
 * The keys an e-mail account acted under before its phone was verified: a keyed hash of its e-mail
 * (petitions, budgets) and its own id (consultations). Rows under them predate the SMS step.
 */
export function legacyWeakKeys(secretKey: string, a: { userId: number; email: string }): string[] {
  const email = `email:${createHmac('sha256', secretKey).update(`email:${a.email.toLowerCase()}`).digest('hex')}`;
  return [email, `user:${a.userId}`];
}

/**
 * An e-mail account made before phones were verified has just verified one: its older acts move to the
 * phone's key (or the identity that key is linked to), and where the same person also acted under that key
 * the earliest act stays and the later ones are annulled as `duplicate-linked`, as when linking an identity.
 * Deleting the account or changing its e-mail then changes nothing for those acts either.
 */
export async function adoptLegacyKeys(ctx: CoreContext, a: { userId: number; email: string; phoneKey: string }): Promise<Record<string, number>> {
  const identityKey = (await linkedIdentity(ctx.db, [a.phoneKey])) ?? a.phoneKey;
  const weakKeys = legacyWeakKeys(ctx.config.secretKey, a);
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const collapsed = await collapseActs(ctx, trx, { identityKey, weakKeys, weakUserId: a.userId, userId: a.userId, now });
    if (Object.values(collapsed).some((n) => n > 0)) {
      // Counts only: the keys are a person's pseudonyms and stay out of the log.
      await recordAudit(trx, {
        communityId: null,
        actorUserId: a.userId,
        action: 'identity.legacy-keys-adopted',
        subjectType: 'user',
        subjectId: a.userId,
        after: collapsed,
      });
    }
    return collapsed;
  });
}
