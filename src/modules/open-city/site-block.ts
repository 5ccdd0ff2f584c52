/** Open City's block on the community website (issue #23): its reports and how many are solved. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SiteBlock } from '../../core/modules/manifest.js';
import { formatNumber, type Lang } from '../../core/i18n/index.js';
import { countPublicReports } from './repository.js';

export async function openCitySiteBlock(ctx: CoreContext, c: Community, lang: Lang): Promise<SiteBlock | null> {
  const n = await countPublicReports(ctx.db, c.id);
  if (n.reports === 0) return null;
  return {
    title: lang === 'uk' ? '«Відкрите місто»' : 'Open City',
    items: [],
    figures: [
      { label: lang === 'uk' ? 'Звернень' : 'Reports', value: formatNumber(n.reports, lang) },
      { label: lang === 'uk' ? 'Вирішено' : 'Solved', value: formatNumber(n.resolved, lang) },
    ],
    link: { label: lang === 'uk' ? 'Мапа проблем' : 'Map of problems', href: `/${c.slug}/open-city/map` },
  };
}
