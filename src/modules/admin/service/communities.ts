/**
 * A connected community's life on the platform: suspension and reconnection (the national moderator's),
 * profile changes (its administrators'), and the community administrator role. Each act is one
 * transaction with its audit entry.
 */
import type { CoreContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { fieldChanges, type AuditFields } from '../../../core/audit/field-changes.js';
import { invalidateCommunitySwitcher } from '../../../core/http/navigation.js';
import { SIGN_IN_POLICY_CHANGED, type Community, type SignInPolicy } from '../../../core/communities/community.js';
import type { CommunityContacts } from '../../../core/db/schema.js';
import { deleteCoat, recordStatusChange, saveCoat } from '../repository.js';
import type { ImageType } from '../rules.js';

/** Suspend (no new participation; everything stays readable) or reconnect, with the reason kept. */
export async function setCommunityStatus(ctx: CoreContext, actorId: number, c: Community, to: 'connected' | 'suspended', reason: string): Promise<boolean> {
  const now = ctx.clock.now();
  const from = to === 'suspended' ? 'connected' : 'suspended';
  const done = await inTransaction(ctx.db, async (trx) => {
    const res = await trx.updateTable('communities').set({ status: to }).where('id', '=', c.id).where('status', '=', from).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    await recordStatusChange(trx, { communityId: c.id, status: to, reason, by: actorId, now });
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: actorId,
      action: to === 'suspended' ? 'community.suspended' : 'community.reconnected',
      subjectType: 'community',
      subjectId: c.id,
      before: { status: from },
      after: { status: to, reason },
    });
    return true;
  });
  if (done) invalidateCommunitySwitcher(ctx);
  return done;
}

export interface ProfileChange {
  nameUk: string;
  nameEn: string;
  contacts: CommunityContacts;
  signInPolicy: SignInPolicy;
  /** A new coat of arms, 'remove', or null to keep the current one. */
  coat: { type: ImageType; data: Buffer } | 'remove' | null;
}

/** The community's profile fields as the audit log keeps them, one entry field per field. */
function profileFields(x: {
  nameUk: string;
  nameEn: string;
  contacts: CommunityContacts;
  signInPolicy: SignInPolicy;
  coatOfArmsUrl: string | null;
}): AuditFields {
  return {
    nameUk: x.nameUk,
    nameEn: x.nameEn,
    address: x.contacts.address ?? null,
    email: x.contacts.email ?? null,
    phone: x.contacts.phone ?? null,
    website: x.contacts.website ?? null,
    signInPolicy: x.signInPolicy,
    coatOfArmsUrl: x.coatOfArmsUrl,
  };
}

/**
 * Changes the profile (by the community administrator or the national moderator): the audit entry keeps
 * the before and after of every changed field, read inside the transaction; a change of the sign-in
 * policy gets its own entry too, which the community's page shows as a dated notice.
 */
