/**
 * Open City's settings: a community's starting setup, and a moderator's Open311 keys, category routing and
 * territory (each audited).
 */
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Community } from '../../../core/communities/community.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { randomToken } from '../../../core/sessions/sessions.js';
import { DEFAULT_CATEGORIES, DEFAULT_DEPARTMENTS, DEMO_TERRITORIES, type Polygon, type Term } from '../rules.js';
import {
  insertApiKey,
  revokeApiKey as revokeKeyRow,
  saveTerritory as saveTerritoryRow,
  updateCategoryRouting,
  type Category,
  type Department,
} from '../repository.js';
import { tables } from '../tables.js';

/**
 * Gives a community its starting departments, category tree and (for demo communities) territory, once.
 * Safe to call on every request: it only inserts what is missing.
 */
export async function ensureCommunitySetup(db: Db, community: { id: number; slug: string }): Promise<void> {
  const has = await tables(db).selectFrom('oc_categories').select('id').where('community_id', '=', community.id).limit(1).executeTakeFirst();
  if (has) return;
  await db.transaction().execute(async (trx) => {
    const t = DEMO_TERRITORIES[community.slug];
    await tables(trx)
      .insertInto('oc_settings')
      .values({ community_id: community.id, territory: JSON.stringify(t?.polygon ?? []), center_lat: t?.center[0] ?? null, center_lng: t?.center[1] ?? null })
      .onConflict((oc) => oc.column('community_id').doNothing())
      .execute();
    // A few multi-row inserts rather than one per row: this runs for every community at start-up.
    await tables(trx)
      .insertInto('oc_departments')
      .values(DEFAULT_DEPARTMENTS.map((d) => ({ community_id: community.id, key: d.key, name_uk: d.name.uk, name_en: d.name.en })))
      .onConflict((oc) => oc.columns(['community_id', 'key']).doNothing())
      .execute();
    const deps = new Map(
      (await tables(trx).selectFrom('oc_departments').select(['id', 'key']).where('community_id', '=', community.id).execute()).map((r) => [r.key, r.id]),
    );
    let sort = 0;
    const row = (c: (typeof DEFAULT_CATEGORIES)[number], parentId: number | null) => ({
      community_id: community.id,
      parent_id: parentId,
      code: c.code,
      name_uk: c.name.uk,
      name_en: c.name.en,
      department_id: deps.get(c.department)!,
      term_days: c.term,
      attributes: JSON.stringify(c.attributes ?? []),
      keywords: c.keywords ?? '',
      sort: sort++,
    });
    const groups = await tables(trx)
      .insertInto('oc_categories')
      .values(DEFAULT_CATEGORIES.map((g) => row(g, null)))
      .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
      .returning(['id', 'code'])
      .execute();
    const children = groups.flatMap((g) => (DEFAULT_CATEGORIES.find((x) => x.code === g.code)?.children ?? []).map((ch) => row(ch, g.id)));
    if (children.length) {
      await tables(trx)
        .insertInto('oc_categories')
        .values(children)
        .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
        .execute();
    }
  });
}
/** Issues a new Open311 key; the key itself is returned once and only its hash is kept. */
export async function issueApiKey(
  ctx: CoreContext,
  { community, actorUserId, name }: { community: Community; actorUserId: number; name: string },
): Promise<string> {
  const key = `oc_${randomToken(24)}`;
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertApiKey(trx, { communityId: community.id, name, key, createdBy: actorUserId, now: ctx.clock.now() });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.api_key.issued',
      subjectType: 'open_city_api_key',
      subjectId: id,
      after: { name, prefix: key.slice(0, 6) },
    });
  });
  return key;
}

/** Revokes an active key of the community; false if there is no such active key. */
export async function revokeApiKey(
  ctx: CoreContext,
  { community, actorUserId, id }: { community: Community; actorUserId: number; id: number },
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const ok = await revokeKeyRow(trx, community.id, id, ctx.clock.now());
    if (ok)
      await recordAudit(trx, { communityId: community.id, actorUserId, action: 'open_city.api_key.revoked', subjectType: 'open_city_api_key', subjectId: id });
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
      communityId: community.id,
      actorUserId,
      action: 'open_city.category.routing',
      subjectType: 'open_city_category',
      subjectId: category.id,
      before: { department: category.departmentId, term: category.termDays },
      after: { department: department.id, term },
    });
  });
}

/** Saves the community's territory; its centre is the mean of the corners. */
export async function saveTerritory(
  ctx: CoreContext,
  { community, actorUserId, points }: { community: Community; actorUserId: number; points: Polygon },
): Promise<void> {
  const center = { lat: points.reduce((s, x) => s + x[0], 0) / points.length, lng: points.reduce((s, x) => s + x[1], 0) / points.length };
  await ctx.db.transaction().execute(async (trx) => {
    await saveTerritoryRow(trx, community.id, points, center, ctx.clock.now());
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.territory.saved',
      subjectType: 'community',
      subjectId: community.id,
      after: { corners: points.length },
    });
  });
}
