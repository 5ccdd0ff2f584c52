/** Gathers every tool's statistics for a scope: the same figures for pages, the API and tests. */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { Statistic, ToolStats } from '../../core/modules/manifest.js';
import { TOOLS, type ToolId } from '../../core/tools.js';
import type { Text } from '../../core/i18n/index.js';

export interface ToolReport {
  tool: ToolId;
  name: Text;
  connectedCommunities: number;
  stats: ToolStats;
  top: { slug: string; name: Text; value: number }[];
}

export interface StatsReport {
  scope: { oblast: string | null; community: string | null; from: string; to: string };
  communities: number;
  users: number;
  tools: ToolReport[];
}

export async function communityIdsOf(ctx: CoreContext, oblast: string | null): Promise<number[] | null> {
  if (!oblast) return null;
  const rows = await ctx.db.selectFrom('communities').select('id').where('oblast_uk', '=', oblast).execute();
  return rows.map((r) => r.id);
}

export async function statsReport(
  ctx: CoreContext,
  a: { communityIds: number[] | null; oblast: string | null; community: string | null; from: Date; to: Date; fromMonth: string; toMonth: string },
): Promise<StatsReport> {
  const scope = { communityIds: a.communityIds, from: a.from, to: a.to };
  const communities = await ctx.db
    .selectFrom('communities')
    .select(['id', 'slug', 'name_uk', 'name_en', 'enabled_tools'])
    .where('status', '=', 'connected')
    .$if(a.communityIds !== null, (q) => q.where('id', 'in', a.communityIds!.length ? a.communityIds! : [-1]))
    .execute();
  // Top lists name every community that took part, suspended ones included: their history stays public.
  const named = await ctx.db.selectFrom('communities').select(['id', 'slug', 'name_uk', 'name_en']).execute();
  const byId = new Map(named.map((c) => [c.id, c]));
  const users = await ctx.db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  const tools: ToolReport[] = [];
  for (const m of ctx.modules) {
    if (!m.tool || !m.stats) continue;
    const tool = m.tool as ToolId;
    const stats = await m.stats(ctx, scope);
    tools.push({
      tool,
      name: TOOLS[tool].name,
      connectedCommunities: communities.filter((c) => c.enabled_tools.includes(tool)).length,
      stats,
      top: stats.perCommunity
        .filter((x) => byId.has(x.communityId))
        .sort((x, y) => y.value - x.value)
        .slice(0, 10)
        .map((x) => ({ slug: byId.get(x.communityId)!.slug, name: { uk: byId.get(x.communityId)!.name_uk, en: byId.get(x.communityId)!.name_en }, value: x.value })),
    });
  }
  return {
    scope: { oblast: a.oblast, community: a.community, from: a.fromMonth, to: a.toMonth },
    communities: communities.length,
    users: users.n,
    tools,
  };
}

export function figureValue(figures: Statistic[], key: string): number {
  return figures.find((f) => f.key === key)?.value ?? 0;
}
