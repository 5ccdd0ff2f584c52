/**
 * Nobody bends a count (issue #15): once voting has started the contest's rules (who votes, the ballot, the
 * budget, the categories, the winner rule, the dates) are frozen for every path; the end of voting can only
 * be extended, before it passes, with a public reason; published results are never unpublished, republished
 * or changed, only corrected by a new public record that keeps the first result visible; and the audit log,
 * replayed, reconstructs the contest's rules field by field.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { clockedTestApp } from '../../helpers/clocked-app.js';
import { budgetContestForm, budgetProjectForm } from '../../helpers/budget-forms.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { replayFields } from '../../../src/core/audit/field-changes.js';
import { categoryRuleFields, contestRuleFields, findContest, listCategories, updateContest, ContestFrozenError } from '../../../src/modules/budgets/index.js';
import { postMultipart } from '../../helpers/uploads.js';
import { logEntries, sequenceLog } from '../../helpers/tlog.js';
import { logTag } from '../../../src/core/tlog/tag.js';

const DAY = 86_400_000;

describe('budget contest rules are frozen once voting starts', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let olena: TestBrowser;
  let contestId: number;
  let m: string;
  let pub: string;
  let projectId: number;
  const start = new Date('2027-02-01T09:00:00Z');
  const today = kyivDateOf(start);

  const { jump } = clockedTestApp(start, async (app) => {
    t = app;
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    olena = await signedInAs(t, demo.olena);
  });

  /** A posted form: a field set to undefined is left out (an unticked checkbox). */
  const clean = (f: Record<string, string | undefined>) => Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined));
  const form = (o: Record<string, string | undefined> = {}) => {
    const f: Record<string, string | undefined> = {
      ...budgetContestForm(today, { title: 'Бюджет, який не зігнути', description: 'Перевірка заморожених правил' }),
      ...o,
    };
    return clean(f);
  };
  const row = async () => (await sql<Record<string, unknown>>`select * from budget_contests where id = ${contestId}`.execute(t.ctx.db)).rows[0]!;
  const rulesNow = async () => {
    const contest = (await findContest(t.ctx.db, contestId))!;
    const cats = await listCategories(t.ctx.db, contestId);
    return { ...contestRuleFields(contest), ...Object.assign({}, ...cats.map((k) => categoryRuleFields(k))) } as Record<string, unknown>;
  };
  const auditEntries = async () =>
    (
      await sql<{
        action: string;
        before: unknown;
        after: unknown;
      }>`select action, before, after from audit_log where subject_type = 'budget_contest' and subject_id = ${String(contestId)} order by id`.execute(t.ctx.db)
    ).rows;
  /** The contest's `rules-changed` log entries: field, old, new, reason. */
  const ruleEntries = async () => {
    await sequenceLog(t);
    const mine = (await logEntries(t)).filter((e) => e.act.subject === `contest:${contestId}` && e.act.kind === 'rules-changed');
    // The council's tag: of a fixed per-community key, the same for every change, nobody's.
    for (const e of mine) assert.equal(e.act.tag, logTag(t.ctx.config.log.tagKey, 'council:lviv', `contest:${contestId}`));
    return mine.map((e) => [e.act.details.field, e.act.details.old, e.act.details.new, e.act.details.reason ?? null]);
  };
  const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

  test('before voting the moderator edits freely, and every edit is audited with real before and after values', async () => {
    const made = await moderator.post('/lviv/manage/budgets/new', form());
    assert.equal(made.statusCode, 303);
    contestId = Number(/budgets\/(\d+)$/.exec(String(made.headers.location))![1]);
    m = `/lviv/manage/budgets/${contestId}`;
    pub = `/lviv/budgets/${contestId}`;
    assert.equal(
      (await moderator.post(`${m}/categories`, { code: 'A', name: 'Малі проєкти', budget: '1 000 000', minCost: '10 000', maxCost: '400 000' })).statusCode,
      303,
    );
    // Several edits of rules that decide the count: each one's entry keeps the fields it changed, as they were and became.
    assert.equal((await moderator.post(`${m}/edit`, form({ minAge: '18' }))).statusCode, 303);
    assert.equal(
      (await moderator.post(`${m}/edit`, form({ minAge: '18', residentsOnly: undefined, winnerRule: 'greedy-threshold', minVotes: '3' }))).statusCode,
      303,
    );
    assert.equal(
      (
        await moderator.post(
          `${m}/edit`,
          form({ minAge: '16', residentsOnly: undefined, winnerRule: 'greedy', minVotes: '0', votingTo: addDaysToLocalDate(today, 28) }),
        )
      ).statusCode,
      303,
    );
    // Saving without a change writes no entry.
    assert.equal(
      (await moderator.post(`${m}/edit`, form({ minAge: '16', residentsOnly: undefined, votingTo: addDaysToLocalDate(today, 28) }))).statusCode,
      303,
    );
    const entries = await auditEntries();
    const updates = entries.filter((e) => e.action === 'budget.contest.updated');
    assert.equal(updates.length, 3);
    assert.deepEqual(parse(updates[0]!.before), { minAge: 16 });
    assert.deepEqual(parse(updates[0]!.after), { minAge: 18 });
    assert.deepEqual(parse(updates[1]!.before), { residentsOnly: true, winnerRule: 'greedy', minVotes: 0 });
    assert.deepEqual(parse(updates[1]!.after), { residentsOnly: false, winnerRule: 'greedy-threshold', minVotes: 3 });
    const r = await row();
    assert.equal(r.residents_only, false);
    assert.equal(r.min_age, 16);
  });

  test('a project reaches the ballot and a resident votes', async () => {
    const [cat] = await listCategories(t.ctx.db, contestId);
    const res = await postMultipart(t, olena, `${pub}/projects/new`, budgetProjectForm(cat!.id));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    projectId = Number(/projects\/(\d+)/.exec(String(res.headers.location))![1]);
    assert.equal((await moderator.post(`${m}/projects/${projectId}`, { decision: 'admitted', note: '', correctedCost: '', costNote: '' })).statusCode, 303);
    await jump(new Date(start.getTime() + 21 * DAY));
    const vote = await olena.post(`${pub}/vote/confirm`, { project: [String(projectId)] });
    assert.equal(vote.statusCode, 303, vote.body.slice(0, 300));
  });

  test('after voting started: eligibility, minimum age, budget, categories, winner rule, ballot and dates are refused, the row unchanged', async () => {
    const current = form({ minAge: '16', residentsOnly: undefined, votingTo: addDaysToLocalDate(today, 28) });
    const edit = await moderator.get(`${m}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /Голосування вже почалося/);
    assert.ok(!/<select[^>]*name="winnerRule"/.test(edit.body), 'the winner rule is shown as text, not a select');
    assert.match(edit.body, /<input type="hidden" name="winnerRule" value="greedy"/);
    const before = await row();
    const attempts: Record<string, string | undefined>[] = [
      { residentsOnly: 'on' },
      { allowEmail: 'on' },
      { emailNotCounted: 'on' },
      { minAge: '14' },
      { totalBudget: '2 000 000' },
      { winnerRule: 'mes' },
      { maxPerCategory: '5' },
      { ballotMode: 'one-per-category' },
      { votingTo: addDaysToLocalDate(today, 25) },
      { votingTo: addDaysToLocalDate(today, 35), resultsFrom: addDaysToLocalDate(today, 36) },
      { votingFrom: addDaysToLocalDate(today, 21) },
      { published: undefined },
    ];
    for (const o of attempts) {
      const res = await moderator.post(`${m}/edit`, clean({ ...current, ...o }));
      assert.equal(res.statusCode, 409, `${JSON.stringify(o)} → ${res.statusCode}`);
      assert.match(res.body, /це правило змінювати не можна/);
    }
    assert.deepEqual(await row(), before, 'the contest row is unchanged');
    // The title may still be corrected (and is audited).
    assert.equal((await moderator.post(`${m}/edit`, { ...current, title: 'Бюджет, який не зігнути (уточнено)' })).statusCode, 303);
    assert.deepEqual(await ruleEntries(), [], 'a title is not a rule: nothing logged');
    // Categories: none added, none changed — through the route and through the engine.
    const cat = await moderator.post(`${m}/categories`, { code: 'B', name: 'Великі проєкти', budget: '500 000', minCost: '0', maxCost: '500 000' });
    assert.equal(cat.statusCode, 409);
    assert.equal((await listCategories(t.ctx.db, contestId)).length, 1);
    const contest = (await findContest(t.ctx.db, contestId))!;
    await assert.rejects(
      updateContest(t.ctx, t.ctx.db, { contest, input: { ...contest, winnerRule: 'mes' }, actorUserId: null, now: t.clock.now() }),
      ContestFrozenError,
    );
  });

  test('once voting started, a change of the implementation date is logged as a rule change', async () => {
    const current = form({ minAge: '16', residentsOnly: undefined, votingTo: addDaysToLocalDate(today, 28), title: 'Бюджет, який не зігнути (уточнено)' });
    const was = (await row()).implementation_from as Date;
    const res = await moderator.post(`${m}/edit`, { ...current, implementationFrom: addDaysToLocalDate(today, 45) });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const now = (await row()).implementation_from as Date;
    assert.notEqual(now.getTime(), was.getTime());
    assert.deepEqual(await ruleEntries(), [['implementationFrom', was.toISOString(), now.toISOString(), null]]);
  });

  test('voting is extended only to a later day, with a public reason, and never after it ended', async () => {
    const end = addDaysToLocalDate(today, 28);
    const earlier = await moderator.post(`${m}/extend`, {
      newVotingTo: addDaysToLocalDate(today, 26),
      extendReason: 'Хочемо закінчити раніше, бо так зручніше.',
    });
    assert.equal(earlier.statusCode, 409);
    assert.match(earlier.body, /скоротити голосування не можна/);
    const noReason = await moderator.post(`${m}/extend`, { newVotingTo: addDaysToLocalDate(today, 33), extendReason: 'бо' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(kyivDateOf(new Date(((await row()).voting_to as Date).getTime() - 1)), end, 'unchanged so far');
    const reason = 'Збій у роботі id.gov.ua 20–21 лютого: частина мешканців не змогла увійти.';
    const prior = (await row()) as { voting_to: Date; results_from: Date };
    const ok = await moderator.post(`${m}/extend`, { newVotingTo: addDaysToLocalDate(today, 33), extendReason: reason });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const r = await row();
    assert.equal(kyivDateOf(new Date((r.voting_to as Date).getTime() - 1)), addDaysToLocalDate(today, 33));
    // Logged with its public reason: the new end, and the results date it moved.
    const logged = await ruleEntries();
    assert.deepEqual(logged.slice(1), [
      ['votingTo', prior.voting_to.toISOString(), (r.voting_to as Date).toISOString(), reason],
      ['resultsFrom', prior.results_from.toISOString(), (r.results_from as Date).toISOString(), reason],
    ]);
    assert.ok((r.results_from as Date).getTime() >= (r.voting_to as Date).getTime(), 'results not before the new end');
    const page = await t.browser().get(pub);
    assert.match(page.body, /Голосування продовжено/);
    assert.ok(page.body.includes(reason), 'the reason is on the public contest page');
    // After the end, no extension.
    await jump(new Date(start.getTime() + 35 * DAY));
    const late = await moderator.post(`${m}/extend`, { newVotingTo: addDaysToLocalDate(today, 40), extendReason: 'Ще трохи часу для тих, хто не встиг.' });
    assert.equal(late.statusCode, 409);
    assert.equal(kyivDateOf(new Date(((await row()).voting_to as Date).getTime() - 1)), addDaysToLocalDate(today, 33));
  });

  test('published results cannot be unpublished, republished or changed; a correction is public and keeps the first result', async () => {
    const noCorrectionYet = await moderator.post(`${m}/results-corrections`, { correctionReason: 'Виправлення до оприлюднення.' });
    assert.equal(noCorrectionYet.statusCode, 409);
    assert.equal((await moderator.post(`${m}/publish-results`, {})).statusCode, 303);
    const published = (await row()).results_published_at as Date;
    assert.ok(published);
    const again = await moderator.post(`${m}/publish-results`, {});
    assert.equal(again.statusCode, 409);
    const current = form({
      title: 'Бюджет, який не зігнути (уточнено)',
      minAge: '16',
      residentsOnly: undefined,
      votingTo: addDaysToLocalDate(today, 33),
      resultsFrom: addDaysToLocalDate(today, 34),
    });
    // Moving the end of voting forward would hide the results again («unpublish»); moving results too.
    const changes: Record<string, string | undefined>[] = [
      { votingTo: addDaysToLocalDate(today, 60), resultsFrom: addDaysToLocalDate(today, 61), implementationFrom: addDaysToLocalDate(today, 61) },
      { resultsFrom: addDaysToLocalDate(today, 39) },
      { published: undefined },
      { winnerRule: 'greedy-no-skip' },
    ];
    for (const o of changes) {
      const res = await moderator.post(`${m}/edit`, clean({ ...current, ...o }));
      assert.equal(res.statusCode, 409, `${JSON.stringify(o)} → ${res.statusCode}`);
    }
    // Not even the database lets publication be undone.
    await assert.rejects(sql`update budget_contests set results_published_at = null where id = ${contestId}`.execute(t.ctx.db));
    assert.equal(((await row()).results_published_at as Date).getTime(), published.getTime());
    const first = await t.browser().get(`${pub}/results`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Оприлюднений результат/);
    const reason = 'Помилково вказано вартість проєкту A-001 у підсумковій таблиці; підрахунок повторено.';
    const corr = await moderator.post(`${m}/results-corrections`, { correctionReason: reason });
    assert.equal(corr.statusCode, 303, corr.body.slice(0, 300));
    const page = await t.browser().get(`${pub}/results`);
    assert.ok(page.body.includes(reason), 'the correction’s reason is public');
    assert.match(page.body, /Оприлюднено \d/, 'the first published result is still shown');
    assert.match(page.body, /Виправлення від \d/);
    assert.equal((page.body.match(/«Лавки у сквері на Зеленій» \(A-001\) — 1 голос/g) ?? []).length, 2, 'both records show their count');
  });

  test('replaying the contest’s audit log gives its rules now; every update entry changed something', async () => {
    const entries = await auditEntries();
    assert.equal(entries[0]!.action, 'budget.contest.created');
    for (const e of entries.filter((x) => x.before !== null)) assert.notDeepEqual(parse(e.before), parse(e.after), e.action);
    assert.deepEqual(replayFields(entries.map((e) => ({ after: parse(e.after) }))), await rulesNow());
  });
});
