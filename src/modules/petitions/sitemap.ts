/** The public petitions of a community for its sitemap (the manifest's `sitemap`). */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SitemapEntry } from '../../core/seo/sitemap.js';
import { tables } from './tables.js';

export async function petitionSitemap(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  // What the list shows everyone: published, never those awaiting moderation or rejected.
  const rows = await tables(ctx.db)
    .selectFrom('petitions')
    .select(['id', sql<Date>`greatest(published_at, coalesce(consideration_started_at, published_at), coalesce(answered_at, published_at))`.as('changed')])
    .where('community_id', '=', c.id)
    .where('status', 'in', ['collecting', 'consideration', 'answered', 'failed'])
    .where('published_at', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ path: `/${c.slug}/petitions/${r.id}`, lastModified: new Date(r.changed) }));
}
