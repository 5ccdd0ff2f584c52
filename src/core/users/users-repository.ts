/** Accounts: one per person (identity_key) or per verified e-mail, and the roles they hold. */
import { inTransaction } from '../db/transaction.js';
import type { ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../db/database.js';
import type { CoreTables } from '../db/schema.js';
import type { Viewer, RoleGrant } from './viewer.js';
import type { AddressResolution } from '../katottg/address.js';
import { residencyAfterSignIn } from '../residency/rules.js';

export interface VerifiedPerson {
  identityKey: string;
  lastName: string;
  firstName: string;
  patronymic: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  /** A settlement code known without an address (tests that make people directly); ignored with `residence`. */
  territorialCode: string | null;
  authType: string | null;
  /** The registered address id.gov.ua returned, and how it matched the codifier. */
  residence?: { address: string | null; resolution: AddressResolution };
}

/**
 * Signs a person in: finds their account by identity_key or creates it, refreshing what id.gov.ua says
 * (names, residence) on every sign-in, and hands over roles promised to them before.
 */
export async function upsertVerifiedUser(db: Db, p: VerifiedPerson, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const prev = p.residence
      ? await trx
          .selectFrom('users')
          .select(['registered_address', 'territorial_code', 'residency_status'])
          .where('identity_key', '=', p.identityKey)
          .executeTakeFirst()
      : undefined;
    const residency = p.residence
      ? residencyAfterSignIn(p.residence.address, p.residence.resolution, prev)
      : { territorial_code: p.territorialCode, residency_status: p.territorialCode ? ('matched' as const) : null };
    const values = {
      last_name: p.lastName,
      first_name: p.firstName,
      patronymic: p.patronymic,
      email: p.email,
      phone: p.phone,
      birth_date: p.birthDate,
      ...residency,
      residency_candidates: JSON.stringify('residency_candidates' in residency ? residency.residency_candidates : []),
      auth_type: p.authType,
      last_sign_in_at: now,
      deleted_at: null,
    };
    const row = await trx
      .insertInto('users')
      .values({ identity_key: p.identityKey, verification_level: 'idgovua', ...values })
      .onConflict((oc) => oc.column('identity_key').doUpdateSet(values))
      .returning('id')
      .executeTakeFirstOrThrow();
    // Only roles promised to this identity. A role promised to an e-mail address waits until the person
    // proves the address with a code (cabinet): id.gov.ua reports whatever address the person typed there.
    await claimPendingGrants(trx, row.id, { identityKey: p.identityKey, email: null });
    return row.id;
  });
}

/**
 * E-mail + phone accounts: the weaker level, one per verified e-mail, each holding the key of the phone it
 * verified (several accounts verifying one phone share the key, and so are one person where it counts).
 * `firstPhone`: the account existed before phones were verified and has just verified one (its older acts
 * are under legacy keys, core/identity/identity-links.ts `adoptLegacyKeys`).
 */
export async function upsertEmailUser(
  db: Db,
  who: { email: string; phone: string; phoneKey: string },
  now: Date,
): Promise<{ userId: number; firstPhone: boolean }> {
  const { email, phone } = who;
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'phone_key'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('identity_key', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    let id: number;
    if (existing) {
      await trx
        .updateTable('users')
        .set({ phone, phone_key: who.phoneKey, phone_verified_at: now, last_sign_in_at: now })
        .where('id', '=', existing.id)
        .execute();
      id = existing.id;
    } else {
      const row = await trx
        .insertInto('users')
        .values({ verification_level: 'email', email, phone, phone_key: who.phoneKey, phone_verified_at: now, last_sign_in_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await claimPendingGrants(trx, id, { identityKey: null, email });
    return { userId: id, firstPhone: existing !== undefined && existing.phone_key === null };
  });
}

/** Hands over the roles promised to an e-mail address whose ownership the user has just proved by a code. */
export async function claimGrantsOfConfirmedEmail(db: Db, userId: number, email: string): Promise<RoleGrant[]> {
  return claimPendingGrants(db, userId, { identityKey: null, email });
}

/** Whether roles wait for whoever confirms this address (the cabinet then offers the confirmation). */
export async function rolesAwaitEmail(db: Db, email: string | null): Promise<boolean> {
  if (!email) return false;
  const row = await db
    .selectFrom('role_grants_pending')
    .select('id')
    .where('claimed_at', 'is', null)
    .where('identity_key', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

async function claimPendingGrants(db: Db, userId: number, who: { identityKey: string | null; email: string | null }): Promise<RoleGrant[]> {
  let q = db.selectFrom('role_grants_pending').selectAll().where('claimed_at', 'is', null);
  const email = (who.email ?? '').toLowerCase();
  if (!who.identityKey && !email) return [];
  const byEmail = (eb: ExpressionBuilder<CoreTables, 'role_grants_pending'>) =>
    eb.and([eb('identity_key', 'is', null), eb(eb.fn('lower', ['email']), '=', email)]);
  q = who.identityKey
    ? q.where((eb) => (email ? eb.or([eb('identity_key', '=', who.identityKey), byEmail(eb)]) : eb('identity_key', '=', who.identityKey)))
    : q.where(byEmail);
  const grants = await q.execute();
  for (const g of grants) {
    await db
      .insertInto('role_assignments')
      .values({ user_id: userId, role: g.role, community_id: g.community_id, tool: g.tool, scope: g.scope })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db.updateTable('role_grants_pending').set({ claimed_at: new Date() }).where('id', '=', g.id).execute();
  }
  return grants.map((g) => ({ role: g.role, communityId: g.community_id, tool: g.tool, scope: g.scope }));
}

export async function loadViewer(db: Db, userId: number): Promise<Viewer | null> {
  // One round trip: every signed-in request loads its viewer.
  const u = await db
    .selectFrom('users')
    .selectAll()
    .select((eb) =>
      jsonArrayFrom(eb.selectFrom('role_assignments as r').select(['r.role', 'r.community_id', 'r.tool', 'r.scope']).whereRef('r.user_id', '=', 'users.id')).as(
        'roles',
      ),
    )
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!u) return null;
  const roles = u.roles;
  return {
    id: u.id,
    lastName: u.last_name,
    firstName: u.first_name,
    patronymic: u.patronymic,
    level: u.verification_level,
    email: u.email,
    phone: u.phone,
    birthDate: u.birth_date,
    territorialCode: u.territorial_code,
    lang: u.lang,
    notifyEmail: u.notify_email,
    createdAt: u.created_at,
    roles: roles.map((r): RoleGrant => ({ role: r.role, communityId: r.community_id, tool: r.tool, scope: r.scope })),
  };
}
