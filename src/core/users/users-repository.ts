/** Accounts: one per person (identity_key) or per verified e-mail, and the roles they hold. */
import { inTransaction } from '../db/transaction.js';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { CoreTables } from '../db/schema.js';
import type { Viewer, RoleGrant } from './viewer.js';

export interface VerifiedPerson {
  identityKey: string;
  lastName: string;
  firstName: string;
  patronymic: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  territorialCode: string | null;
  authType: string | null;
}

/**
 * Signs a person in: finds their account by identity_key or creates it, refreshing what id.gov.ua says
 * (names, residence) on every sign-in, and hands over roles promised to them before.
 */
export async function upsertVerifiedUser(db: Db, p: VerifiedPerson, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const values = {
      last_name: p.lastName,
      first_name: p.firstName,
      patronymic: p.patronymic,
      email: p.email,
      phone: p.phone,
      birth_date: p.birthDate,
      territorial_code: p.territorialCode,
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
    // id.gov.ua's e-mail also claims roles promised by e-mail (e.g. a newly connected community's
    // local moderators, invited by the address the council gave).
    await claimPendingGrants(trx, row.id, { identityKey: p.identityKey, email: p.email });
    return row.id;
  });
}

/**
 * E-mail + phone accounts: the weaker level, one per verified e-mail, each holding the key of the phone it
 * verified (several accounts verifying one phone share the key, and so are one person where it counts).
 */
export async function upsertEmailUser(db: Db, who: { email: string; phone: string; phoneKey: string }, now: Date): Promise<number> {
  const { email, phone } = who;
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select('id')
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
    return id;
  });
}

async function claimPendingGrants(db: Db, userId: number, who: { identityKey: string | null; email: string | null }): Promise<void> {
  let q = db.selectFrom('role_grants_pending').selectAll().where('claimed_at', 'is', null);
  const email = (who.email ?? '').toLowerCase();
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
}

export async function loadViewer(db: Db, userId: number): Promise<Viewer | null> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!u) return null;
  const roles = await db.selectFrom('role_assignments').select(['role', 'community_id', 'tool', 'scope']).where('user_id', '=', userId).execute();
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
