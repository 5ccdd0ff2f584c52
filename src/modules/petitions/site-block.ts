/** The petitions' block on the community website (issue #23): a few collecting petitions with their signatures. */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SiteBlock } from '../../core/modules/manifest.js';
import { formatNumber, plural, type Lang, type PluralText } from '../../core/i18n/index.js';
import { listPetitions } from './repository.js';

const SIGNATURES: PluralText = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] };

export async function petitionSiteBlock(ctx: CoreContext, c: Community, lang: Lang): Promise<SiteBlock | null> {
  const now = ctx.clock.now();
  const { rows, total } = await listPetitions(ctx.db, {
    communityId: c.id,
    tab: 'collecting',
    q: '',
    categoryId: null,
    sort: 'signatures',
    page: 1,
    perPage: 3,
    now,
  });
  if (rows.length === 0) return null;
  return {
    title: lang === 'uk' ? 'Петиції збирають підписи' : 'Petitions collecting signatures',
    items: rows.map((r) => ({
      label: r.title,
      href: `/${c.slug}/petitions/${r.id}`,
      meta: `${plural(r.signature_count, SIGNATURES, lang)} ${lang === 'uk' ? 'з' : 'of'} ${formatNumber(r.signature_threshold, lang)}`,
    })),
    figures: [{ label: lang === 'uk' ? 'Збирають підписи' : 'Collecting signatures', value: formatNumber(total, lang) }],
    link: { label: lang === 'uk' ? 'Усі петиції' : 'All petitions', href: `/${c.slug}/petitions` },
  };
}
