/** The participatory budget's block on the community website (issue #23): the latest contest's phase and a few projects. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SiteBlock } from '../../core/modules/manifest.js';
import type { Lang } from '../../core/i18n/index.js';
import { listContests } from './repository/contests.js';
import { listProjects } from './repository/projects.js';
import { contestPhase } from './service/contests.js';
import { PHASE_LABELS, STATUS_LABELS } from './rules.js';
import { OWNER } from './access.js';
import { base } from './views/parts.js';

export async function budgetSiteBlock(ctx: CoreContext, c: Community, lang: Lang): Promise<SiteBlock | null> {
  const contest = (await listContests(ctx.db, c.id, { owner: OWNER, publishedOnly: true }))[0];
  if (!contest) return null;
  // What the contest page shows everyone: no drafts, nor projects returned to their authors for changes.
  const projects = (await listProjects(ctx.db, contest.id, { statuses: ['support', 'review', 'admitted'] })).slice(0, 3);
  return {
    title: lang === 'uk' ? 'Громадський бюджет' : 'Participatory budget',
    items: projects.map((x) => ({ label: x.title, href: `${base(c, contest)}/projects/${x.id}`, meta: STATUS_LABELS[x.status][lang] })),
    figures: [
      { label: lang === 'uk' ? 'Конкурс' : 'Contest', value: contest.title },
      { label: lang === 'uk' ? 'Етап' : 'Phase', value: PHASE_LABELS[contestPhase(contest, ctx.clock.now())][lang] },
    ],
    link: { label: lang === 'uk' ? 'До конкурсу' : 'Open the contest', href: base(c, contest) },
  };
}
