/** The statistics module's own queries (the figures themselves come from each tool's stats.ts). */
import type { CoreContext } from '../../core/context.js';
import type { Text } from '../../core/i18n/index.js';

/** The communities of an oblast, or null (no oblast asked): the whole platform. */
export async function communityIdsOf(ctx: CoreContext, oblast: string | null): Promise<number[] | null> {
  if (!oblast) return null;
  const rows = await ctx.db.selectFrom('communities').select('id').where('oblast_uk', '=', oblast).execute();
  return rows.map((r) => r.id);
}

/** Connected communities for the open data pages' community switcher. */
export async function switcherList(ctx: CoreContext): Promise<{ slug: string; name: Text }[]> {
  return (await ctx.db.selectFrom('communities').select(['slug', 'name_uk', 'name_en']).where('status', '=', 'connected').orderBy('name_uk').execute()).map(
    (c) => ({
      slug: c.slug,
      name: { uk: c.name_uk, en: c.name_en },
    }),
  );
}