export async function updateProfile(ctx: CoreContext, actorId: number, c: Community, p: ProfileChange): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    const cur = await trx.selectFrom('communities').selectAll().where('id', '=', c.id).forUpdate().executeTakeFirstOrThrow();
    let coatUrl = cur.coat_of_arms_url;
    if (p.coat === 'remove') {
      await deleteCoat(trx, c.id);
      coatUrl = null;
    } else if (p.coat) {
      const version = await saveCoat(trx, c.id, p.coat.type, p.coat.data, now);
      coatUrl = `/${c.slug}/coat-of-arms?v=${version}`;
    }
    await trx
      .updateTable('communities')
      .set({ name_uk: p.nameUk, name_en: p.nameEn, contacts: JSON.stringify(p.contacts), sign_in_policy: p.signInPolicy, coat_of_arms_url: coatUrl })
      .where('id', '=', c.id)
      .execute();
    const changes = fieldChanges(
      profileFields({
        nameUk: cur.name_uk,
        nameEn: cur.name_en,
        contacts: cur.contacts,
        signInPolicy: cur.sign_in_policy,
        coatOfArmsUrl: cur.coat_of_arms_url,
      }),
      profileFields({ nameUk: p.nameUk, nameEn: p.nameEn, contacts: p.contacts, signInPolicy: p.signInPolicy, coatOfArmsUrl: coatUrl }),
    );
    const newCoat = p.coat && p.coat !== 'remove' ? { coatOfArms: { type: p.coat.type, bytes: p.coat.data.length } } : {};
    if (changes || p.coat) {
      await recordAudit(trx, {
        communityId: c.id,
        actorUserId: actorId,
        action: 'community.profile-changed',
        subjectType: 'community',
        subjectId: c.id,
        before: changes?.before ?? {},
        after: { ...(changes?.after ?? {}), ...newCoat },
      });
    }
    if (cur.sign_in_policy !== p.signInPolicy) {
      await recordAudit(trx, {
        communityId: c.id,
        actorUserId: actorId,
        action: SIGN_IN_POLICY_CHANGED,
        subjectType: 'community',
        subjectId: c.id,
        before: { signInPolicy: cur.sign_in_policy },
        after: { signInPolicy: p.signInPolicy },
      });
    }
  });
  invalidateCommunitySwitcher(ctx);
}

export interface CommunityAdminRow {
  userId: number;
  name: string;
}

const personName = (u: { last_name: string; first_name: string; patronymic: string }) => [u.last_name, u.first_name, u.patronymic].filter(Boolean).join(' ');

/**
 * The community's administrators, and who may become one: a person who already holds a role in this
 * community (a tool or school moderator, an executor), signed in with id.gov.ua. Names only: the national
 * moderator's page shows no e-mail addresses.
 */
export async function communityAdmins(ctx: CoreContext, c: Community): Promise<{ admins: CommunityAdminRow[]; candidates: CommunityAdminRow[] }> {
  const rows = await ctx.db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.last_name', 'u.first_name', 'u.patronymic', 'r.role'])
    .where('r.community_id', '=', c.id)
    .where('u.deleted_at', 'is', null)
    .where('u.verification_level', '=', 'idgovua')
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .orderBy('u.id')
    .execute();
  const adminIds = new Set(rows.filter((r) => r.role === 'community_admin').map((r) => r.id));
  const seen = new Set<number>();
  const admins: CommunityAdminRow[] = [];
  const candidates: CommunityAdminRow[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    (adminIds.has(r.id) ? admins : candidates).push({ userId: r.id, name: personName(r) });
  }
  return { admins, candidates };
}

/** Grants the role (audited); false when the person may not hold it here or already does. */
export async function grantCommunityAdmin(ctx: CoreContext, actorId: number, c: Community, userId: number): Promise<boolean> {
  const { candidates } = await communityAdmins(ctx, c);
  if (!candidates.some((x) => x.userId === userId)) return false;
  return inTransaction(ctx.db, async (trx) => {
    const row = await trx
      .insertInto('role_assignments')
      .values({ user_id: userId, role: 'community_admin', community_id: c.id, tool: null, scope: null, granted_by: actorId })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: actorId,
      action: 'community.admin-granted',
      subjectType: 'user',
      subjectId: userId,
      before: { communityAdmin: false },
      after: { communityAdmin: true },
    });
    return true;
  });
}

export async function revokeCommunityAdmin(ctx: CoreContext, actorId: number, c: Community, userId: number): Promise<boolean> {
  return inTransaction(ctx.db, async (trx) => {
    const gone = await trx
      .deleteFrom('role_assignments')
      .where('user_id', '=', userId)
      .where('role', '=', 'community_admin')
      .where('community_id', '=', c.id)
      .returning('id')
      .executeTakeFirst();
    if (!gone) return false;
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: actorId,
      action: 'community.admin-revoked',
      subjectType: 'user',
      subjectId: userId,
      before: { communityAdmin: true },
      after: { communityAdmin: false },
    });
    return true;
  });
}
