import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import type { Text } from '../i18n/index.js';

/** Header links of a community: each enabled tool's navigation from its module's manifest. */
export function communityNav(ctx: CoreContext, c: Community): { label: Text; href: string }[] {
  const items: { label: Text; href: string }[] = [];
  for (const m of ctx.modules) {
    if (m.tool && !c.enabledTools.includes(m.tool as Community['enabledTools'][number])) continue;
    for (const n of m.navigation ?? []) items.push({ label: n.label, href: `/${c.slug}${n.path}` });
  }
  return items;
}

const caches = new WeakMap<CoreContext, { at: number; list: { slug: string; name: Text }[] }>();

/** The footer's community switcher: cached briefly, communities change rarely. */
export async function communitySwitcher(ctx: CoreContext): Promise<{ slug: string; name: Text }[]> {
  const now = Date.now();
  const cache = caches.get(ctx);
  if (cache && now - cache.at < 30_000) return cache.list;
  const rows = await ctx.db.selectFrom('communities').select(['slug', 'name_uk', 'name_en']).where('status', '=', 'connected').orderBy('name_uk').execute();
  const list = rows.map((r) => ({ slug: r.slug, name: { uk: r.name_uk, en: r.name_en } }));
  caches.set(ctx, { at: now, list });
  return list;
}

export function invalidateCommunitySwitcher(ctx: CoreContext): void {
  caches.delete(ctx);
}
