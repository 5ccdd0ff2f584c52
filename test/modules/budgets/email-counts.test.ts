/**
 * Issue #17: a contest's rules say whether ballots cast at the e-mail level count toward the results. Where
 * they do not, they are kept and shown per level, but the tally (greedy and equal shares), the vote counts,
 * the Pabulib file and the published record leave them out; the contest page, the results page and the open
 * data state the rule. The rule is frozen with the other voting rules once voting starts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { signedInByEmail } from '../../helpers/weak-sign-in.js';
import { budgetContestForm, budgetProjectForm } from '../../helpers/budget-forms.js';
import { postMultipart } from '../../helpers/uploads.js';
import { kyivDateOf } from '../../../src/core/calendar/index.js';

const DAY = 86_400_000;

interface Setup {
  id: number;
  pub: string;
  manage: string;
  categoryId: number;
  /** Voted for by an id.gov.ua resident, and by an e-mail-level one. */
  strongPick: number;
  weakPick: number;
}

describe('budgets: whether e-mail-level ballots count toward the results', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let olena: TestBrowser;
  const start = new Date('2027-02-01T09:00:00Z');
  const today = kyivDateOf(start);
  const contests: { notCounted?: Setup; counted?: Setup } = {};

  const signIn = async () => {
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    olena = await signedInAs(t, demo.olena);
  };
  /** The contest form: e-mail sign-in allowed, anyone of any age; `o` overrides (undefined leaves a field out). */
  const form = (title: string, o: Record<string, string | undefined> = {}) => {
    const f: Record<string, string | undefined> = {
      ...budgetContestForm(today, { title, description: 'Перевірка зарахування бюлетенів за рівнем входу' }),
      allowEmail: 'on',
      residentsOnly: undefined,
      minAge: '',
      ...o,
    };
    return Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined));
  };
  const emailCountsOf = async (id: number) =>
    (await sql<{ email_counts: boolean }>`select email_counts from budget_contests where id = ${id}`.execute(t.ctx.db)).rows[0]!.email_counts;

  const submitProject = async (pub: string, categoryId: number, title: string) => {
    const res = await postMultipart(t, olena, `${pub}/projects/new`, budgetProjectForm(categoryId, { title }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    return Number(/projects\/(\d+)/.exec(String(res.headers.location))![1]);
  };

  /** A contest with one category (room for both projects) and two admitted projects of 90 000 грн. */
  const setUp = async (title: string, o: Record<string, string | undefined>): Promise<Setup> => {
    const made = await moderator.post('/lviv/manage/budgets/new', form(title, o));
    assert.equal(made.statusCode, 303, made.body.slice(0, 300));
    const id = Number(/budgets\/(\d+)$/.exec(String(made.headers.location))![1]);
    const manage = `/lviv/manage/budgets/${id}`;
    const pub = `/lviv/budgets/${id}`;
    const cat = await moderator.post(`${manage}/categories`, { code: 'A', name: 'Проєкти', budget: '200 000', minCost: '10 000', maxCost: '100 000' });
    assert.equal(cat.statusCode, 303);
    const categoryId = (await sql<{ id: number }>`select id from budget_categories where contest_id = ${id}`.execute(t.ctx.db)).rows[0]!.id;
    const strongPick = await submitProject(pub, categoryId, `Лавки біля школи (${title})`);
    const weakPick = await submitProject(pub, categoryId, `Ліхтарі у сквері (${title})`);
    for (const pid of [strongPick, weakPick]) {
      const r = await moderator.post(`${manage}/projects/${pid}`, { decision: 'admitted', note: '', correctedCost: '', costNote: '' });
      assert.equal(r.statusCode, 303);
    }
    return { id, pub, manage, categoryId, strongPick, weakPick };
  };

  /** The votes column of a project's row in a results table. */
  const votesIn = (html: string, title: string) => {
    const m = new RegExp(`${title.replace(/[()]/g, '\\$&')}</a>\\s*</td>\\s*<td>(\\d+)</td>`).exec(html);
    assert.ok(m, `a results row for «${title}»`);
    return Number(m[1]);
  };

  before(async () => {
    t = await createTestApp({ seedModules: false, now: start });
    // Lviv lets residents sign in by e-mail and phone (the contest still decides whether they vote and count).
    await sql`update communities set sign_in_policy = 'idgovua_or_email' where slug = 'lviv'`.execute(t.ctx.db);
    await signIn();
  });
  after(async () => t.close());

  test('the contest form carries the rule next to e-mail sign-in, with its warning; it is saved and audited', async () => {
    const page = await moderator.get('/lviv/manage/budgets/new');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('name="emailNotCounted"'));
    assert.ok(page.body.indexOf('name="allowEmail"') < page.body.indexOf('name="emailNotCounted"'), 'the box follows the e-mail one');
    assert.ok(page.body.includes('легше накрутити'));

    contests.notCounted = await setUp('Без e-mail', { emailNotCounted: 'on', winnerRule: 'mes' });
    contests.counted = await setUp('З e-mail', {});
    assert.equal(await emailCountsOf(contests.notCounted.id), false);
    assert.equal(await emailCountsOf(contests.counted.id), true, 'left out, the box keeps the default: they count');
    const created = await sql<{ after: unknown }>`
      select after from audit_log where action = 'budget.contest.created' and subject_id = ${String(contests.notCounted.id)}`.execute(t.ctx.db);
    const snapshot = created.rows[0]!.after;
    assert.equal((typeof snapshot === 'string' ? (JSON.parse(snapshot) as Record<string, unknown>) : (snapshot as Record<string, unknown>)).emailCounts, false);
    // The edit form shows the rule as saved; before voting it can still change (and back).
    const edit = await moderator.get(`${contests.notCounted.manage}/edit`);
    assert.match(edit.body, /<input[^>]*name="emailNotCounted"[^>]*checked/);
    assert.equal((await moderator.post(`${contests.counted.manage}/edit`, form('З e-mail', { emailNotCounted: 'on' }))).statusCode, 303);
    assert.equal(await emailCountsOf(contests.counted.id), false);
    assert.equal((await moderator.post(`${contests.counted.manage}/edit`, form('З e-mail'))).statusCode, 303);
    assert.equal(await emailCountsOf(contests.counted.id), true);
    // The public pages say it in plain words.
    const notCountedPage = await t.browser().get(contests.notCounted.pub);
    assert.ok(notCountedPage.body.includes('Бюлетені, подані зі входом через ел. пошту й телефон, до результатів не зараховуються'));
    const countedPage = await t.browser().get(contests.counted.pub);
    assert.ok(countedPage.body.includes('Бюлетені, подані зі входом через ел. пошту й телефон, зараховуються до результатів нарівні'));
    const english = t.browser();
    english.jar.store('viche_lang=en; Path=/');
    const en = await english.get(contests.notCounted.pub);
    assert.ok(en.body.includes('Ballots cast with e-mail and phone sign-in do not count toward the results'), en.body.slice(0, 200));
  });

  test('an id.gov.ua and an e-mail-level resident vote in both contests, each ballot with its level', async () => {
    t.clock.set(new Date(start.getTime() + 21 * DAY));
    await signIn();
    const weak = await signedInByEmail(t, 'weak.voter@example.com', { phone: '+380671239101', returnTo: '/lviv' });
    for (const k of [contests.notCounted!, contests.counted!]) {
      const strong = await olena.post(`${k.pub}/vote/confirm`, { project: [String(k.strongPick)] });
      assert.equal(strong.statusCode, 303, strong.body.slice(0, 300));
      const byEmail = await weak.post(`${k.pub}/vote/confirm`, { project: [String(k.weakPick)] });
      assert.equal(byEmail.statusCode, 303, byEmail.body.slice(0, 300));
      const levels = await sql<{ level: string }>`select level from budget_ballots where contest_id = ${k.id} order by level`.execute(t.ctx.db);
      assert.deepEqual(
        levels.rows.map((r) => r.level),
        ['email', 'idgovua'],
      );
    }
  });

  test('after voting started the rule is frozen: the form shows it as text, and changing it either way is refused', async () => {
    const k = contests.notCounted!;
    const edit = await moderator.get(`${k.manage}/edit`);
    assert.match(edit.body, /<input type="hidden" name="emailNotCounted" value="on"/);
    assert.ok(!/<input[^>]*type="checkbox"[^>]*name="emailNotCounted"/.test(edit.body), 'no box to tick any more');
    const refused = await moderator.post(`${k.manage}/edit`, form('Без e-mail', { winnerRule: 'mes' }));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /це правило змінювати не можна/);
    assert.equal(await emailCountsOf(k.id), false);
    const other = await moderator.post(`${contests.counted!.manage}/edit`, form('З e-mail', { emailNotCounted: 'on' }));
    assert.equal(other.statusCode, 409);
    assert.equal(await emailCountsOf(contests.counted!.id), true);
    // The same form unchanged (the rule carried back) still saves a title.
    assert.equal((await moderator.post(`${k.manage}/edit`, form('Без e-mail (уточнено)', { winnerRule: 'mes', emailNotCounted: 'on' }))).statusCode, 303);
  });

  test('where e-mail ballots do not count, the results count only the id.gov.ua one and show both levels', async () => {
    const k = contests.notCounted!;
    const page = await moderator.get(`${k.pub}/results`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Бюлетенів зараховано: 1 (онлайн: 1)'), page.body.slice(0, 2000));
    assert.ok(page.body.includes('Через id.gov.ua: 1. Через ел. пошту й телефон: 1 — за правилами цього конкурсу до результатів не зараховуються.'));
    assert.ok(page.body.includes('до результатів не зараховуються: їх лише показують окремо'));
    assert.equal(votesIn(page.body, 'Лавки біля школи (Без e-mail)'), 1);
    assert.equal(votesIn(page.body, 'Ліхтарі у сквері (Без e-mail)'), 0);
    // The Method of Equal Shares has one voter: the uncounted ballot brings no share to its project.
    assert.ok(page.body.includes('Профінансовано 90\u00a0000\u00a0грн з 200\u00a0000\u00a0грн бюджету категорії; 1 проєкт.'));
    // During voting the public counts follow the rule too.
    const contestPage = await t.browser().get(k.pub);
    assert.match(contestPage.body, /Ліхтарі у сквері \(Без e-mail\)[\s\S]*?0 голосів/);
  });

  test('where they count, both ballots count', async () => {
    const k = contests.counted!;
    const page = await moderator.get(`${k.pub}/results`);
    assert.ok(page.body.includes('Бюлетенів зараховано: 2 (онлайн: 2)'));
    assert.ok(page.body.includes('З них через id.gov.ua: 1, через ел. пошту й телефон: 1.'));
    assert.equal(votesIn(page.body, 'Лавки біля школи (З e-mail)'), 1);
    assert.equal(votesIn(page.body, 'Ліхтарі у сквері (З e-mail)'), 1);
  });

  test('the published record, the Pabulib file and the open data keep to the rule and state it', async () => {
    t.clock.set(new Date(start.getTime() + 31 * DAY));
    await signIn();
    for (const k of [contests.notCounted!, contests.counted!]) assert.equal((await moderator.post(`${k.manage}/publish-results`, {})).statusCode, 303);
    const k = contests.notCounted!;
    const page = await t.browser().get(`${k.pub}/results`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Зараховано: 1 бюлетень.'));
    assert.ok(page.body.includes('Не зараховано за правилами конкурсу (вхід через ел. пошту й телефон): 1 бюлетень.'));
    const counted = await t.browser().get(`${contests.counted!.pub}/results`);
    assert.ok(counted.body.includes('Зараховано: 2 бюлетені.'));
    assert.ok(!counted.body.includes('Не зараховано за правилами конкурсу'));

    const pb = await t.browser().get(`${k.pub}/results/${k.categoryId}.pb`);
    assert.equal(pb.statusCode, 200);
    const votes = pb.body.split('\nVOTES\n')[1]!.trim().split('\n');
    assert.equal(votes.length, 2, 'the header and the one counted voter');
    assert.match(pb.body, /comment;.*do not count/);

    const data = (await t.browser().get('/open-data/budget-results.json?community=lviv')).json() as {
      rows: {
        contest_id: number;
        project_id: number;
        votes: number;
        funded: boolean;
        email_ballots_count: boolean;
        ballots_idgovua: number;
        ballots_email: number;
      }[];
    };
    const row = (pid: number) => {
      const r = data.rows.find((x) => x.project_id === pid)!;
      return {
        votes: r.votes,
        funded: r.funded,
        email_ballots_count: r.email_ballots_count,
        ballots_idgovua: r.ballots_idgovua,
        ballots_email: r.ballots_email,
      };
    };
    assert.deepEqual(row(k.weakPick), { votes: 0, funded: false, email_ballots_count: false, ballots_idgovua: 1, ballots_email: 1 });
    assert.equal(row(k.strongPick).votes, 1);
    assert.equal(row(k.strongPick).funded, true);
    const c = contests.counted!;
    assert.equal(row(c.weakPick).votes, 1);
    assert.equal(row(c.weakPick).email_ballots_count, true);
    assert.equal(row(c.weakPick).ballots_email, 1);
  });
});
