/** Demo data of the notice board: one notice from the council in every community that has none. */
import type { CoreContext } from '../../core/context.js';
import { countNotices, insertNotice } from './repository.js';

export async function seedNotices(ctx: CoreContext): Promise<void> {
  const communities = await ctx.db.selectFrom('communities').select(['id', 'slug']).execute();
  for (const c of communities) {
    if ((await countNotices(ctx.db, c.id)) > 0) continue;
    await insertNotice(ctx.db, {
      communityId: c.id,
      authorUserId: null,
      authorName: 'Рада громади',
      body: 'У суботу о 10:00 — толока в центральному парку. Рукавиці й мішки дамо на місці.',
      now: ctx.clock.now(),
    });
  }
}
