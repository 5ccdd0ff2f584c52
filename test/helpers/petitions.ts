/** A petition made straight in the database: collecting, open to e-mail signers and to non-residents. */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp, TestBrowser } from './test-app.js';

const DAY = 86_400_000;

/** Inserts a collecting petition (its own category) in the community `slug`, ending in `endsInDays` days. */
export async function collectingPetition(t: TestApp, slug: string, title: string, endsInDays = 30): Promise<number> {
  const c = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const category = await sql<{ id: number }>`
    insert into petition_categories (community_id, name_uk, name_en) values (${c.id}, ${`Категорія ${title}`}, 'Other') returning id`.execute(t.ctx.db);
  const now = t.clock.now();
  const r = await sql<{ id: number }>`
    insert into petitions (community_id, author_name, author_email, title, body, search_text, category_id, status, signature_threshold,
      collection_days, continue_after_threshold, consideration_working_days, submitted_at, moderation_due_at, published_at, collection_ends_at,
      allow_email, residents_only)
    values (${c.id}, 'Автор', 'a@example.com', ${title}, 'Текст', ${title}, ${category.rows[0]!.id}, 'collecting', 100,
      30, false, 10, ${now}, ${now}, ${now}, ${new Date(now.getTime() + endsInDays * DAY)}, true, false)
    returning id`.execute(t.ctx.db);
  return r.rows[0]!.id;
}

/** The community's petition rules as its moderator saves them (threshold 10, 30 days, one category), with `rules` on top. */
export async function setPetitionRules(moderator: TestBrowser, slug: string, rules: Record<string, string> = {}): Promise<void> {
  const res = await moderator.post(`/${slug}/manage/petitions/settings`, {
    threshold: '10',
    collection_days: '30',
    moderation_days: '2',
    consideration_days: '10',
    categories: 'Інше',
    ...rules,
  });
  assert.equal(res.statusCode, 303);
}
