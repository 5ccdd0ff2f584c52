/**
 * Issue #17: a petition shows how many signatures came at each sign-in level; where its rules say e-mail-level
 * signatures do not count, they are shown but left out of the count toward the threshold. The rule is a
 * community setting (with the abuse warning), frozen on each petition at submission.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';

describe('petitions: signatures by sign-in level', () => {
  let t: TestApp;
  let community: number;
  let category: number;

  const petition = async (emailCounts: boolean, threshold: number) => {
    const now = t.clock.now();
    const r = await sql<{ id: number }>`
      insert into petitions (community_id, author_name, author_email, title, body, search_text, category_id, status, signature_threshold,
        collection_days, continue_after_threshold, consideration_working_days, submitted_at, moderation_due_at, published_at, collection_ends_at,
        allow_email, residents_only, email_counts)
      values (${community}, 'Автор', 'a@example.com', 'Петиція', 'Текст', 'петиція', ${category}, 'collecting', ${threshold},
        30, false, 10, ${now}, ${now}, ${now}, ${new Date(now.getTime() + 30 * 86_400_000)}, true, false, ${emailCounts})
      returning id`.execute(t.ctx.db);
    return r.rows[0]!.id;
  };
  const counts = async (id: number) =>
    (
      await sql<{
        c: number;
        e: number;
        status: string;
      }>`select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as c, (select coalesce(sum(email), 0)::int from petition_signature_slots where petition_id = petitions.id) as e, status from petitions where id = ${id}`.execute(
        t.ctx.db,
      )
    ).rows[0]!;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    category = (
      await sql<{ id: number }>`insert into petition_categories (community_id, name_uk, name_en) values (${community}, 'Інше', 'Other') returning id`.execute(
        t.ctx.db,
      )
    ).rows[0]!.id;
  });
  after(async () => t.close());

  test('by default e-mail signatures count, and the page says how many came each way', async () => {
    const id = await petition(true, 100);
    const weak = await signedInByEmail(t, 'lvl1@example.com', { phone: '+380671239001' });
    const strong = await signedInAs(t, demo.andrii);
    await weak.post(`/koriukivka/petitions/${id}/sign`, {});
    await strong.post(`/koriukivka/petitions/${id}/sign`, {});
    assert.deepEqual({ ...(await counts(id)), status: undefined }, { c: 2, e: 1, status: undefined });
    const page = await t.browser().get(`/koriukivka/petitions/${id}`);
    assert.ok(page.body.includes('2 з 100 підписів'));
    assert.ok(page.body.includes('З них через id.gov.ua: 1, через ел. пошту й телефон: 1.'));
  });

  test('where they do not count, the threshold is reached by id.gov.ua signatures only', async () => {
    const id = await petition(false, 1);
    const weak = await signedInByEmail(t, 'lvl2@example.com', { phone: '+380671239002' });
    await weak.post(`/koriukivka/petitions/${id}/sign`, {});
    assert.deepEqual(await counts(id), { c: 0, e: 1, status: 'collecting' });
    const page = await t.browser().get(`/koriukivka/petitions/${id}`);
    assert.ok(page.body.includes('0 з 1 підпису'));
    assert.ok(page.body.includes('Через ел. пошту й телефон: 1 — за правилами цієї петиції до порогу не зараховуються.'));
    const strong = await signedInAs(t, demo.olena);
    await strong.post(`/koriukivka/petitions/${id}/sign`, {});
    assert.deepEqual(await counts(id), { c: 1, e: 1, status: 'consideration' });
    // The rule is frozen on the petition.
    await assert.rejects(sql`update petitions set email_counts = true where id = ${id}`.execute(t.ctx.db));
  });

  test('the moderator’s settings carry the switch with its warning; new petitions take it', async () => {
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const form = await moderator.get('/lviv/manage/petitions/settings');
    assert.ok(form.body.includes('name="email_not_counted"'));
    assert.ok(form.body.includes('легше накрутити'));
    const saved = await moderator.post('/lviv/manage/petitions/settings', {
      threshold: '3',
      collection_days: '30',
      moderation_days: '2',
      consideration_days: '10',
      allow_email: 'on',
      email_not_counted: 'on',
      min_age: '',
      categories: 'Інше',
    });
    assert.equal(saved.statusCode, 303);
    const s = await sql<{
      email_counts: boolean;
    }>`select email_counts from petition_settings p join communities c on c.id = p.community_id where c.slug = 'lviv'`.execute(t.ctx.db);
    assert.equal(s.rows[0]!.email_counts, false);
    const author = await signedInAs(t, demo.olena);
    const newForm = await author.get('/lviv/petitions/new');
    const categoryId = /<option value="(\d+)"[^>]*>Інше<\/option>/.exec(newForm.body)![1]!;
    const done = await author.post('/lviv/petitions/new', {
      title: 'Лавки',
      body: 'Просимо лавки.',
      category: categoryId,
      email: 'olena@example.com',
      step: 'submit',
    });
    const pid = Number(/\/lviv\/petitions\/(\d+)/.exec(String(done.headers.location))![1]);
    const row = await sql<{
      email_counts: boolean;
      c: number;
    }>`select email_counts, (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as c from petitions where id = ${pid}`.execute(
      t.ctx.db,
    );
    assert.deepEqual(row.rows[0], { email_counts: false, c: 1 });
  });
});
