/** The published consultations, polls and draft-act discussions of a community for its sitemap (the manifest's `sitemap`). */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SitemapEntry } from '../../core/seo/sitemap.js';
import { tables } from './tables.js';
import { base } from './views/parts.js';

export async function consultationSitemap(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  const rows = await tables(ctx.db)
    .selectFrom('consultation_items')
    .select([
      'id',
      sql<Date>`greatest(published_at, coalesce(outcome_published_at, published_at), coalesce(revision_published_at, published_at))`.as('changed'),
    ])
    .where('community_id', '=', c.id)
    .where('published_at', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ path: `${base(c)}/${r.id}`, lastModified: new Date(r.changed) }));
}
