/** A draft contest says it is a draft, ballot boxes sit beside their labels, a school is named once (issue #21). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signedInAs, demo, type TestApp } from '../../helpers/test-app.js';
import { draftFirstContest } from '../../../src/modules/budgets/service/first-contest.js';

describe('budget words and forms', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('a draft contest is listed as «Чернетка», never «Оголошено · … · чернетка»', async () => {
    // The draft a newly connected community gets from its joining conditions (the budgets manifest's hook).
    const moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    const lviv = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    await draftFirstContest(t.ctx.db, {
      communityId: lviv.id,
      conditions: { total: 1_000_000, categories: [], maxChoices: 3, minAge: 16 },
      actorUserId: null,
      now: t.clock.now(),
    });
    const list = (await moderator.get('/lviv/budgets')).body;
    assert.match(list, /Громадський бюджет \d{4}<\/a><\/h2><p class="meta">Чернетка · бюджет /);
    assert.doesNotMatch(list, /(Оголошено|Збір проєктів|Голосування)[^<]*· чернетка/);
  });

  test('ballot checkboxes keep to the left of their labels on a phone: the label shrinks, it does not wrap below', async () => {
    const css = (await t.browser().get('/static/app.css')).body;
    assert.match(css, /\.checkbox input \{[^}]*flex: none/);
    assert.match(css, /\.checkbox > label \{ flex: 1 1 0; min-width: 0; \}/);
    assert.match(css, /\.checkbox \.hint, \.checkbox > a \{ flex-basis: 100%/);
  });

  test('a school contest whose title holds the school’s name does not repeat it', async () => {
    const row = (
      await sql<{ school: string; name: string; title: string; project: number }>`
      select s.slug as school, s.name, k.title, min(p.id)::int as project
      from school_schools s join school_contests sc on sc.school_id = s.id join budget_contests k on k.id = sc.contest_id
      join budget_projects p on p.contest_id = k.id join communities c on c.id = s.community_id
      where c.slug = 'lviv' and p.status = 'admitted' group by 1, 2, 3 limit 1`.execute(t.ctx.db)
    ).rows[0];
    assert.ok(row, 'the demo has a school contest with projects');
    assert.ok(row.title.includes(row.name), 'the demo contest’s title holds the school’s name');
    const page = (await t.browser().get(`/lviv/school-budget/schools/${row.school}/projects/${row.project}`)).body;
    const meta = /<p class="meta">\s*<a href="[^"]*\?contest=\d+">([^<]+)<\/a>/.exec(page)![1]!;
    assert.equal(meta.split(row.name).length - 1, 1, `«${meta}» names the school once`);
  });
});
