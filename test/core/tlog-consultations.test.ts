/**
 * Issue #18: consultation acts in the transparency log, through HTTP. A poll response is appended in its own
 * transaction with the choices as public ids (a person's own «Інше» text only as `other`) and the person
 * gets a receipt on the poll page that proves inclusion once sequenced; a stance and each change of it are
 * logged; a refused answer leaves nothing; a double answer or stance annulled by linking is logged too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { demo, demoPerson, signedInAs, type TestApp } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { insertSection, koriukivkaTestApp, logEntries, pendingLogEntries, receiptNumberOn, sequenceLog } from '../helpers/tlog.js';

const DAY = 86_400_000;

describe('transparency log: consultation answers and stances', () => {
  let t: TestApp;
  let community = 0;
  let poll = 0;
  let act = 0;
  let section = 0;
  const q: Record<'single' | 'multiple' | 'ranking' | 'scoring', { id: number; options: number[] }> = {} as never;
  const other = 'Мене звати Андрій, телефон 0671234567';

  const entries = () => logEntries(t);
  const pendingCount = () => pendingLogEntries(t);
  const sequence = () => sequenceLog(t);
  const receiptOn = receiptNumberOn;

  async function item(kind: 'poll' | 'act', title: string, allowEmail: boolean): Promise<number> {
    const now = t.clock.now().getTime();
    return (
      await sql<{ id: number }>`
        insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, residents_only, published_at)
        values (${community}, ${kind}, ${title}, 'Інше', ${new Date(now - DAY)}, ${new Date(now + 10 * DAY)}, ${allowEmail}, false, ${new Date(now - DAY)})
        returning id`.execute(t.ctx.db)
    ).rows[0]!.id;
  }
  async function question(itemId: number, position: number, type: string, extra: { allowOther?: boolean; scaleMax?: number } = {}) {
    const r = await sql<{ id: number }>`
      insert into consultation_questions (community_id, item_id, position, type, text, allow_other, scale_min, scale_max)
      values (${community}, ${itemId}, ${position}, ${type}, ${`Питання ${position}`}, ${extra.allowOther ?? false},
        ${extra.scaleMax ? 1 : null}, ${extra.scaleMax ?? null})
      returning id`.execute(t.ctx.db);
    const id = r.rows[0]!.id;
    const options: number[] = [];
    for (const [i, label] of ['Перший', 'Другий', 'Третій'].entries())
      options.push(
        (
          await sql<{ id: number }>`
            insert into consultation_options (community_id, question_id, position, label) values (${community}, ${id}, ${i + 1}, ${label}) returning id`.execute(
            t.ctx.db,
          )
        ).rows[0]!.id,
      );
    return { id, options };
  }

  before(async () => {
    ({ t, community } = await koriukivkaTestApp());
    poll = await item('poll', 'Опитування про парк', false);
    q.single = await question(poll, 1, 'single', { allowOther: true });
    q.multiple = await question(poll, 2, 'multiple', { allowOther: true });
    q.ranking = await question(poll, 3, 'ranking');
    q.scoring = await question(poll, 4, 'scoring', { scaleMax: 5 });
    act = await item('act', 'Проєкт рішення', true);
    section = await insertSection(t, community, act);
  });
  after(async () => t.close());

  test('an answer gets a receipt that proves inclusion; the entry holds the choices and no personal data', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const [s, m, r, c] = [q.single, q.multiple, q.ranking, q.scoring];
    const res = await andrii.post(`/koriukivka/consultations/${poll}/poll/submit`, {
      [`q${s.id}`]: 'other',
      [`q${s.id}-other`]: other,
      [`q${m.id}`]: [String(m.options[2]), String(m.options[0]), 'other'],
      [`q${m.id}-other`]: `${other} ще раз`,
      [`q${r.id}-rank-${r.options[0]}`]: '2',
      [`q${r.id}-rank-${r.options[1]}`]: '3',
      [`q${r.id}-rank-${r.options[2]}`]: '1',
      [`q${c.id}-score-${c.options[0]}`]: '5',
      [`q${c.id}-score-${c.options[1]}`]: '1',
      [`q${c.id}-score-${c.options[2]}`]: '3',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const page = await andrii.get(`/koriukivka/consultations/${poll}`);
    const n = receiptOn(page.body);
    assert.ok(Number.isInteger(n), 'the poll page shows the receipt number');
    assert.match(page.body, new RegExp(`href="/transparency/receipts/${n}">Перевірити мою відповідь`));
    assert.match((await t.browser().get(`/transparency/receipts/${n}`)).body, /чекає на включення до журналу/);

    await sequence();
    const proven = await t.browser().get(`/transparency/receipts/${n}`);
    assert.equal(proven.statusCode, 200);
    assert.match(proven.body, /Перевірено: запис № 0 є в поточній контрольній точці журналу \(1 запис\)/);

    const [e] = await entries();
    assert.equal(e!.act.tool, 'consultations');
    assert.equal(e!.act.kind, 'answer');
    assert.equal(e!.act.subject, `poll:${poll}`);
    assert.equal(e!.act.community, 'koriukivka');
    assert.deepEqual(e!.act.details, {
      level: 'idgovua',
      answers: [
        `${s.id}:other`,
        `${m.id}:${m.options[0]}+${m.options[2]}+other`, // in the optionsʼ order
        `${r.id}:${r.options[2]}>${r.options[0]}>${r.options[1]}`,
        `${c.id}:${c.options[0]}=5,${c.options[1]}=1,${c.options[2]}=3`,
      ],
    });
    const person = demoPerson(demo.andrii).person;
    const user = await sql<{ identity_key: string }>`select identity_key from users where last_name = 'Шевчук'`.execute(t.ctx.db);
    for (const secret of [person.lastName, person.firstName, person.rnokpp, user.rows[0]!.identity_key, 'Андрій', '0671234567', 'Мене звати'])
      assert.ok(!e!.text.includes(secret), `the log does not hold «${secret}»`);
    const stored = await sql<{ log_leaf: string }>`select log_leaf from consultation_responses where item_id = ${poll}`.execute(t.ctx.db);
    assert.equal(stored.rows[0]!.log_leaf, e!.leaf, 'the response keeps the leaf hash of its entry');
  });

  test('a refused answer logs nothing', async () => {
    const before = await pendingCount();
    const andrii = await signedInAs(t, demo.andrii);
    const again = await andrii.post(`/koriukivka/consultations/${poll}/poll/submit`, {
      [`q${q.single.id}`]: String(q.single.options[0]),
      [`q${q.multiple.id}`]: String(q.multiple.options[0]),
      [`q${q.ranking.id}-rank-${q.ranking.options[0]}`]: '1',
      [`q${q.ranking.id}-rank-${q.ranking.options[1]}`]: '2',
      [`q${q.ranking.id}-rank-${q.ranking.options[2]}`]: '3',
      [`q${q.scoring.id}-score-${q.scoring.options[0]}`]: '1',
      [`q${q.scoring.id}-score-${q.scoring.options[1]}`]: '1',
      [`q${q.scoring.id}-score-${q.scoring.options[2]}`]: '1',
    });
    assert.equal(again.statusCode, 409, 'one answer per person');
    const weak = await signedInByEmail(t, 'tlog.cons.refused@example.com', { phone: '+380671239921' });
    const refused = await weak.post(`/koriukivka/consultations/${poll}/poll/submit`, { [`q${q.single.id}`]: String(q.single.options[0]) });
    assert.notEqual(refused.statusCode, 303, 'an e-mail account may not answer this poll');
    const invalid = await (await signedInAs(t, demo.olena)).post(`/koriukivka/consultations/${poll}/poll/submit`, { [`q${q.single.id}`]: 'nonsense' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(await pendingCount(), before, 'nothing appended');
  });

  test('where results wait for the end, answers and stances are logged without what was chosen', async () => {
    const hiddenPoll = await item('poll', 'Опитування з результатами після завершення', true);
    const single = await question(hiddenPoll, 1, 'single');
    const hiddenAct = await item('act', 'Проєкт з підсумками після завершення', true);
    await sql`update consultation_items set results_visibility = 'after' where id in (${hiddenPoll}, ${hiddenAct})`.execute(t.ctx.db);
    const petro = await signedInByEmail(t, 'tlog.cons.hidden@example.com', { phone: '+380671239931' });
    assert.equal((await petro.post(`/koriukivka/consultations/${hiddenPoll}/poll/submit`, { [`q${single.id}`]: String(single.options[1]) })).statusCode, 303);
    assert.equal((await petro.post(`/koriukivka/consultations/${hiddenAct}/stance`, { scope: '0', stance: 'oppose' })).statusCode, 303);
    await sequence();
    const logged = (await entries()).filter((e) => e.act.subject === `poll:${hiddenPoll}` || e.act.subject === `act:${hiddenAct}`);
    assert.deepEqual(
      logged.map((e) => [e.act.kind, e.act.details]),
      [
        ['answer', { level: 'email' }],
        ['stance', { level: 'email', section: 0 }],
      ],
    );
  });

  test('a stance and each change of it are logged; the same stance again is not', async () => {
    const olena = await signedInAs(t, demo.olena);
    const stance = (scope: number, s: string) => olena.post(`/koriukivka/consultations/${act}/stance`, { scope: String(scope), stance: s });
    assert.equal((await stance(section, 'support')).statusCode, 303);
    t.clock.advance(60_000);
    assert.equal((await stance(section, 'support')).statusCode, 303);
    assert.equal((await stance(section, 'oppose')).statusCode, 303);
    assert.equal((await stance(0, 'support')).statusCode, 303);
    await sequence();
    const logged = (await entries()).filter((e) => e.act.subject === `act:${act}`);
    assert.deepEqual(
      logged.map((e) => [e.act.kind, e.act.details]),
      [
        ['stance', { level: 'idgovua', section, stance: 'support' }],
        ['stance', { level: 'idgovua', section, stance: 'oppose' }],
        ['stance', { level: 'idgovua', section: 0, stance: 'support' }],
      ],
    );
    assert.equal(new Set(logged.map((e) => e.act.tag)).size, 1, 'one person, one tag within the act');
    const stored = await sql<{ log_leaf: string }>`select log_leaf from consultation_stances where item_id = ${act} and scope = ${section}`.execute(t.ctx.db);
    assert.equal(stored.rows[0]!.log_leaf, logged[1]!.leaf, 'the stance keeps the entry of its latest change');
    // The act's page gives the person the receipt of each stance's latest change, and it proves inclusion.
    const page = (await olena.get(`/koriukivka/consultations/${act}`)).body;
    const receipts = [
      ...page.matchAll(/Квитанція журналу прозорості <strong>№ (\d+)<\/strong>\. <a href="\/transparency\/receipts\/\1">Перевірити мою позицію/g),
    ].map((m) => Number(m[1]));
    assert.equal(receipts.length, 2, 'one receipt for the section, one for the whole act');
    const cabinet = (await olena.get('/cabinet')).body;
    for (const n of receipts) assert.match(cabinet, new RegExp(`href="/transparency/receipts/${n}"`), 'the cabinet lists the stance receipts too');
    assert.match(cabinet, /Позиція щодо проєкту акта: /);
    assert.match((await t.browser().get(`/transparency/receipts/${receipts[0]}`)).body, /Перевірено: запис № \d+ є в поточній контрольній точці журналу/);
  });

  test('linking annuls a double answer and a double stance and logs them as «duplicate-linked»', async () => {
    const both = await item('poll', 'Опитування для обох', true);
    const yes = await question(both, 1, 'single');
    const weak = await signedInByEmail(t, 'tlog.cons.linker@example.com', { phone: '+380671239922' });
    const strong = await signedInAs(t, demo.andrii);
    assert.equal((await weak.post(`/koriukivka/consultations/${both}/poll/submit`, { [`q${yes.id}`]: String(yes.options[0]) })).statusCode, 303);
    assert.equal((await weak.post(`/koriukivka/consultations/${act}/stance`, { scope: String(section), stance: 'oppose' })).statusCode, 303);
    t.clock.advance(60_000);
    assert.equal((await strong.post(`/koriukivka/consultations/${both}/poll/submit`, { [`q${yes.id}`]: String(yes.options[1]) })).statusCode, 303);
    assert.equal((await strong.post(`/koriukivka/consultations/${act}/stance`, { scope: String(section), stance: 'support' })).statusCode, 303);
    await weak.linkIdentityAs(demoPerson(demo.andrii).index);
    await sequence();
    const all = await entries();
    const answers = all.filter((e) => e.act.subject === `poll:${both}`);
    assert.deepEqual(
      answers.map((e) => [e.act.kind, e.act.details.level, e.act.details.reason ?? null]),
      [
        ['answer', 'email', null],
        ['answer', 'idgovua', null],
        ['answer-annulled', 'idgovua', 'duplicate-linked'],
      ],
    );
    assert.equal(answers[2]!.act.details.of, answers[1]!.leaf, 'the later (id.gov.ua) answer is the one annulled');
    const annulled = all.filter((e) => e.act.kind === 'stance-annulled');
    assert.equal(annulled.length, 1);
    assert.deepEqual({ ...annulled[0]!.act.details, of: null }, { level: 'idgovua', section, of: null, reason: 'duplicate-linked' });
    const cancelled = all.find((e) => e.leaf === annulled[0]!.act.details.of)!;
    assert.deepEqual([cancelled.act.kind, cancelled.act.details.stance], ['stance', 'support'], 'the later stance is the one annulled');
    assert.equal(cancelled.act.tag, annulled[0]!.act.tag);
  });
});
