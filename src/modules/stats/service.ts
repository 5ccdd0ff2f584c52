/** Gathers every tool's statistics for a scope: the same figures for pages, the API and tests. */
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import type { Community } from '../../core/communities/community.js';
import { listOblasts } from '../../core/communities/communities-repository.js';
import { countTotal, monthNumber, orNone } from '../../core/stats-counters/index.js';
import { TOOLS, type ToolId } from '../../core/tools.js';
import type { Lang, Text } from '../../core/i18n/index.js';
import { parseFilters } from './rules.js';
import { communityIdsOf } from './repository.js';
import { communitiesDataset } from './stats.js';
import { FiguresCache } from '../../core/http/page-cache.js';

export interface ToolReport {
  /** The tool's id, or the module's for a module that is not one of the six tools (the chat-bot). */
  tool: string;
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

export async function statsReport(
  ctx: CoreContext,
  a: {
    communityIds: number[] | null;
    oblast: string | null;
    community: { id: number; slug: string } | null;
    from: Date;
    to: Date;
    fromMonth: string;
    toMonth: string;
  },
): Promise<StatsReport> {
  const scope: StatsScope = {
    communityIds: a.communityIds,
    level: a.community ? `c:${a.community.id}` : a.oblast ? `o:${a.oblast}` : '*',
    from: a.from,
    to: a.to,
    fromMonth: monthNumber(a.fromMonth),
    toMonth: monthNumber(a.toMonth),
  };
  const [communities, named, users, reports] = await Promise.all([
    ctx.db
      .selectFrom('communities')
      .select(['id', 'slug', 'name_uk', 'name_en', 'enabled_tools'])
      .where('status', '=', 'connected')
      .$if(a.communityIds !== null, (q) => q.where('id', 'in', orNone(a.communityIds!)))
      .execute(),
    // Top lists rank the connected communities only, as the home page counts and lists them: a suspended
    // community's figures stay in the totals and on its own statistics page, but it is not ranked.
    ctx.db.selectFrom('communities').select(['id', 'slug', 'name_uk', 'name_en']).where('status', '=', 'connected').execute(),
    // Accounts not deleted, from the counter its trigger keeps (core migration 002).
    countTotal(ctx.db, { communityIds: null, level: '*', fromMonth: 0, toMonth: 0 }, { tool: 'core', metric: 'users' }),
    Promise.all(ctx.modules.filter((m) => m.stats).map(async (m) => ({ tool: m.tool as ToolId | undefined, module: m, stats: await m.stats!(ctx, scope) }))),
  ]);
  const byId = new Map(named.map((c) => [c.id, c]));
  const tools: ToolReport[] = reports.map(({ tool, module, stats }) => ({
    tool: tool ?? module.id,
    name: tool ? TOOLS[tool].name : module.name,
    connectedCommunities: tool ? communities.filter((c) => c.enabled_tools.includes(tool)).length : (stats.connectedCommunities ?? 0),
    stats,
    top: stats.perCommunity
      .filter((x) => byId.has(x.communityId))
      .sort((x, y) => y.value - x.value)
      .slice(0, 10)
      .map((x) => ({
        slug: byId.get(x.communityId)!.slug,
        name: { uk: byId.get(x.communityId)!.name_uk, en: byId.get(x.communityId)!.name_en },
        value: x.value,
      })),
  }));
  return {
    scope: { oblast: a.oblast, community: a.community?.slug ?? null, from: a.fromMonth, to: a.toMonth },
    communities: communities.length,
    users,
    tools,
  };
}

/**
 * The report for the filters asked for (a community's page takes only the period), or the filters'
 * errors in the reader's language and no report.
 */
/** Per app (each has its own database): the reports built lately. */
const reportCaches = new WeakMap<CoreContext, FiguresCache<Awaited<ReturnType<typeof statsReport>>>>();

export async function reportFor(ctx: CoreContext, c: Community | null, q: { oblast: string; from: string; to: string }, lang: Lang) {
  const oblasts = await listOblasts(ctx.db);
  const { filters, errors, period } = parseFilters(
    c ? { from: q.from, to: q.to } : q,
    oblasts.map((o) => o.uk),
    ctx.clock.now(),
  );
  const messages = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v[lang]]));
  if (Object.keys(messages).length) return { filters, oblasts, messages, report: null };
  // A report is built once per change of the figures, not once per request (issue #19).
  const key = [c?.id ?? '', filters.oblast, period.from.toISOString(), period.to.toISOString(), filters.fromMonth, filters.toMonth].join('|');
  let reports = reportCaches.get(ctx);
  if (!reports) reportCaches.set(ctx, (reports = new FiguresCache()));
  const report = await reports.get(key, c, ctx.config.pageCacheSeconds, async () =>
    statsReport(ctx, {
      communityIds: c ? [c.id] : await communityIdsOf(ctx, filters.oblast || null),
      oblast: filters.oblast || null,
      community: c ? { id: c.id, slug: c.slug } : null,
      from: period.from,
      to: period.to,
      fromMonth: filters.fromMonth,
      toMonth: filters.toMonth,
    }),
  );
  return { filters, oblasts, messages, report };
}

/** The open datasets: the platform's communities, then every module's. */
export function datasets(ctx: CoreContext): OpenDataset[] {
  return [communitiesDataset, ...ctx.modules.flatMap((m) => m.openData ?? [])];
}
