/**
 * Demo data of the appeals: in Lviv, three appeals in the name of the demo resident Олена Коваленко — one
 * just received, one past its term (so the queue shows an overdue mark) and one answered. Demo people get
 * their accounts when they first sign in, so these are not linked to one. Idempotent.
 */
import type { CoreContext } from '../../core/context.js';
import { countAppeals, insertAppeal, updateAppeal } from './repository.js';
import { termsOf, type Topic } from './rules.js';

const DAY = 86_400_000;

export async function seedAppeals(ctx: CoreContext): Promise<void> {
  const c = await ctx.db.selectFrom('communities').select(['id']).where('slug', '=', 'lviv').executeTakeFirst();
  if (!c) return;
  const now = ctx.clock.now();
  if ((await countAppeals(ctx.db, { communityIds: [c.id], from: null, to: null, now })).received > 0) return;
  const demo: { topic: Topic; body: string; daysAgo: number; answer?: string }[] = [
    { topic: 'roads', body: 'Прошу відремонтувати тротуар на вулиці Городоцькій біля будинку 120: після зими там глибокі ями.', daysAgo: 2 },
    { topic: 'housing', body: 'У нашому будинку третій тиждень немає гарячої води. Куди звернутися і коли її дадуть?', daysAgo: 40 },
    {
      topic: 'education',
      body: 'Чи буде відкрито додаткову групу в дитсадку №45 з вересня?',
      daysAgo: 20,
      answer: 'Так, додаткову групу буде відкрито з 1 вересня; запис — у ЦНАП.',
    },
  ];
  for (const d of demo) {
    const receivedAt = new Date(now.getTime() - d.daysAgo * DAY);
    const row = await insertAppeal(ctx.db, {
      communityId: c.id,
      userId: null,
      channel: 'web',
      authorName: 'Коваленко Олена',
      email: 'olena.kovalenko@demo.viche.example',
      lang: 'uk',
      topic: d.topic,
      body: d.body,
      receivedAt,
      dueAt: termsOf(receivedAt, ctx.calendar).month,
    });
    if (d.answer) await updateAppeal(ctx.db, c.id, row.id, { status: 'answered', answer: d.answer, answered_at: new Date(receivedAt.getTime() + 10 * DAY) });
  }
}
