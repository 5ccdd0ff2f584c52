/**
 * The school budget's public pages of a community, for its sitemap (the manifest's `sitemap`): every school's
 * page, its students' projects on the ballot (never a draft), and the results once they are public.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SitemapEntry } from '../../core/seo/sitemap.js';
import { listProjects, resultsPublic } from '../budgets/index.js';
import { listSchools, schoolContests } from './repository.js';
import { schoolUrl } from './views/parts.js';

export async function schoolSitemap(ctx: CoreContext, c: Community): Promise<SitemapEntry[]> {
  const now = ctx.clock.now();
  const out: SitemapEntry[] = [];
  for (const school of await listSchools(ctx.db, c.id)) {
    const url = schoolUrl(c, school);
    out.push({ path: url });
    for (const k of await schoolContests(ctx.db, school)) {
      // What the school page shows everyone: the admitted projects (drafts only its moderators see).
      for (const x of await listProjects(ctx.db, k.id, { statuses: ['admitted'] })) {
        out.push({ path: `${url}/projects/${x.id}`, lastModified: x.submittedAt });
      }
      if (resultsPublic(k, now)) out.push({ path: `${url}/results/${k.id}`, lastModified: k.resultsPublishedAt });
    }
  }
  return out;
}
