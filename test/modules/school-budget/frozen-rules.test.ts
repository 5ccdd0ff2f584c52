/**
 * A school contest's rules freeze like the community budget's (issue #15): once voting has started the
 * budget, the number of choices, the grades that vote, the winner rule and the dates are refused; voting is
 * only extended, with a public reason; published results are corrected, never changed or republished.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { clockedTestApp } from '../../helpers/clocked-app.js';
import { schoolContestForm } from '../../helpers/budget-forms.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { replayFields } from '../../../src/core/audit/field-changes.js';
import { contestRuleFields, findContest } from '../../../src/modules/budgets/index.js';

const DAY = 86_400_000;
const M = '/lviv/manage/school-budget';
const P = '/lviv/school-budget';

describe('school contest rules are frozen once voting starts', () => {
  let t: TestApp;
  let department: TestBrowser;
  let contestId = 0;
  let m = '';
  const start = new Date('2027-03-01T08:00:00Z');
  const today = kyivDateOf(start);
  const d = (n: number) => addDaysToLocalDate(today, n);

  const { jump } = clockedTestApp(start, async (app) => {
    t = app;
    department = await signedInAs(t, demo.moderator('lviv', 'school-budget'));
  });

  const contestForm = (o: Record<string, string> = {}) => schoolContestForm(today, 'Покращимо школу разом', o);
  const row = async () =>
    (
      await sql<
        Record<string, unknown>
      >`select k.*, sc.grade_from, sc.grade_to, (select budget from budget_categories where contest_id = k.id) as category_budget from budget_contests k join school_contests sc on sc.contest_id = k.id where k.id = ${contestId}`.execute(
        t.ctx.db,
      )
    ).rows[0]!;
  const lastDayOf = (v: unknown) => kyivDateOf(new Date((v as Date).getTime() - 1));

  test('before voting the school moderator edits the contest', async () => {
    assert.equal(
      (
        await department.post(`${M}/schools/new`, {
          name: 'Середня загальноосвітня школа № 7',
          slug: 'school-7',
          kind: 'school',
          address: 'вул. Шкільна, 7',
          students: '500',
          gradeFrom: '1',
          gradeTo: '11',
        })
      ).statusCode,
      303,
    );
    assert.equal((await department.post(`${M}/schools/school-7/contests/new`, contestForm())).statusCode, 303);
    contestId = (await sql<{ id: number }>`select contest_id as id from school_contests order by contest_id desc limit 1`.execute(t.ctx.db)).rows[0]!.id;
    m = `${M}/schools/school-7/contests/${contestId}`;
    assert.equal((await department.post(`${m}/edit`, contestForm({ maxChoices: '3', gradeFrom: '6' }))).statusCode, 303);
    const r = await row();
    assert.equal(r.max_total, 3);
    assert.equal(r.grade_from, 6);
  });

  test('after voting started: budget, choices, grades, rule and dates are refused and the row is unchanged', async () => {
    await jump(new Date(start.getTime() + 11 * DAY));
    const current = contestForm({ maxChoices: '3', gradeFrom: '6' });
    const edit = await department.get(`${m}/edit`);
    assert.match(edit.body, /Голосування вже почалося/);
    assert.match(edit.body, /<input type="hidden" name="maxChoices" value="3"/);
    const before = await row();
    for (const o of [
      { totalBudget: '90 000' },
      { maxChoices: '5' },
      { gradeFrom: '1' },
      { gradeTo: '9' },
      { winnerRule: 'mes' },
      { votingTo: d(14) },
      { votingTo: d(20), resultsFrom: d(21) },
      { votingFrom: d(9) },
    ]) {
      const res = await department.post(`${m}/edit`, { ...current, ...o });
      assert.equal(res.statusCode, 409, `${JSON.stringify(o)} → ${res.statusCode}`);
    }
    assert.deepEqual(await row(), before, 'the contest, its category and its grades are unchanged');
    assert.equal((await department.post(`${m}/edit`, { ...current, description: 'Покращимо школу разом — уточнено' })).statusCode, 303);
  });

  test('voting is extended only later, with a reason shown on the school page; not after the end', async () => {
    assert.equal((await department.post(`${m}/extend`, { newVotingTo: d(14), extendReason: 'Закінчимо раніше, бо всі проголосували.' })).statusCode, 409);
    const reason = 'Карантин у школі 12–13 березня: половина класів не могла проголосувати.';
    const ok = await department.post(`${m}/extend`, { newVotingTo: d(19), extendReason: reason });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    assert.equal(lastDayOf((await row()).voting_to), d(19));
    const page = await t.browser().get(`${P}/schools/school-7`);
    assert.ok(page.body.includes(reason), 'the reason is on the public school page');
    await jump(new Date(start.getTime() + 21 * DAY));
    assert.equal((await department.post(`${m}/extend`, { newVotingTo: d(25), extendReason: 'Ще кілька днів для тих, хто хворів.' })).statusCode, 409);
    assert.equal(lastDayOf((await row()).voting_to), d(19));
  });

  test('published results: republishing and changes refused; a correction is shown beside the first result', async () => {
    assert.equal((await department.post(`${m}/publish-results`, {})).statusCode, 303);
    assert.equal((await department.post(`${m}/publish-results`, {})).statusCode, 409);
    const current = contestForm({ maxChoices: '3', gradeFrom: '6', votingTo: d(19), resultsFrom: d(20), description: 'Покращимо школу разом — уточнено' });
    for (const o of [{ votingTo: d(40), resultsFrom: d(41) }, { resultsFrom: d(30) }])
      assert.equal((await department.post(`${m}/edit`, { ...current, ...o })).statusCode, 409, JSON.stringify(o));
    const reason = 'У першому оголошенні пропущено два бюлетені з паперової скриньки 9-Б.';
    assert.equal((await department.post(`${m}/results-corrections`, { correctionReason: reason })).statusCode, 303);
    const page = await t.browser().get(`${P}/schools/school-7/results/${contestId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(reason));
    assert.match(page.body, /Оприлюднено \d/);
    assert.match(page.body, /Виправлення від \d/);
  });

  test('the audit log replays into the contest’s rules and grades', async () => {
    const entries = (
      await sql<{
        action: string;
        before: unknown;
        after: unknown;
      }>`select action, before, after from audit_log where subject_type = 'budget_contest' and subject_id = ${String(contestId)} and action not like 'budget.category.%' order by id`.execute(
        t.ctx.db,
      )
    ).rows;
    const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
    for (const e of entries.filter((x) => x.before !== null)) assert.notDeepEqual(parse(e.before), parse(e.after), e.action);
    const r = await row();
    assert.deepEqual(replayFields(entries.map((e) => ({ after: parse(e.after) }))), {
      ...contestRuleFields((await findContest(t.ctx.db, contestId))!),
      gradeFrom: r.grade_from,
      gradeTo: r.grade_to,
    });
  });
});
