/** The public reports of a community for its sitemap (the manifest's `sitemap`): accepted ones, not hidden by a moderator. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SitemapEntry } from '../../core/seo/sitemap.js';
import { notHidden } from '../../core/moderation/moderation-service.js';
import { tables } from './tables.js';

export async function openCitySitemap(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  const rows = await tables(ctx.db)
    .selectFrom('oc_reports as r')
    .select(['r.id', 'r.updated_at'])
    .where('r.community_id', '=', c.id)
    .where('r.status', '<>', 'new')
    .where(notHidden('open_city_report', 'r.id'))
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ path: `/${c.slug}/open-city/reports/${r.id}`, lastModified: r.updated_at }));
}
