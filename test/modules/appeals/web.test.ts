/**
 * «Звернутися до влади» on the web: a signed-in resident files an appeal (a receipt by e-mail), the
 * community's staff find it in their queue with its deadline, extend it with a reason and answer it; the
 * answer reaches the author by e-mail, on the appeal's page and in «Мій кабінет». Nobody else sees it:
 * not another resident, not a moderator of another community or tool, not the public; /stats counts only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';

const OLENA_EMAIL = 'olena.appeal@example.com';
const BODY = 'Прошу встановити лавки біля зупинки «Площа Ринок»: людям похилого віку ніде сісти.';

describe('appeals on the web', () => {
  let t: TestApp;
  let olena: TestBrowser;
  let staff: TestBrowser;
  let appealUrl = '';
  let id = 0;

  const mails = async (to: string) =>
    (await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'body_text', 'status']).where('to_address', '=', to).orderBy('id').execute()).map((m) => ({
      subject: m.subject,
      text: m.body_text,
      status: m.status,
    }));

  before(async () => {
    t = await createTestApp({ now: new Date('2026-03-02T08:00:00Z') });
    olena = await signedInAs(t, demo.olena);
    staff = await signedInAs(t, demo.moderator('lviv', 'petitions'));
  });
  after(() => t.close());

  test('signed out, the form sends one to sign in; a bad form is explained field by field', async () => {
    const anon = await t.browser().get('/lviv/appeals/new');
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/auth\/sign-in/);

    const form = await olena.get('/lviv/appeals/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Звернення від імені: <strong>Коваленко Олена/);
    const bad = await olena.post('/lviv/appeals', { topic: 'nonsense', body: 'коротко', email: 'not-an-address' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Помилка: /);
    assert.match(bad.body, /Оберіть тему звернення/);
    assert.match(bad.body, /щонайменше 10 символів/);
    assert.match(bad.body, /name@example\.com/);
  });

  test('a resident files an appeal: its page, the receipt letter with the deadline, the cabinet', async () => {
    const res = await olena.post('/lviv/appeals', { topic: 'roads', body: BODY, email: OLENA_EMAIL });
    assert.equal(res.statusCode, 303, res.body);
    appealUrl = String(res.headers.location).replace(/\?.*$/, '');
    id = Number(/\/appeals\/(\d+)$/.exec(appealUrl)?.[1]);
    assert.ok(id > 0);
    const page = await olena.get(`${appealUrl}?done=filed`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Звернення №\d+ отримано/);
    assert.ok(page.body.includes('Площа Ринок'));
    // Received Monday 2 March 2026: one month is 2 April.
    assert.match(page.body, /Відповідь — до 02\.04\.2026/);

    const receipt = await mails(OLENA_EMAIL);
    assert.equal(receipt.length, 1);
    assert.match(receipt[0]!.subject, /Звернення №\d+ до громади .* отримано/);
    assert.match(receipt[0]!.text, /не пізніше 02\.04\.2026/);

    const cabinet = await olena.get('/cabinet');
    assert.match(cabinet.body, /Мої звернення до влади/);
    assert.ok(cabinet.body.includes(`href="${appealUrl}"`));

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_type', '=', 'appeal')
      .where('subject_id', '=', String(id))
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['appeals.filed'],
    );
    assert.ok(!JSON.stringify(audit).includes('Ринок') && !JSON.stringify(audit).includes(OLENA_EMAIL), 'the audit holds no text and no e-mail');
  });

  test('nobody else sees it: another resident, another tool’s or community’s moderator, the public', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    assert.equal((await andrii.get(appealUrl)).statusCode, 404);
    const elsewhere = await signedInAs(t, demo.moderator('bila-tserkva'));
    assert.equal((await elsewhere.get(appealUrl)).statusCode, 404);
    assert.equal((await elsewhere.get(appealUrl.replace('/lviv/', '/bila-tserkva/'))).statusCode, 404);
    assert.equal((await elsewhere.get('/lviv/manage/appeals')).statusCode, 403);
    assert.equal((await elsewhere.get(`/bila-tserkva/manage/appeals/${id}`)).statusCode, 404, 'Lviv’s appeal is not in Bila Tserkva’s queue');
    const budgets = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    assert.equal((await budgets.get('/lviv/manage/appeals')).statusCode, 403);
    assert.equal((await budgets.get(appealUrl)).statusCode, 404);
    const refused = await budgets.post(`/lviv/manage/appeals/${id}/answer`, { answer: 'Не моя справа' });
    assert.equal(refused.statusCode, 403);
    const anon = await t.browser().get(appealUrl);
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/auth\/sign-in/);
  });

  test('the staff’s queue shows it with its deadline; taking, extending with a reason (told by e-mail), answering', async () => {
    const queue = await staff.get('/lviv/manage/appeals');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(`/lviv/manage/appeals/${id}`));
    assert.match(queue.body, /Відповідь — до 02\.04\.2026/);
    assert.ok(!queue.body.includes('Коваленко Олена') || !queue.body.includes(OLENA_EMAIL), 'the queue shows no e-mail');
    assert.ok(!queue.body.includes(OLENA_EMAIL));

    const item = await staff.get(`/lviv/manage/appeals/${id}`);
    assert.ok(item.body.includes(OLENA_EMAIL), 'the one who answers sees where the answer goes');
    assert.ok(item.body.includes('Коваленко Олена'));

    assert.equal((await staff.post(`/lviv/manage/appeals/${id}/assign`, {})).statusCode, 303);
    const tooLong = await staff.post(`/lviv/manage/appeals/${id}/extend`, { days: '46', reason: 'Потрібен висновок департаменту' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /від 16 до 45/);
    const shorter = await staff.post(`/lviv/manage/appeals/${id}/extend`, { days: '20', reason: 'Потрібен висновок департаменту' });
    assert.equal(shorter.statusCode, 400);
    assert.match(shorter.body, /пізніший за нинішній/);
    const noReason = await staff.post(`/lviv/manage/appeals/${id}/extend`, { days: '45', reason: '' });
    assert.equal(noReason.statusCode, 400);
    const ext = await staff.post(`/lviv/manage/appeals/${id}/extend`, { days: '45', reason: 'Потрібен висновок департаменту' });
    assert.equal(ext.statusCode, 303, ext.body);
    const told = await mails(OLENA_EMAIL);
    assert.equal(told.length, 2);
    assert.match(told[1]!.subject, /термін розгляду продовжено/);
    assert.match(told[1]!.text, /до 16\.04\.2026/);
    assert.match(told[1]!.text, /Причина: Потрібен висновок департаменту/);

    // Past the month the extended appeal is not overdue; past 16 April it is (sessions end in between: sign in again).
    const overdueRow = new RegExp(`oc-row-overdue"><td><a href="/lviv/manage/appeals/${id}"`);
    t.clock.set(new Date('2026-04-10T08:00:00Z'));
    staff = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const before = await staff.get('/lviv/manage/appeals');
    assert.equal(before.statusCode, 200);
    assert.ok(before.body.includes(`href="/lviv/manage/appeals/${id}"`));
    assert.doesNotMatch(before.body, overdueRow);
    t.clock.set(new Date('2026-04-17T08:00:00Z'));
    assert.match((await staff.get('/lviv/manage/appeals')).body, overdueRow);
    t.clock.set(new Date('2026-04-15T08:00:00Z'));

    const answer = 'Лавки встановлять до 1 травня; дякуємо за звернення.';
    const res = await staff.post(`/lviv/manage/appeals/${id}/answer`, { answer });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal((await staff.post(`/lviv/manage/appeals/${id}/answer`, { answer: 'Ще раз' })).statusCode, 409, 'the answer is final');

    const letters = await mails(OLENA_EMAIL);
    assert.equal(letters.length, 3);
    assert.match(letters[2]!.subject, /Відповідь на звернення №\d+/);
    assert.ok(letters[2]!.text.includes(answer));
    // Without SMTP (as in tests) letters wait in the platform's outbox, which /dev/mail shows in demo mode.
    assert.deepEqual(
      letters.map((l) => l.status),
      ['pending', 'pending', 'pending'],
    );

    olena = await signedInAs(t, demo.olena);
    const page = await olena.get(appealUrl);
    assert.ok(page.body.includes(answer));
    assert.match(page.body, /Надано відповідь/);
    assert.match(page.body, /вчасно/);

    const actions = (
      await t.ctx.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'appeal').where('subject_id', '=', String(id)).orderBy('id').execute()
    ).map((a) => a.action);
    assert.deepEqual(actions, ['appeals.filed', 'appeals.assigned', 'appeals.extended', 'appeals.answered']);
  });

  test('/stats counts appeals (received, answered on time, overdue) and shows no text', async () => {
    const stats = await t.browser().get('/lviv/stats');
    assert.equal(stats.statusCode, 200);
    assert.match(stats.body, /Звернення до влади/);
    const figure = (label: string) => Number(new RegExp(`${label}:</span> <strong>(\\d+)`).exec(stats.body)?.[1]);
    assert.ok(figure('Звернень отримано') >= 1);
    assert.ok(figure('Відповідей надано вчасно') >= 1);
    assert.ok(Number.isInteger(figure('Прострочено \\(без відповіді після терміну\\)')));
    assert.ok(!stats.body.includes('Площа Ринок'));
  });
});
