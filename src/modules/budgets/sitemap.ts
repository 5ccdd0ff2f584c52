/** The published contests of a community and their public projects, for its sitemap (the manifest's `sitemap`). */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SitemapEntry } from '../../core/seo/sitemap.js';
import { listContests } from './repository/contests.js';
import { listProjects } from './repository/projects.js';
import { base } from './views/parts.js';

export async function budgetSitemap(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  const out: SitemapEntry[] = [];
  for (const k of await listContests(ctx.db, c.id, { publishedOnly: true })) {
    out.push({ path: base(c, k) });
    // What the contest page shows everyone: no drafts, nor projects returned to their authors for changes.
    for (const x of await listProjects(ctx.db, k.id, { statuses: ['support', 'review', 'admitted', 'rejected'] })) {
      if (x.submittedAt) out.push({ path: `${base(c, k)}/projects/${x.id}`, lastModified: x.submittedAt });
    }
  }
  return out;
}
