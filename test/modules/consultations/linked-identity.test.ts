/**
 * Issue #17: when an e-mail account is linked to an identity, a poll the person answered both ways keeps the
 * earliest answer and a draft act keeps the earliest stance; the later ones are annulled («duplicate-linked»,
 * kept aside), results and statistics counters stay equal to the rows, and neither account can answer again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, demoPerson, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';

const DAY = 86_400_000;

describe('consultations: double answers and stances collapse to the earliest when an e-mail account is linked', () => {
  let t: TestApp;
  let community: number;
  const polls: Record<'a' | 'b' | 'c' | 'd', { id: number; question: number; yes: number; no: number }> = {} as never;
  let act = 0;

  const answer = async (b: TestBrowser, k: 'a' | 'b' | 'c' | 'd', choice: 'yes' | 'no') => {
    const p = polls[k];
    const res = await b.post(`/koriukivka/consultations/${p.id}/poll/submit`, { [`q${p.question}`]: String(p[choice]) });
    t.clock.advance(60_000);
    return res.statusCode;
  };
  const stance = async (b: TestBrowser, s: 'support' | 'oppose') => {
    const res = await b.post(`/koriukivka/consultations/${act}/stance`, { scope: '0', stance: s });
    t.clock.advance(60_000);
    return res.statusCode;
  };
  const responses = async (id: number) =>
    (await sql<{ identity: string; answers: unknown }>`select identity, answers from consultation_responses where item_id = ${id}`.execute(t.ctx.db)).rows;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    const now = t.clock.now().getTime();
    const item = async (kind: string, title: string) =>
      (
        await sql<{ id: number }>`
          insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, residents_only, published_at)
          values (${community}, ${kind}, ${title}, 'Інше', ${new Date(now - DAY)}, ${new Date(now + 10 * DAY)}, true, false, ${new Date(now - DAY)})
          returning id`.execute(t.ctx.db)
      ).rows[0]!.id;
    for (const k of ['a', 'b', 'c', 'd'] as const) {
      const id = await item('poll', `Опитування ${k}`);
      const q = await sql<{ id: number }>`
        insert into consultation_questions (community_id, item_id, position, type, text) values (${community}, ${id}, 1, 'single', 'Так чи ні?')
        returning id`.execute(t.ctx.db);
      const question = q.rows[0]!.id;
      const opt = async (pos: number, label: string) =>
        (
          await sql<{ id: number }>`
            insert into consultation_options (community_id, question_id, position, label) values (${community}, ${question}, ${pos}, ${label}) returning id`.execute(
            t.ctx.db,
          )
        ).rows[0]!.id;
      polls[k] = { id, question, yes: await opt(1, 'Так'), no: await opt(2, 'Ні') };
    }
    act = await item('act', 'Проєкт рішення');
  });
  after(async () => t.close());

  test('weak then strong, strong then weak, weak only: one answer each, the earliest; stances likewise', async () => {
    const weak = await signedInByEmail(t, 'answerer@example.com', { phone: '+380671230003' });
    const strong = await signedInAs(t, demo.andrii);
    assert.equal(await answer(weak, 'a', 'yes'), 303);
    assert.equal(await answer(strong, 'a', 'no'), 303);
    assert.equal(await answer(strong, 'c', 'no'), 303);
    assert.equal(await answer(weak, 'c', 'yes'), 303);
    assert.equal(await answer(weak, 'b', 'yes'), 303);
    assert.equal(await stance(weak, 'support'), 303);
    assert.equal(await stance(strong, 'oppose'), 303);

    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    const identity = (await t.ctx.db.selectFrom('users').select('identity_key').where('last_name', '=', 'Шевчук').executeTakeFirstOrThrow()).identity_key!;

    const answered = (r: { answers: unknown }) => JSON.stringify(r.answers);
    const a = await responses(polls.a.id);
    assert.equal(a.length, 1);
    assert.equal(a[0]!.identity, identity);
    assert.ok(answered(a[0]!).includes(String(polls.a.yes)), 'the earliest (e-mail) answer stays');
    const c = await responses(polls.c.id);
    assert.equal(c.length, 1);
    assert.ok(answered(c[0]!).includes(String(polls.c.no)), 'the earliest (id.gov.ua) answer stays');
    const b = await responses(polls.b.id);
    assert.equal(b[0]!.identity, identity);

    const stances = await sql<{ identity: string; stance: string }>`select identity, stance from consultation_stances where item_id = ${act}`.execute(t.ctx.db);
    assert.deepEqual(stances.rows, [{ identity, stance: 'support' }]);

    const annulled = await sql<{ kind: string; item_id: number; reason: string }>`
      select kind, item_id, reason from consultation_annulled_acts order by item_id, kind`.execute(t.ctx.db);
    assert.deepEqual(
      annulled.rows.map((r) => [r.kind, r.item_id, r.reason]),
      [
        ['response', polls.a.id, 'duplicate-linked'],
        ['response', polls.c.id, 'duplicate-linked'],
        ['stance', act, 'duplicate-linked'],
      ].sort((x, y) => Number(x[1]) - Number(y[1])),
    );

    // Neither account answers again; the linked e-mail account answers D as the identity, once.
    assert.equal(await answer(strong, 'b', 'no'), 409);
    const weakAgain = await signedInByEmail(t, 'answerer@example.com', { phone: '+380671230003' });
    assert.equal(await answer(weakAgain, 'a', 'no'), 409);
    assert.equal(await answer(weakAgain, 'd', 'yes'), 303);
    assert.equal(await answer(strong, 'd', 'no'), 409);

    // Statistics counters equal the rows; one person took part.
    const counted = await sql<{ n: number }>`
      select coalesce(sum(n), 0)::int as n from stats_counts where tool = 'consultations' and metric = 'responses' and community_id = ${community}`.execute(
      t.ctx.db,
    );
    assert.equal(counted.rows[0]!.n, 4);
    const people = await sql<{ n: number }>`
      select count(distinct person)::int as n from stats_person_months where tool = 'consultations' and community_id = ${community} and n > 0`.execute(
      t.ctx.db,
    );
    assert.equal(people.rows[0]!.n, 1);

    const link = await sql<{ after: unknown }>`select after from audit_log where action = 'identity.linked'`.execute(t.ctx.db);
    const facts = JSON.stringify(link.rows[0]!.after);
    assert.ok(facts.includes('"consultations.responsesAnnulled":2') && facts.includes('"consultations.stancesAnnulled":1'), facts);
  });
});
