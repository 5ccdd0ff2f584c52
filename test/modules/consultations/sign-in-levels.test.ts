/**
 * Issue #17: each poll answer, stance and comment keeps its author's sign-in level; an item's rule says whether
 * e-mail-level answers and stances count toward its results. The public page and the API show how many came each
 * way and state the rule; statistics and reports count commenters as people (by person key), not accounts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';

const DAY = 86_400_000;

interface Poll {
  id: number;
  single: { q: number; o: number[] };
  multiple: { q: number; o: number[] };
  ranking: { q: number; o: number[] };
  scoring: { q: number; o: number[] };
}

interface Results {
  respondents: number;
  emailCounts: boolean;
  levels: { idgovua: number; email: number };
  questions: { questionId: number; respondents: number; options: { optionId: number | null; count: number; points?: number; average?: number }[] }[];
  sections: { sectionId: number; support: number; oppose: number; levels: { idgovua: number; email: number } }[];
}

describe('consultations: acts by sign-in level, and whether e-mail-level answers count', () => {
  let t: TestApp;
  let community: number;
  let weak: TestBrowser;
  let strong: TestBrowser;

  const item = async (kind: string, title: string, emailCounts: boolean) =>
    (
      await sql<{ id: number }>`
        insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, email_counts, residents_only, published_at)
        values (${community}, ${kind}, ${title}, 'other', ${new Date(t.clock.now().getTime() - DAY)}, ${new Date(t.clock.now().getTime() + 10 * DAY)},
          true, ${emailCounts}, false, ${new Date(t.clock.now().getTime() - DAY)})
        returning id`.execute(t.ctx.db)
    ).rows[0]!.id;

  /** A poll with a question of each of the four kinds, three options each. */
  const poll = async (emailCounts: boolean): Promise<Poll> => {
    const id = await item('poll', `Опитування (${emailCounts ? 'усі' : 'id.gov.ua'})`, emailCounts);
    const question = async (pos: number, type: string, extra: { scale?: boolean; max?: number }) => {
      const q = (
        await sql<{ id: number }>`
          insert into consultation_questions (community_id, item_id, position, type, text, min_choices, max_choices, scale_min, scale_max)
          values (${community}, ${id}, ${pos}, ${type}, ${`Питання ${pos}`}, ${extra.max ? 1 : null}, ${extra.max ?? null},
            ${extra.scale ? 1 : null}, ${extra.scale ? 5 : null})
          returning id`.execute(t.ctx.db)
      ).rows[0]!.id;
      const o: number[] = [];
      for (const [i, label] of ['Перший', 'Другий', 'Третій'].entries())
        o.push(
          (
            await sql<{ id: number }>`
              insert into consultation_options (community_id, question_id, position, label) values (${community}, ${q}, ${i + 1}, ${label}) returning id`.execute(
              t.ctx.db,
            )
          ).rows[0]!.id,
        );
      return { q, o };
    };
    return {
      id,
      single: await question(1, 'single', {}),
      multiple: await question(2, 'multiple', { max: 3 }),
      ranking: await question(3, 'ranking', {}),
      scoring: await question(4, 'scoring', { scale: true }),
    };
  };

  /** Answers every question picking option `k` first (and giving it 5 points of 5). */
  const answer = async (b: TestBrowser, p: Poll, k: number) => {
    const order = [k, ...[0, 1, 2].filter((i) => i !== k)];
    const form: Record<string, string | string[]> = {
      [`q${p.single.q}`]: String(p.single.o[k]),
      [`q${p.multiple.q}`]: [String(p.multiple.o[k])],
    };
    order.forEach((i, place) => (form[`q${p.ranking.q}-rank-${p.ranking.o[i]}`] = String(place + 1)));
    p.scoring.o.forEach((o, i) => (form[`q${p.scoring.q}-score-${o}`] = i === k ? '5' : '1'));
    const res = await b.post(`/koriukivka/consultations/${p.id}/poll/submit`, form);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  };
  const results = async (id: number) => JSON.parse((await t.browser().get(`/api/v1/communities/koriukivka/consultations/${id}/results`)).body) as Results;
  const resultOf = (r: Results, q: number) => r.questions.find((x) => x.questionId === q)!;
  const optionOf = (r: Results, q: number, o: number) => resultOf(r, q).options.find((x) => x.optionId === o)!;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    weak = await signedInByEmail(t, 'levels@example.com', { phone: '+380671239101' });
    strong = await signedInAs(t, demo.andrii);
  });
  after(async () => t.close());

  test('where e-mail answers do not count, each of the four kinds of question counts only the id.gov.ua answer; both are shown by level', async () => {
    const p = await poll(false);
    await answer(weak, p, 0);
    await answer(strong, p, 1);
    const levels = await sql<{ level: string }>`select level from consultation_responses where item_id = ${p.id} order by id`.execute(t.ctx.db);
    assert.deepEqual(
      levels.rows.map((r) => r.level),
      ['email', 'idgovua'],
    );

    const r = await results(p.id);
    assert.equal(r.emailCounts, false);
    assert.equal(r.respondents, 1);
    assert.deepEqual(r.levels, { idgovua: 1, email: 1 });
    for (const q of [p.single, p.multiple, p.ranking, p.scoring]) assert.equal(resultOf(r, q.q).respondents, 1);
    assert.equal(optionOf(r, p.single.q, p.single.o[0]!).count, 0, 'the e-mail answer is not counted');
    assert.equal(optionOf(r, p.single.q, p.single.o[1]!).count, 1);
    assert.equal(optionOf(r, p.multiple.q, p.multiple.o[0]!).count, 0);
    assert.equal(optionOf(r, p.multiple.q, p.multiple.o[1]!).count, 1);
    assert.equal(optionOf(r, p.ranking.q, p.ranking.o[1]!).points, 3, 'first place of three: 3 Borda points');
    assert.equal(optionOf(r, p.ranking.q, p.ranking.o[0]!).points, 2, 'only the id.gov.ua ranking (second place)');
    assert.equal(optionOf(r, p.scoring.q, p.scoring.o[1]!).average, 5);
    assert.equal(optionOf(r, p.scoring.q, p.scoring.o[0]!).average, 1);

    const page = (await t.browser().get(`/koriukivka/consultations/${p.id}`)).body;
    assert.ok(page.includes('2 учасники відповіли'), 'both answers are shown as given');
    assert.ok(
      page.includes('Через id.gov.ua: 1. Через ел. пошту й телефон: 1 — за правилами цього опитування до результатів не зараховуються.'),
      'the figures by level and the rule',
    );
    assert.ok(page.includes('Відповіді й позиції, подані зі входом поштою й телефоном, до результатів не зараховуються'), 'the rule among the item’s rules');
    const detail = JSON.parse((await t.browser().get(`/api/v1/communities/koriukivka/consultations/${p.id}`)).body) as { rules: { emailCounts: boolean } };
    assert.equal(detail.rules.emailCounts, false);
  });

  test('where they count (the default), both answers count, and the page says how many came each way', async () => {
    const p = await poll(true);
    await answer(weak, p, 0);
    await answer(strong, p, 1);
    const r = await results(p.id);
    assert.equal(r.emailCounts, true);
    assert.equal(r.respondents, 2);
    assert.deepEqual(r.levels, { idgovua: 1, email: 1 });
    for (const q of [p.single, p.multiple, p.ranking, p.scoring]) assert.equal(resultOf(r, q.q).respondents, 2);
    assert.equal(optionOf(r, p.single.q, p.single.o[0]!).count, 1);
    assert.equal(optionOf(r, p.single.q, p.single.o[1]!).count, 1);
    assert.equal(optionOf(r, p.ranking.q, p.ranking.o[0]!).points, 5);
    assert.equal(optionOf(r, p.scoring.q, p.scoring.o[0]!).average, 3);
    const page = (await t.browser().get(`/koriukivka/consultations/${p.id}`)).body;
    assert.ok(page.includes('З них через id.gov.ua: 1, через ел. пошту й телефон: 1.'));
    assert.ok(page.includes('Відповіді й позиції, подані зі входом поштою й телефоном, зараховуються до результатів'));
    const en = t.browser();
    en.jar.store('viche_lang=en; Path=/');
    assert.ok((await en.get(`/koriukivka/consultations/${p.id}`)).body.includes('Of these, through id.gov.ua: 1; by e-mail and phone: 1.'));
  });

  test('a draft act’s stances: e-mail-level ones left out of the tallies where they do not count, shown by level', async () => {
    const act = await item('act', 'Проєкт рішення', false);
    const other = await signedInByEmail(t, 'levels2@example.com', { phone: '+380671239102' });
    for (const [b, s] of [
      [weak, 'oppose'],
      [other, 'oppose'],
      [strong, 'support'],
    ] as const)
      assert.equal((await b.post(`/koriukivka/consultations/${act}/stance`, { scope: '0', stance: s })).statusCode, 303);
    const r = await results(act);
    assert.equal(r.respondents, 1);
    assert.deepEqual(r.levels, { idgovua: 1, email: 2 });
    assert.deepEqual(r.sections[0], { sectionId: 0, heading: 'Документ загалом', support: 1, oppose: 0, levels: { idgovua: 1, email: 2 }, comments: 0 });
    const page = (await t.browser().get(`/koriukivka/consultations/${act}`)).body;
    assert.ok(page.includes('Підтримують: 1 · Не підтримують: 0 (лише через id.gov.ua; ще 2 позиції через ел. пошту й телефон не зараховано)'), 'plural');
    assert.ok(page.includes('3 учасники висловили позицію'));
    assert.ok(page.includes('Через id.gov.ua: 1. Через ел. пошту й телефон: 2 — за правилами цього обговорення до результатів не зараховуються.'));
  });

  test('commenters are people: two e-mail accounts of one phone, and one linked to an identity, count once', async () => {
    const consultation = await item('consultation', 'Консультація про парк', true);
    const sameP = await signedInByEmail(t, 'levels3@example.com', { phone: '+380671239101' });
    for (const b of [weak, sameP, strong])
      assert.equal((await b.post(`/koriukivka/consultations/${consultation}/comments`, { body: 'Пропоную більше лав.' })).statusCode, 303);
    const rows = await sql<{ identity: string; level: string }>`
      select identity, level from consultation_comments where item_id = ${consultation} order by id`.execute(t.ctx.db);
    assert.deepEqual(
      rows.rows.map((r) => r.level),
      ['email', 'email', 'idgovua'],
    );
    assert.equal(rows.rows[0]!.identity, rows.rows[1]!.identity, 'one phone, one person');
    const detail = JSON.parse((await t.browser().get(`/api/v1/communities/koriukivka/consultations/${consultation}`)).body) as {
      commentLevels: { idgovua: number; email: number };
    };
    assert.deepEqual(detail.commentLevels, { idgovua: 1, email: 2 });

    const people = async () =>
      (
        await sql<{ person: string }>`
          select distinct person from stats_person_months where tool = 'consultations' and community_id = ${community} and n > 0`.execute(t.ctx.db)
      ).rows.map((r) => r.person);
    // The weak person answered polls, took a stance and commented from two accounts: one person, with the
    // second e-mail person (levels2) and the id.gov.ua one, three in all.
    assert.equal((await people()).length, 3);
    assert.ok(!(await people()).some((x) => x.startsWith('user:')), 'no account ids');

    // The report (once ended) counts authors as people.
    t.clock.advance(11 * DAY);
    const csv = (await t.browser().get(`/koriukivka/consultations/${consultation}/report/results.csv`)).body;
    assert.match(csv, /Авторів,2\r\n/);

    // Linking the e-mail account to id.gov.ua makes its comments the identity's: still three people counted
    // before; now the weak person and the id.gov.ua one are the same, so two.
    await sameP.linkIdentityAs(demoPerson(demo.andrii).index);
    assert.equal((await people()).length, 2);
    const csvAfter = (await t.browser().get(`/koriukivka/consultations/${consultation}/report/results.csv`)).body;
    assert.match(csvAfter, /Авторів,1\r\n/);
  });
});
