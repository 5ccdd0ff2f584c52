/** A moderator's settings of Open City: Open311 keys, category routing, the community's territory; each audited. */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { randomToken } from '../../../core/sessions/sessions.js';
import type { Polygon, Term } from '../rules.js';
import { insertApiKey, revokeApiKey as revokeKeyRow, saveTerritory as saveTerritoryRow, updateCategoryRouting, type Category, type Department } from '../repository.js';

/** Issues a new Open311 key; the key itself is returned once and only its hash is kept. */
export async function issueApiKey(ctx: CoreContext, { community, actorUserId, name }: { community: Community; actorUserId: number; name: string }): Promise<string> {
  const key = `oc_${randomToken(24)}`;
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertApiKey(trx, { communityId: community.id, name, key, createdBy: actorUserId, now: ctx.clock.now() });
    await recordAudit(trx, { communityId: community.id, actorUserId, action: 'open_city.api_key.issued', subjectType: 'open_city_api_key', subjectId: id, after: { name, prefix: key.slice(0, 6) } });
  });
  return key;
}

/** Revokes an active key of the community; false if there is no such active key. */
export async function revokeApiKey(ctx: CoreContext, { community, actorUserId, id }: { community: Community; actorUserId: number; id: number }): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const ok = await revokeKeyRow(trx, community.id, id, ctx.clock.now());
    if (ok) await recordAudit(trx, { communityId: community.id, actorUserId, action: 'open_city.api_key.revoked', subjectType: 'open_city_api_key', subjectId: id });
    return ok;
  });
}

/** Sends a category's new reports to another department, with another answer term. */
export async function setCategoryRouting(
  ctx: CoreContext,
  { community, actorUserId, category, department, term }: { community: Community; actorUserId: number; category: Category; department: Department; term: Term },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await updateCategoryRouting(trx, community.id, category.id, department.id, term);
    await recordAudit(trx, {
      communityId: community.id, actorUserId, action: 'open_city.category.routing', subjectType: 'open_city_category', subjectId: category.id,
      before: { department: category.departmentId, term: category.termDays }, after: { department: department.id, term },
    });
  });
}

/** Saves the community's territory; its centre is the mean of the corners. */
export async function saveTerritory(ctx: CoreContext, { community, actorUserId, points }: { community: Community; actorUserId: number; points: Polygon }): Promise<void> {
  const center = { lat: points.reduce((s, x) => s + x[0], 0) / points.length, lng: points.reduce((s, x) => s + x[1], 0) / points.length };
  await ctx.db.transaction().execute(async (trx) => {
    await saveTerritoryRow(trx, community.id, points, center, ctx.clock.now());
    await recordAudit(trx, { communityId: community.id, actorUserId, action: 'open_city.territory.saved', subjectType: 'community', subjectId: community.id, after: { corners: points.length } });
  });
}
