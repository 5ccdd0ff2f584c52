/**
 * Supporters' collection (one support per person, enough supporters send a project to review) and the
 * letters a project's people get: the author on every review decision and implementation stage, the
 * supporters who asked for letters on outcomes only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { postMultipart } from '../../helpers/uploads.js';
import { budgetContestForm } from '../../helpers/budget-forms.js';
import { tables } from '../../../src/modules/budgets/tables.js';

describe('participatory budget: supporters and letters', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let m = '';
  let pub = '';
  const start = new Date('2027-03-01T09:00:00Z');
  const today = kyivDateOf(start);

  const db = () => tables(t.ctx.db);
  const mails = async (to: string) =>
    (await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', to).orderBy('id').execute()).map(
      (x) => `${x.subject}\n${x.body_text}`,
    );

  before(async () => {
    t = await createTestApp({ seedModules: false, now: start });
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    olena = await signedInAs(t, demo.olena);
    andrii = await signedInAs(t, demo.andrii);
    const r = await moderator.post('/lviv/manage/budgets/new', {
      ...budgetContestForm(today, { title: 'Бюджет з підтримкою', description: 'Проєкти збирають прихильників' }),
      totalBudget: '500 000',
      supportersNeeded: '1',
      supportTo: addDaysToLocalDate(today, 14),
    });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    m = String(r.headers.location);
    const contestId = Number(/\/(\d+)$/.exec(m)![1]);
    pub = `/lviv/budgets/${contestId}`;
    assert.equal(
      (await moderator.post(`${m}/categories`, { code: 'A', name: 'Малі проєкти', budget: '500 000', minCost: '1 000', maxCost: '500 000' })).statusCode,
      303,
    );
  });
  after(async () => t.close());

  const submit = async (title: string) => {
    const catId = (await db().selectFrom('budget_categories').select('id').where('code', '=', 'A').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const r = await postMultipart(t, olena, `${pub}/projects/new`, {
      title,
      categoryId: String(catId),
      problem: 'Проблема, яку відчувають сотні мешканців щодня.',
      solution: 'Зробити як слід, за кошторисом і з контролем мешканців.',
      location: 'вул. Зелена, 12',
      lat: '49.84190',
      lng: '24.03150',
      beneficiaries: 'Мешканці кварталу',
      item_0: 'Роботи',
      qty_0: '1',
      price_0: '50 000',
      contingency: '0',
      email: 'author@example.com',
      action: 'submit',
    });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    return Number(/projects\/(\d+)/.exec(String(r.headers.location))![1]);
  };

  test('the project form offers a map pin as well as the address; the pin is kept', async () => {
    const page = await olena.get(`${pub}/projects/new`);
    assert.match(page.body, /id="oc-pick-map"/);
    assert.match(page.body, /<script src="\/assets\/maps\/maps.js" defer><\/script>/);
    assert.equal((await olena.get('/assets/maps/maps.js')).statusCode, 200);
    const id = await submit('Лавки біля школи');
    const shown = await t.browser().get(`${pub}/projects/${id}`);
    assert.match(shown.body, /вул\. Зелена, 12 \(49\.84190, 24\.03150\)/);
    // The next form opens the map where the community's projects are.
    assert.match((await olena.get(`${pub}/projects/new`)).body, /data-lat="49\.8419"/);
  });

  test('one support per person; enough supporters send the project to review', async () => {
    const id = await submit('Велопарковка біля ринку');
    assert.match((await t.browser().get(`${pub}/projects/${id}`)).body, /Збір підтримки/);
    assert.equal((await t.browser().post(`${pub}/projects/${id}/support`, {})).statusCode, 401);
    assert.equal((await andrii.post(`${pub}/projects/${id}/support`, {})).statusCode, 303);
    const rows = await db().selectFrom('budget_supports').select('user_id').where('project_id', '=', id).execute();
    assert.equal(rows.length, 1);
    const x = await db().selectFrom('budget_projects').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(x.status, 'review');
    // A second support by the same person is refused: the project no longer collects.
    assert.equal((await andrii.post(`${pub}/projects/${id}/support`, {})).statusCode, 409);
    assert.equal((await db().selectFrom('budget_supports').select('user_id').where('project_id', '=', id).execute()).length, 1);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'budget.project.supported')
      .where('subject_id', '=', String(id))
      .execute();
    assert.deepEqual(audit, [{ actor_user_id: null }], 'a support is audited without naming the supporter');
  });

  test('letters: the author on each decision and stage change; supporters on outcomes, not on «needs changes»', async () => {
    const andriiEmail = 'andrii.letters@example.com';
    const andriiId = (await db().selectFrom('budget_supports').select('user_id').executeTakeFirstOrThrow()).user_id!;
    await t.ctx.db.updateTable('users').set({ email: andriiEmail, notify_email: true }).where('id', '=', andriiId).execute();
    const id = await submit('Освітлення стадіону');
    assert.equal((await andrii.post(`${pub}/projects/${id}/support`, {})).statusCode, 303);
    assert.equal((await moderator.post(`${m}/projects/${id}`, { decision: 'needs_changes', note: 'Додайте кошторис на опори' })).statusCode, 303);
    const authorMail = await mails('author@example.com');
    assert.ok(
      authorMail.some(
        (x) => x.startsWith('Проєкт потребує доопрацювання: «Освітлення стадіону»') && x.includes('Коментар модератора: Додайте кошторис на опори'),
      ),
      authorMail.join('\n---\n'),
    );
    assert.equal((await mails(andriiEmail)).length, 0, 'supporters hear of outcomes only');

    const other = await submit('Тренажери у сквері');
    assert.equal((await andrii.post(`${pub}/projects/${other}/support`, {})).statusCode, 303);
    assert.equal((await moderator.post(`${m}/projects/${other}`, { decision: 'admitted', note: '' })).statusCode, 303);
    const toAndrii = await mails(andriiEmail);
    assert.equal(toAndrii.length, 1);
    assert.match(toAndrii[0]!, /^Проєкт допущено до голосування: «Тренажери у сквері»/);
    assert.match(toAndrii[0]!, /Проєкт «Тренажери у сквері», який ви підтримали, допущено до голосування під кодом A-\d{3}\./);
    assert.match(toAndrii[0]!, /Відмовитися від таких листів можна в кабінеті/);
    assert.ok(
      (await mails('author@example.com')).some((x) =>
        /^Проєкт допущено до голосування: «Тренажери у сквері»\nВаш проєкт «Тренажери у сквері» допущено до голосування під кодом A-\d{3}\./.test(x),
      ),
    );

    // Opting out stops supporters' letters; the author's letters are part of the procedure and still go.
    await t.ctx.db.updateTable('users').set({ notify_email: false }).where('id', '=', andriiId).execute();
    t.clock.set(new Date(start.getTime() + 41 * 86_400_000));
    const mod2 = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    const before = (await mails('author@example.com')).length;
    const upd = await postMultipart(t, mod2, `${m}/implementation/${other}`, { status: 'in_progress', reason: '', body: 'Підрядника обрано', spent: '0' });
    assert.equal(upd.statusCode, 303, upd.body.slice(0, 300));
    const again = await postMultipart(t, mod2, `${m}/implementation/${other}`, {
      status: 'in_progress',
      reason: '',
      body: 'Завезено тренажери',
      spent: '10 000',
    });
    assert.equal(again.statusCode, 303);
    const after = await mails('author@example.com');
    assert.equal(after.length, before + 1, 'one letter per stage, not per progress note');
    assert.match(after.at(-1)!, /^Реалізація проєкту: «Тренажери у сквері» — В роботі\n/);
    assert.equal((await mails(andriiEmail)).length, 1, 'no letter after opting out');
  });
});
