/**
 * Open City's feed: the community's public reports as they appear (after moderation) and when they are
 * answered, with the list page's filter (category, status, period). Hidden reports and reports awaiting
 * moderation are left out; so are descriptions and reporters' names, which a feed would copy out of the
 * moderators' reach.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { registerFeed, type FeedEntry } from '../../../core/feeds/feeds.js';
import { listReports, type ReportRow } from '../repository.js';
import type { FollowEvent } from '../../../core/modules/manifest.js';
import { isOpen, PUBLIC_STATUSES, STATUS_LABEL } from '../rules.js';
import { openCityOr404 } from '../access.js';
import { publicReportsOf } from './shared.js';
import { base, place } from '../views/parts.js';

function reportEntries(c: Community, r: ReportRow): FeedEntry[] {
  const path = `${base(c)}/reports/${r.id}`;
  const about = `${r.categoryName.uk} · ${place(r, 'uk')}`;
  const out: FeedEntry[] = [
    { key: `open-city-report-${r.id}`, title: `№${r.number}. ${r.title}`, path, at: r.createdAt, summary: `${STATUS_LABEL[r.status].uk} · ${about}` },
  ];
  if (!isOpen(r.status) && r.resolvedAt)
    out.push({
      key: `open-city-report-${r.id}-closed`,
      title: `${STATUS_LABEL[r.status].uk}: №${r.number}. ${r.title}`,
      path,
      at: r.resolvedAt,
      summary: about,
    });
  return out;
}

/**
 * The latest changed public reports' events for the people following Open City (the manifest's
 * `followEvents`): a report as it appears, and each status it reaches after being accepted.
 */
export async function openCityFollowEvents(ctx: CoreContext, c: Community): Promise<FollowEvent[]> {
  const { rows } = await listReports(ctx.db, { communityId: c.id, statuses: PUBLIC_STATUSES, notHidden: true, order: 'updated', limit: 50 });
  return rows.flatMap((r) => {
    const [created] = reportEntries(c, r);
    const subject = { id: String(r.id), title: r.title, path: created!.path };
    const out: FollowEvent[] = [{ ...created!, subject }];
    if (r.status !== 'accepted')
      out.push({
        key: `open-city-report-${r.id}-status-${r.status}`,
        title: `${STATUS_LABEL[r.status].uk}: №${r.id}. ${r.title}`,
        path: created!.path,
        at: r.resolvedAt ?? r.updatedAt,
        subject,
      });
    return out;
  });
}

export function registerOpenCityFeedRoutes(app: FastifyInstance, ctx: CoreContext): void {
  registerFeed<{ slug: string }>(app, ctx, '/:slug/open-city', async (req) => {
    const c = await openCityOr404(ctx, req.params.slug);
    const { categories, pf, rows } = await publicReportsOf(ctx, req, c, { limit: 50 });
    const category = categories.find((x) => x.code === pf.f.category);
    return {
      title: `Відкрите місто — ${c.name.uk}${category ? ` — ${category.name.uk}` : ''}`,
      description: `Звернення про проблеми громади «${c.name.uk}» і відповіді на них`,
      pagePath: `${base(c)}${pf.query ? `?${pf.query}` : ''}`,
      entries: rows.flatMap((r) => reportEntries(c, r)),
    };
  });
}
