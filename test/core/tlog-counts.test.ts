/**
 * Issue #18 point 6: «Перевірено журналом» on petition, contest and poll pages, through HTTP. The figure is
 * what the sequenced log gives (counted by the sequencer in the batch's own transaction), so it moves only
 * after sequencing; a cancellation takes away the act it names, once; a cancellation of nothing counted
 * changes nothing; the counts are in the database (a restarted app shows them) and equal a full replay.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp } from '../helpers/test-app.js';
import { sequenceLog } from '../helpers/tlog.js';
import { collectingPetition } from '../helpers/petitions.js';
import { appendToLog } from '../../src/core/tlog/store.js';
import { countLog } from '../../src/core/tlog/counts.js';
import { openMigratedDatabase } from '../../src/core/bootstrap.js';
import { buildApp, createContext } from '../../src/server.js';

const DAY = 86_400_000;

/** The «Перевірено журналом» line of a page, without its markup. */
function loggedLine(html: string): string | null {
  const m = /<p class="meta log-count"><a href="\/transparency">([^<]+)<\/a><span>([^<]+)<\/span><\/p>/.exec(html);
  return m ? `${m[1]}${m[2]}`.replace(/\u202f|\u00a0/g, ' ') : null;
}

describe('transparency log: the counts the log gives', () => {
  let t: TestApp;
  let petition = 0;
  let contest = { id: 0, project: 0 };
  let poll = { id: 0, question: 0, option: 0 };
  const petitionLine = async () => loggedLine((await t.browser().get(`/lviv/petitions/${petition}`)).body);
  const sequence = () => sequenceLog(t);

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    petition = await collectingPetition(t, 'lviv', 'Петиція з журналом', 30);
    const community = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow()).id;
    const now = t.clock.now().getTime();
    const at = (d: number) => new Date(now + d * DAY);
    const c = await sql<{ id: number }>`
      insert into budget_contests (community_id, title, total_budget, submission_from, submission_to, review_to, voting_from, voting_to,
        results_from, implementation_from, allow_email, residents_only, published, public_counts)
      values (${community}, 'Бюджет з журналом', 100000000, ${at(-30)}, ${at(-20)}, ${at(-10)}, ${at(-1)}, ${at(10)}, ${at(11)}, ${at(40)}, true, false, true, true)
      returning id`.execute(t.ctx.db);
    const cat = await sql<{ id: number }>`
      insert into budget_categories (community_id, contest_id, code, name, budget, max_cost) values (${community}, ${c.rows[0]!.id}, 'A', 'Мале', 100000000, 100000000)
      returning id`.execute(t.ctx.db);
    const project = await sql<{ id: number }>`
      insert into budget_projects (community_id, contest_id, category_id, title, cost, status, author_name, code)
      values (${community}, ${c.rows[0]!.id}, ${cat.rows[0]!.id}, 'Проєкт', 1000000, 'admitted', 'Автор', 'A1') returning id`.execute(t.ctx.db);
    contest = { id: c.rows[0]!.id, project: project.rows[0]!.id };
    const item = await sql<{ id: number }>`
      insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, residents_only, published_at)
      values (${community}, 'poll', 'Опитування з журналом', 'Інше', ${at(-1)}, ${at(10)}, true, false, ${at(-1)}) returning id`.execute(t.ctx.db);
    const q = await sql<{ id: number }>`
      insert into consultation_questions (community_id, item_id, position, type, text) values (${community}, ${item.rows[0]!.id}, 1, 'single', 'Так чи ні?')
      returning id`.execute(t.ctx.db);
    const o = await sql<{ id: number }>`
      insert into consultation_options (community_id, question_id, position, label) values (${community}, ${q.rows[0]!.id}, 1, 'Так') returning id`.execute(
      t.ctx.db,
    );
    poll = { id: item.rows[0]!.id, question: q.rows[0]!.id, option: o.rows[0]!.id };
  });
  after(async () => t.close());

  test('a petition page shows the log’s count only once the signatures are sequenced; an invalidation takes one away', async () => {
    assert.equal(await petitionLine(), 'Перевірено журналом: 0 підписів (контрольна точка 0)');
    const andrii = await signedInAs(t, demo.andrii);
    assert.equal((await andrii.post(`/lviv/petitions/${petition}/sign`, {})).statusCode, 303);
    assert.equal((await (await signedInAs(t, demo.olena)).post(`/lviv/petitions/${petition}/sign`, {})).statusCode, 303);
    assert.equal(await petitionLine(), 'Перевірено журналом: 0 підписів (контрольна точка 0)', 'not before the sequencer has run');
    await sequence();
    assert.equal(await petitionLine(), 'Перевірено журналом: 2 підписи (контрольна точка 2)');
    const english = t.browser();
    english.jar.store('viche_lang=en; Path=/');
    assert.equal(loggedLine((await english.get(`/lviv/petitions/${petition}`)).body), 'Checked by the log: 2 signatures (checkpoint 2)');

    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const sig = await sql<{ id: number }>`
      select s.id from petition_signatures s join users u on u.id = s.user_id where s.petition_id = ${petition} and u.last_name = 'Шевчук'`.execute(t.ctx.db);
    const res = await moderator.post(`/lviv/manage/petitions/${petition}/invalidate`, { signature: String(sig.rows[0]!.id), reason: 'Перевірка' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(await petitionLine(), 'Перевірено журналом: 2 підписи (контрольна точка 2)');
    await sequence();
    assert.equal(await petitionLine(), 'Перевірено журналом: 1 підпис (контрольна точка 3)');
  });

  test('a cancellation counts once, and only of an act the log counted for that subject', async () => {
    const cancel = (await t.ctx.db.selectFrom('tlog_entries').select('entry').orderBy('idx', 'desc').limit(1).executeTakeFirstOrThrow()).entry;
    const text = Buffer.from(cancel).toString('utf8');
    assert.match(text, /"kind":"signature-invalidated"/);
    const olenaLeaf = (
      await sql<{ log_leaf: string }>`
        select s.log_leaf from petition_signatures s join users u on u.id = s.user_id where s.petition_id = ${petition} and u.last_name = 'Коваленко'`.execute(
        t.ctx.db,
      )
    ).rows[0]!.log_leaf;
    // Appended behind the app's back: the same cancellation again, one of nothing, one naming Olena's
    // signature under another subject.
    await appendToLog(t.ctx.db, text);
    await appendToLog(t.ctx.db, text.replace(/"of":"[^"]+"/, '"of":null'));
    await appendToLog(t.ctx.db, text.replace(/"of":"[^"]+"/, `"of":"${olenaLeaf}"`).replace(`petition:${petition}`, 'petition:999999'));
    await sequence();
    assert.equal(await petitionLine(), 'Перевірено журналом: 1 підпис (контрольна точка 6)');
    const other = await t.ctx.db.selectFrom('tlog_counts').select('valid').where('subject', '=', 'petition:999999').execute();
    assert.deepEqual(other, [], 'nothing counted for a subject the cancelled act is not of');
  });

  test('the contest and poll pages show the ballots and answers the log gives', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const voted = await andrii.post(`/koriukivka/budgets/${contest.id}/vote/confirm`, { project: [String(contest.project)] });
    assert.equal(voted.statusCode, 303, voted.body.slice(0, 300));
    const answered = await andrii.post(`/koriukivka/consultations/${poll.id}/poll/submit`, { [`q${poll.question}`]: String(poll.option) });
    assert.equal(answered.statusCode, 303, answered.body.slice(0, 300));
    assert.match(loggedLine((await t.browser().get(`/koriukivka/budgets/${contest.id}`)).body) ?? '', /: 0 бюлетенів/);
    await sequence();
    const contestPage = (await t.browser().get(`/koriukivka/budgets/${contest.id}`)).body;
    assert.equal(loggedLine(contestPage), 'Перевірено журналом: 1 бюлетень (контрольна точка 8)');
    assert.match(contestPage, /<strong>1<\/strong> <span>бюлетень зараховано<\/span>/, 'beside the site’s own count');
    assert.equal(loggedLine((await t.browser().get(`/koriukivka/consultations/${poll.id}`)).body), 'Перевірено журналом: 1 відповідь (контрольна точка 8)');
  });

  test('the counts are kept in the database: a restarted app shows them, and they equal a full replay of the log', async () => {
    const config = t.ctx.config;
    const loadDataDir = t.ctx.database.dumpDataDir ? await t.ctx.database.dumpDataDir() : undefined;
    const database = await openMigratedDatabase(config, t.ctx.modules, { inMemory: true, loadDataDir });
    const app = await buildApp(createContext({ config, database, clock: t.clock, modules: t.ctx.modules }));
    try {
      const res = await app.inject({ method: 'GET', url: `/lviv/petitions/${petition}` });
      assert.equal(loggedLine(res.body), 'Перевірено журналом: 1 підпис (контрольна точка 8)');
    } finally {
      await app.close();
      await database.close();
    }

    const counts = () => t.ctx.db.selectFrom('tlog_counts').selectAll().orderBy('subject').orderBy('level').execute();
    const kept = await counts();
    assert.ok(kept.length >= 3);
    await t.ctx.db.deleteFrom('tlog_counts').execute();
    await t.ctx.db.deleteFrom('tlog_cancelled').execute();
    await countLog(t.ctx.db);
    assert.deepEqual(await counts(), kept);
  });
});
