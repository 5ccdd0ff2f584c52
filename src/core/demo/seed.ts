/**
 * Demo data: real communities, demo people's roles, and each module's demo content. Safe to run on every
 * start: everything is inserted only when missing.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import { identityKey } from '../identity/identity-key.js';
import { TOOL_IDS } from '../tools.js';
import { demoCommunities } from './communities.js';
import { demoPeople, type DemoRole } from './people.js';
import type { RoleName } from '../db/schema.js';
import { importSampleCodifierIfEmpty } from '../katottg/codifier-import.js';

function roleRow(r: DemoRole, communityIds: Map<string, number>): { role: RoleName; community_id: number | null; tool: string | null; scope: string | null } {
  switch (r.kind) {
    case 'national-moderator':
      return { role: 'national_moderator', community_id: null, tool: null, scope: null };
    case 'moderator':
      return { role: 'moderator', community_id: communityIds.get(r.community) ?? null, tool: r.tool, scope: null };
    case 'school-moderator':
      return { role: 'school_moderator', community_id: communityIds.get(r.community) ?? null, tool: 'school-budget', scope: r.school };
    case 'executor':
      return { role: 'executor', community_id: communityIds.get(r.community) ?? null, tool: 'open-city', scope: r.department };
    case 'community-admin':
      return { role: 'community_admin', community_id: communityIds.get(r.community) ?? null, tool: null, scope: null };
    case 'editor':
      return { role: 'editor', community_id: communityIds.get(r.community) ?? null, tool: null, scope: null };
  }
}

/** The key of the PostgreSQL advisory lock under which one instance at a time seeds (any fixed number). */
const SEED_LOCK_KEY = 7_460_035_001;

/**
 * `modules: false` seeds only communities and people (tests that bring their own data).
 *
 * Instances that start together on one PostgreSQL would each find "no demo yet" and insert it twice, so
 * they take turns under a session advisory lock held on one connection; the later one then finds every
 * row in place. PGlite serves a single process, and its only connection is needed by the seed itself.
 */
export async function seedDemo(ctx: CoreContext, opts: { modules?: boolean } = {}): Promise<void> {
  if (ctx.database.kind !== 'postgres') return seedUnlocked(ctx, opts);
  await ctx.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${SEED_LOCK_KEY})`.execute(conn);
    try {
      await seedUnlocked(ctx, opts);
    } finally {
      await sql`select pg_advisory_unlock(${SEED_LOCK_KEY})`.execute(conn);
    }
  });
}

async function seedUnlocked(ctx: CoreContext, opts: { modules?: boolean }): Promise<void> {
  const firstSeedOnPglite = ctx.database.kind === 'pglite' && !(await ctx.db.selectFrom('communities').select('id').limit(1).executeTakeFirst());
  // Sign-in matches addresses against the codifier: the demo brings a small one if none was imported.
  await importSampleCodifierIfEmpty(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    for (const c of demoCommunities) {
      await trx
        .insertInto('communities')
        .values({
          slug: c.slug,
          name_uk: c.name.uk,
          name_en: c.name.en,
          oblast_uk: c.oblast.uk,
          oblast_en: c.oblast.en,
          raion_uk: c.raion.uk,
          raion_en: c.raion.en,
          territorial_codes: [c.territorialCode],
          population: c.population,
          coat_of_arms_url: `/static/coats/${c.slug}.svg`,
          contacts: JSON.stringify(c.contacts),
          enabled_tools: [...TOOL_IDS],
          // Two demo communities allow the weaker e-mail sign-in, so both levels can be tried.
          sign_in_policy: c.slug === 'koriukivka' || c.slug === 'pryluky' ? 'idgovua_or_email' : 'idgovua',
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
    }
    const ids = new Map((await trx.selectFrom('communities').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));
    for (const person of demoPeople) {
      const key = identityKey(ctx.config.secretKey, person.rnokpp);
      const user = await trx.selectFrom('users').select('id').where('identity_key', '=', key).executeTakeFirst();
      for (const r of person.roles) {
        const row = roleRow(r, ids);
        if (user) {
          await trx
            .insertInto('role_assignments')
            .values({ user_id: user.id, ...row })
            .onConflict((oc) => oc.doNothing())
            .execute();
        } else {
          await trx
            .insertInto('role_grants_pending')
            .values({ identity_key: key, ...row })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }
    }
  });
  if (opts.modules === false) return;
  if (!firstSeedOnPglite) {
    for (const m of ctx.modules) await m.demo?.(ctx);
    return;
  }
  // A fresh embedded database (the first `npm start`): the demo's tens of thousands of signatures and
  // ballots go in set-based, and the statistics triggers, row by row, would take most of the start
  // (issue #19: seconds, not tens of seconds). PGlite has one connection, so the session setting covers
  // every module's seed and nothing else; the counters are then recounted from the rows, as the
  // migrations' backfills do. A real PostgreSQL server keeps its triggers (and the tests check both).
  await sql`set session_replication_role = replica`.execute(ctx.db);
  try {
    for (const m of ctx.modules) await m.demo?.(ctx);
  } finally {
    await sql`reset session_replication_role`.execute(ctx.db);
  }
  await recountStatistics(ctx);
}

/** Every tool's statistics counters recounted from its rows (the `stats_backfill_<tool>()` of its migration). */
async function recountStatistics(ctx: CoreContext): Promise<void> {
  const backfills = await sql<{ name: string }>`select proname as name from pg_proc where proname like 'stats\_backfill\_%' order by 1`.execute(ctx.db);
  for (const { name } of backfills.rows) await sql`select ${sql.raw(`${name}()`)}`.execute(ctx.db);
}
