/** The consultations' block on the community website (issue #23): those open now, newest first. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SiteBlock } from '../../core/modules/manifest.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { formatNumber, type Lang } from '../../core/i18n/index.js';
import { listItems } from './repository.js';
import { KIND_LABEL } from './rules/model.js';

export async function consultationSiteBlock(ctx: CoreContext, c: Community, lang: Lang): Promise<SiteBlock | null> {
  const now = ctx.clock.now();
  const { items, total } = await listItems(ctx.db, c.id, {
    kind: null,
    state: 'active',
    category: null,
    q: '',
    includeDrafts: false,
    now,
    page: 1,
    perPage: 3,
  });
  if (items.length === 0) return null;
  return {
    title: lang === 'uk' ? 'Консультації тривають' : 'Consultations in progress',
    items: items.map((i) => ({
      label: i.title,
      href: `/${c.slug}/consultations/${i.id}`,
      meta: `${KIND_LABEL[i.kind][lang]} · ${lang === 'uk' ? 'до' : 'until'} ${formatKyivDate(i.endsAt, lang)}`,
    })),
    figures: [{ label: lang === 'uk' ? 'Тривають' : 'In progress', value: formatNumber(total, lang) }],
    link: { label: lang === 'uk' ? 'До консультацій' : 'To consultations', href: `/${c.slug}/consultations?state=active` },
  };
}
