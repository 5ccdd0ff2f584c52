/**
 * Petitions are numbered within their community (issue #21): a community's first petition is № 1 whatever
 * ids other communities used, the page shows «№ N» while the URL keeps the global id, and concurrent
 * submissions in one community (on PostgreSQL: separate connections) never share a number.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { setPetitionRules } from '../../helpers/petitions.js';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';

describe('petition numbers within a community', () => {
  let t: TestApp;
  let moderator: TestBrowser;

  before(async () => {
    t = await createTestApp({ seedModules: false });
    moderator = await signedInAs(t, demo.moderator('bila-tserkva'));
    await setPetitionRules(moderator, 'bila-tserkva');
  });
  after(async () => t.close());

  async function submit(author: TestBrowser, title: string): Promise<number> {
    const form = await author.get('/bila-tserkva/petitions/new');
    const category = /<option value="(\d+)"[^>]*>Інше<\/option>/.exec(form.body)![1]!;
    const r = await author.post('/bila-tserkva/petitions/new', { title, body: 'Текст петиції.', category, email: 'a@example.com', step: 'submit' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    return Number(/petitions\/(\d+)/.exec(String(r.headers.location))![1]);
  }

  test('the first petition of a community is № 1, shown as such while the URL keeps its id', async () => {
    // Another community's petitions take ids first, so the id and the number part.
    await sql`insert into petition_categories (community_id, name_uk, name_en) select id, 'x', 'x' from communities where slug = 'lviv'`.execute(t.ctx.db);
    await sql`
      insert into petitions (community_id, author_name, author_email, title, body, search_text, category_id, status, signature_threshold,
        collection_days, continue_after_threshold, consideration_working_days, submitted_at, moderation_due_at, allow_email, residents_only)
      select c.id, 'A', 'a@example.com', 'Львівська', 'Текст', 'x', k.id, 'moderation', 100, 30, false, 10, now(), now(), true, false
      from communities c join petition_categories k on k.community_id = c.id where c.slug = 'lviv'`.execute(t.ctx.db);
    const author = await signedInAs(t, (p) => p.lastName === 'Бондар');
    const id = await submit(author, 'Перша петиція громади');
    const row = (await sql<{ number: number }>`select number from petitions where id = ${id}`.execute(t.ctx.db)).rows[0]!;
    assert.equal(row.number, 1);
    assert.ok(id > 1, 'the id is global');
    assert.equal((await moderator.post(`/bila-tserkva/manage/petitions/${id}/publish`, {})).statusCode, 303);
    const page = await t.browser().get(`/bila-tserkva/petitions/${id}`);
    assert.match(page.body, /<span>№ 1 · /);
    assert.ok(!page.body.includes(`№ ${id} `));
    const list = await t.browser().get('/bila-tserkva/petitions');
    assert.match(list.body, /<span>№ 1 · <\/span>/);
    const csv = await t.browser().get('/open-data/petitions.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body.split('\n')[0]!, /^\uFEFF?id,number,community/);
    assert.match(csv.body, new RegExp(`\\n${id},1,bila-tserkva,`));
  });

  test('concurrent submissions in one community get distinct, consecutive numbers', async () => {
    const authors = await Promise.all([signedInAs(t, demo.olena), signedInAs(t, demo.andrii), signedInAs(t, (p) => p.lastName === 'Мельник')]);
    const before = (
      await sql<{ n: number }>`select count(*)::int as n from petitions p join communities c on c.id = p.community_id where c.slug = 'bila-tserkva'`.execute(
        t.ctx.db,
      )
    ).rows[0]!.n;
    const ids = await Promise.all(authors.map((a, i) => submit(a, `Одночасна петиція ${i + 1}`)));
    const numbers = (await sql<{ number: number }>`select number from petitions where id in (${sql.join(ids)}) order by number`.execute(t.ctx.db)).rows.map(
      (r) => r.number,
    );
    assert.deepEqual(numbers, [before + 1, before + 2, before + 3]);
    // The counter agrees with the rows: the next one follows on.
    const next = await submit(authors[0]!, 'Наступна');
    assert.equal((await sql<{ number: number }>`select number from petitions where id = ${next}`.execute(t.ctx.db)).rows[0]!.number, before + 4);
  });
});
