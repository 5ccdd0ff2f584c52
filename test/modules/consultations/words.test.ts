/** A poll names itself a poll, a rating is a labelled radio scale, and the demo's texts are clean (issue #21). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp } from '../../helpers/test-app.js';

const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('consultation words and forms', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('a poll, open, scheduled or finished, never calls itself «обговорення»', async () => {
    const polls = (
      await sql<{ id: number; slug: string }>`select i.id, c.slug from consultation_items i join communities c on c.id = i.community_id
      where i.kind = 'poll' and i.published_at is not null order by i.id`.execute(t.ctx.db)
    ).rows;
    assert.ok(polls.length >= 3);
    for (const p of polls) {
      for (const url of [`/${p.slug}/consultations/${p.id}`, `/${p.slug}/consultations/${p.id}/results`]) {
        const res = await t.browser().get(url);
        if (res.statusCode !== 200) continue;
        assert.doesNotMatch(text(res.body), /обговорен/i, url);
      }
    }
    // A consultation still is one.
    const consultation = (
      await sql<{ id: number; slug: string }>`select i.id, c.slug from consultation_items i join communities c on c.id = i.community_id
      where i.kind = 'consultation' and i.published_at is not null and i.results_visibility = 'during' order by i.id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    assert.match((await t.browser().get(`/${consultation.slug}/consultations/${consultation.id}`)).body, /Результати видно під час обговорення/);
  });

  test('a rating question is a radio scale 1–5 for each option, each number labelled beside its control', async () => {
    const poll = (
      await sql<{ id: number }>`select i.id from consultation_items i join communities c on c.id = i.community_id
      where c.slug = 'lviv' and i.title = 'Які страви у бізнес-ланчі ви любите найбільше?'`.execute(t.ctx.db)
    ).rows[0]!;
    const olena = t.browser();
    await olena.signInAs(demoPerson((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко').index);
    const page = (await olena.get(`/lviv/consultations/${poll.id}`)).body;
    const scales = [...page.matchAll(/<fieldset class="score-scale"><legend>([^<]+)<\/legend>([\s\S]*?)<\/fieldset>/g)];
    assert.deepEqual(
      scales.map((s) => s[1]),
      ['Їдальня «Смак»', 'Кафе «Ринок»', 'Піцерія «Тераса»'],
    );
    for (const [, , body] of scales) {
      const radios = [...body!.matchAll(/<input type="radio" id="([^"]+)" name="([^"]+)" value="(\d)"\/?>\s*<label for="([^"]+)">(\d)<\/label>/g)];
      assert.deepEqual(
        radios.map((r) => r[3]),
        ['1', '2', '3', '4', '5'],
      );
      for (const r of radios) {
        assert.equal(r[1], r[4], 'each label is for the radio beside it');
        assert.equal(r[3], r[5]);
      }
      assert.equal(new Set(radios.map((r) => r[2])).size, 1, 'one answer per option');
    }
    assert.doesNotMatch(page, /<input type="number"[^>]*name="q\d+-score-/, 'no bare number box for a rating');
  });

  test('the demo writes «проєкт», «найбільше», and no comment twice under one item', async () => {
    const old = await sql<{ n: number }>`
      select count(*)::int as n from consultation_items
      where concat_ws(' ', title, description, act_text, outcome_summary) ~* '(^|[^[:alpha:]])проект|більше всього'`.execute(t.ctx.db);
    assert.equal(old.rows[0]!.n, 0);
    const comments = await sql<{ n: number }>`
      select count(*)::int as n from consultation_comments where body ~* '(^|[^[:alpha:]])проект|більше всього'`.execute(t.ctx.db);
    assert.equal(comments.rows[0]!.n, 0);
    const twice = await sql<{ item_id: number; body: string }>`
      select item_id, body from consultation_comments group by item_id, body having count(*) > 1`.execute(t.ctx.db);
    assert.deepEqual(twice.rows, []);
    const list = await t.browser().get('/lviv/consultations?kind=act');
    assert.match(list.body, /Проєкт Концепції Е-дем/);
  });
});
