import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { assertStatsEqualRows } from '../../helpers/stats-rows.js';
import { runDueJobs, runTicks } from '../../../src/core/jobs/worker.js';

const DAY = 86_400_000;

async function outbox(t: TestApp, like: string): Promise<{ to: string; subject: string }[]> {
  const r = await sql<{ to: string; subject: string }>`select to_address as to, subject from mail_outbox where subject like ${like} order by id`.execute(
    t.ctx.db,
  );
  return r.rows;
}

describe('local petitions: the whole lifecycle through HTTP', () => {
  let t: TestApp;
  let author: TestBrowser;
  let andrii: TestBrowser;
  let moderator: TestBrowser;
  let odesa: TestBrowser;
  let teen: TestBrowser;
  let petitionId = 0;
  let categoryId = '';

  before(async () => {
    // Friday 2027-03-12, 10:00 Kyiv.
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    author = await signedInAs(t, demo.olena);
    andrii = await signedInAs(t, demo.andrii);
    moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    odesa = await signedInAs(t, (p) => p.lastName === 'Литвин');
    teen = await signedInAs(t, (p) => p.birthDate.startsWith('2011'));
  });
  after(async () => t.close());

  test('the moderator sets the rules: a low threshold, residents only, 16+', async () => {
    assert.equal((await andrii.get('/lviv/manage/petitions/settings')).statusCode, 403);
    const page = await moderator.get('/lviv/manage/petitions/settings');
    assert.match(page.body, /Діють типові значення/);
    assert.match(page.body, /name="threshold" type="text" value="2000"/, 'default for 760 000 residents');
    const bad = await moderator.post('/lviv/manage/petitions/settings', {
      threshold: '0',
      collection_days: '400',
      moderation_days: '2',
      consideration_days: '10',
      categories: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#threshold"/);
    assert.match(bad.body, /href="#collection_days"/);
    assert.match(bad.body, /href="#categories"/);
    const ok = await moderator.post('/lviv/manage/petitions/settings', {
      threshold: '3',
      collection_days: '30',
      moderation_days: '2',
      consideration_days: '10',
      residents_only: 'on',
      min_age: '16',
      categories: 'Благоустрій | Public spaces\nТранспорт\nІнше',
    });
    assert.equal(ok.statusCode, 303);
    const saved = await moderator.get('/lviv/manage/petitions/settings');
    assert.match(saved.body, /value="3"/);
    assert.doesNotMatch(saved.body, /Діють типові значення/);
  });

  test('a resident starts a petition: errors are explained, a preview, then «На модерації»', async () => {
    const form = await author.get('/lviv/petitions/new');
    assert.equal(form.statusCode, 200);
    categoryId = /<option value="(\d+)"[^>]*>Благоустрій<\/option>/.exec(form.body)![1]!;
    assert.match(form.body, /Коваленко Олена Петрівна/);
    const bad = await author.post('/lviv/petitions/new', { title: '', body: 'я'.repeat(5001), category: '', email: 'x', step: 'preview' });
    assert.equal(bad.statusCode, 400);
    for (const f of ['title', 'body', 'category', 'email']) assert.match(bad.body, new RegExp(`href="#${f}"`), f);
    assert.ok(bad.body.includes('я'.repeat(5001)), 'the text typed is kept');
    const values = {
      title: 'Лавки у сквері на Зеленій',
      body: 'Просимо встановити 10 лавок і смітники у сквері на вулиці Зеленій.',
      category: categoryId,
      email: 'olena@example.com',
    };
    const preview = await author.post('/lviv/petitions/new', { ...values, step: 'preview' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Перевірте петицію перед поданням/);
    assert.match(preview.body, /olena@example\.com/);
    const done = await author.post('/lviv/petitions/new', { ...values, step: 'submit' });
    assert.equal(done.statusCode, 303);
    petitionId = Number(/\/lviv\/petitions\/(\d+)/.exec(String(done.headers.location))![1]);
    const page = await author.get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /На модерації/);
    // 2 working days from Friday: Tuesday 16.03.2027.
    assert.match(page.body, /до 16\.03\.2027/);
    assert.equal((await t.browser().get(`/lviv/petitions/${petitionId}`)).statusCode, 404, 'not public before moderation');
  });

  test('non-residents and the under-age cannot start one, and are told why', async () => {
    const o = await odesa.get('/lviv/petitions/new');
    assert.equal(o.statusCode, 403);
    assert.match(o.body, /лише мешканці цієї громади/);
    const y = await teen.get('/lviv/petitions/new');
    assert.equal(y.statusCode, 403);
    assert.match(y.body, /ще не досягли віку/);
  });

  test('the moderator queue is ordered by deadline; overdue ones are highlighted; publishing starts collection', async () => {
    const q = await moderator.get('/lviv/manage/petitions');
    assert.match(q.body, /Лавки у сквері на Зеленій/);
    assert.doesNotMatch(q.body, /Строк модерації минув/);
    t.clock.advance(5 * DAY);
    const late = await moderator.get('/lviv/manage/petitions');
    assert.match(late.body, /Строк модерації минув/);
    const national = await signedInAs(t, demo.national);
    assert.match((await national.get('/manage/petitions/overdue')).body, /Лавки у сквері на Зеленій/);
    assert.equal((await andrii.post(`/lviv/manage/petitions/${petitionId}/publish`, {})).statusCode, 403);
    const pub = await moderator.post(`/lviv/manage/petitions/${petitionId}/publish`, {});
    assert.equal(pub.statusCode, 303);
    const again = await moderator.post(`/lviv/manage/petitions/${petitionId}/publish`, {});
    assert.equal(again.statusCode, 409, 'publishing twice is refused');
    const page = await t.browser().get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /Триває збір підписів/);
    assert.match(page.body, /1 з 3 підписів/);
    assert.deepEqual(
      (await outbox(t, 'Петицію опубліковано%')).map((m) => m.to),
      ['olena@example.com'],
    );
  });

  test('signing: a confirmation, then «Ви підписали…»; a second signature is refused', async () => {
    const confirm = await andrii.get(`/lviv/petitions/${petitionId}/sign`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Шевчук Андрій Іванович/);
    assert.match(confirm.body, /Підпис не можна відкликати/);
    const signed = await andrii.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.equal(signed.statusCode, 303);
    const page = await andrii.get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /Ви підписали цю петицію \d{2}\.\d{2}\.2027 о \d{2}:\d{2}/);
    assert.match(page.body, /2 з 3 підписів/);
    // A receipt worth keeping: a confirmation panel with the community's number, a print link and the cabinet.
    const panel = /<div class="confirmation-panel" role="status">([\s\S]*?)<\/div>/.exec(page.body);
    assert.ok(panel, 'the signature is confirmed in a panel');
    assert.match(panel[1]!, /Підпис під петицією № \d+ зараховано/);
    assert.match(panel[1]!, new RegExp(`href="/lviv/petitions/${petitionId}\\?print=1"`));
    assert.match(panel[1]!, /href="\/cabinet"/);
    const printable = await andrii.get(`/lviv/petitions/${petitionId}?print=1`);
    assert.match(printable.body, /Щоб роздрукувати, натисніть Ctrl\+P/);
    const twice = await andrii.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.match(String(twice.headers.location), /already=1/);
    assert.match((await andrii.get(String(twice.headers.location))).body, /другий підпис не додано/);
    assert.match((await t.browser().get(`/lviv/petitions/${petitionId}`)).body, /2 з 3 підписів/);
    const stale = await andrii.post(`/lviv/petitions/${petitionId}/sign`, { _csrf: 'stale-token' });
    assert.equal(stale.statusCode, 403);
  });

  test('the ineligible see an explanation, not a button, and the server refuses them too', async () => {
    const o = await odesa.get(`/lviv/petitions/${petitionId}`);
    assert.match(o.body, /лише мешканці цієї громади/);
    assert.doesNotMatch(o.body, />Підписати</);
    assert.equal((await odesa.post(`/lviv/petitions/${petitionId}/sign`, {})).statusCode, 403);
    const y = await teen.get(`/lviv/petitions/${petitionId}`);
    assert.match(y.body, /ще не досягли віку/);
    assert.equal((await teen.post(`/lviv/petitions/${petitionId}/sign`, {})).statusCode, 403);
    const anon = await t.browser().get(`/lviv/petitions/${petitionId}/sign`);
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/auth\/sign-in/);
  });

  test('the threshold moves it to «На розгляді» with a 10-working-day deadline and tells the author', async () => {
    const r = await moderator.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.equal(r.statusCode, 303);
    const page = await t.browser().get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /На розгляді/);
    assert.match(page.body, /3 з 3 підписів/);
    assert.match(page.body, /Розглянути до/);
    assert.equal((await outbox(t, 'Петиція набрала потрібні підписи%')).length, 1);
    const closed = await odesa.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.ok([403, 409].includes(closed.statusCode));
    const audit = await sql<{
      action: string;
      actor_user_id: number | null;
    }>`select action, actor_user_id from audit_log where subject_type = 'petition' and subject_id = ${String(petitionId)} order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((x) => x.action),
      ['petition.submitted', 'petition.published', 'petition.threshold-reached'],
    );
    assert.equal(audit.rows[2]!.actor_user_id, null, 'the signature that reached the threshold does not name its signer');
  });

  test('the moderator publishes the answer with a PDF; the public and the signers see it', async () => {
    const empty = await moderator.post(`/lviv/manage/petitions/${petitionId}/answer`, { decision: '', answer_text: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#decision"/);
    assert.match(empty.body, /href="#official_name"/);
    const boundary = '----viche';
    const pdf = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF';
    const parts = [
      ['_csrf', await moderator.csrfToken()],
      ['decision', 'supported'],
      ['answer_text', 'Лавки встановимо до 1 травня.'],
      ['official_name', 'Петренко Олег Іванович'],
      ['official_position', 'Секретар міської ради'],
    ].map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const body =
      parts.join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="d.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf}\r\n--${boundary}--\r\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/lviv/manage/petitions/${petitionId}/answer`,
      headers: { cookie: moderator.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const page = await t.browser().get(`/lviv/petitions/${petitionId}`);
    assert.match(page.body, /Розглянута, є відповідь/);
    assert.match(page.body, /Лавки встановимо до 1 травня/);
    assert.match(page.body, /Підтримано/);
    const file = await t.browser().get(`/lviv/petitions/${petitionId}/answer.pdf`);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.ok(file.body.startsWith('%PDF-'));
    await runDueJobs(t.ctx);
    const signerMail = await outbox(t, 'Відповідь на петицію, яку ви підписали%');
    assert.deepEqual(signerMail.map((m) => m.to).sort(), ['andrii.shevchuk@demo.viche.example', 'moderator.petitions.lviv@demo.viche.example']);
    assert.deepEqual(
      (await outbox(t, 'Відповідь на петицію:%')).map((m) => m.to),
      ['olena@example.com'],
    );
  });

  test('rejection: a legal ban hides the text publicly; a duplicate needs a real petition number', async () => {
    const values = {
      title: 'Петиція з порушенням',
      body: 'Текст, що порушує заборони закону.',
      category: categoryId,
      email: 'olena@example.com',
      step: 'submit',
    };
    const r = await author.post('/lviv/petitions/new', values);
    const id = Number(/\/lviv\/petitions\/(\d+)/.exec(String(r.headers.location))![1]);
    const dup = await moderator.post(`/lviv/manage/petitions/${id}/reject`, { reason: 'duplicate', duplicate_of: '99999' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /Вкажіть номер наявної петиції/);
    const other = await moderator.post(`/lviv/manage/petitions/${id}/reject`, { reason: 'other', note: '' });
    assert.match(other.body, /Поясніть причину/);
    assert.equal((await moderator.post(`/lviv/manage/petitions/${id}/reject`, { reason: 'hatred' })).statusCode, 303);
    const page = await t.browser().get(`/lviv/petitions/${id}`);
    assert.match(page.body, /Відхилена/);
    assert.match(page.body, /Розпалювання міжетнічної/);
    assert.doesNotMatch(page.body, /Текст, що порушує заборони закону/);
    const list = await t.browser().get('/lviv/petitions?tab=rejected');
    assert.match(list.body, /Петиція з порушенням/);
    const api = (await t.browser().get(`/api/v1/petitions/${id}`)).json() as { text: string | null; status: string; rejectionReason: string };
    assert.deepEqual([api.text, api.status, api.rejectionReason], [null, 'rejected', 'hatred']);
  });

  test('time alone ends collection: «Не набрала підписів» is shown before any job runs, written once, then passed on', async () => {
    const r = await author.post('/lviv/petitions/new', {
      title: 'Фонтан у парку',
      body: 'Відновити фонтан.',
      category: categoryId,
      email: 'olena@example.com',
      step: 'submit',
    });
    const id = Number(/\/lviv\/petitions\/(\d+)/.exec(String(r.headers.location))![1]);
    await moderator.post(`/lviv/manage/petitions/${id}/publish`, {});
    t.clock.advance(31 * DAY);
    // Sessions last 14 days: a month later everyone signs in again.
    await andrii.signInAs(demoPerson((p) => p.lastName === 'Шевчук').index);
    await moderator.signInAs(demoPerson((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'petitions')).index);
    await author.signInAs(demoPerson((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко').index);
    const page = await t.browser().get(`/lviv/petitions/${id}`);
    assert.match(page.body, /Не набрала підписів/);
    const stored = await sql<{ status: string }>`select status from petitions where id = ${id}`.execute(t.ctx.db);
    assert.equal(stored.rows[0]!.status, 'collecting', 'shown correctly though nothing has been written yet');
    assert.match((await t.browser().get('/lviv/petitions?tab=failed')).body, /Фонтан у парку/);
    assert.equal((await andrii.post(`/lviv/petitions/${id}/sign`, {})).statusCode, 409, 'no signing after the end');
    await runTicks(t.ctx);
    await runTicks(t.ctx);
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where subject_id = ${String(id)} and action = 'petition.failed'`.execute(
      t.ctx.db,
    );
    assert.equal(audit.rows[0]!.n, 1, 'the transition happens once');
    assert.equal((await outbox(t, 'Петиція не набрала підписів%')).length, 1);
    const appeal = await moderator.post(`/lviv/manage/petitions/${id}/appeal`, { on: '2027-04-20' });
    assert.equal(appeal.statusCode, 303);
    assert.match((await t.browser().get(`/lviv/petitions/${id}`)).body, /Передано на розгляд як звернення громадян/);
    assert.equal((await outbox(t, 'Петицію передано як звернення%')).length, 1);
  });

  test('abuse panel and bulk invalidation: counts follow, invalid ones are for moderators only', async () => {
    const panel = await moderator.get(`/lviv/manage/petitions/${petitionId}`);
    assert.match(panel.body, /Підписи за годинами/);
    assert.match(panel.body, /Облікових записів, створених у день підпису/);
    const sigId = /name="signature" value="(\d+)"[^>]*aria-label="[^"]*Шевчук/.exec(panel.body)![1]!;
    const noReason = await moderator.post(`/lviv/manage/petitions/${petitionId}/invalidate`, { signature: sigId, reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(
      (await moderator.post(`/lviv/manage/petitions/${petitionId}/invalidate`, { signature: sigId, reason: 'Масові підписи з однієї мережі' })).statusCode,
      303,
    );
    const pub = await t.browser().get(`/lviv/petitions/${petitionId}`);
    assert.match(pub.body, /2 з 3 підписів/);
    assert.doesNotMatch(pub.body, /Шевчук Андрій/);
    assert.match((await moderator.get(`/lviv/manage/petitions/${petitionId}`)).body, /Анульовано: Масові підписи з однієї мережі/);
    const counts = await sql<{
      c: number;
      rows: number;
    }>`select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as c, (select count(*)::int from petition_signatures where petition_id = ${petitionId} and invalidated_at is null) as rows from petitions where id = ${petitionId}`.execute(
      t.ctx.db,
    );
    assert.equal(counts.rows[0]!.c, counts.rows[0]!.rows);
    await assertStatsEqualRows(t, 'after a signature was invalidated');
  });

  test('list: tabs, search by word beginnings, category, sort; bad ids and pages give 404', async () => {
    const list = await t.browser().get(`/lviv/petitions?q=${encodeURIComponent('ЛАВК')}`);
    assert.match(list.body, /Лавки у сквері на Зеленій/);
    assert.doesNotMatch(list.body, /Фонтан у парку/);
    assert.match(list.body, /1 петиція/);
    assert.doesNotMatch((await t.browser().get(`/lviv/petitions?q=${encodeURIComponent('авки')}`)).body, /Лавки у сквері/);
    assert.match((await t.browser().get('/lviv/petitions?tab=answered')).body, /Лавки у сквері/);
    assert.match((await t.browser().get(`/lviv/petitions?category=${categoryId}&sort=signatures`)).body, /Лавки у сквері/);
    assert.equal((await t.browser().get('/lviv/petitions?page=99')).statusCode, 404);
    assert.equal((await t.browser().get('/lviv/petitions/999999')).statusCode, 404);
    assert.equal((await t.browser().get('/lviv/petitions/abc')).statusCode, 404);
    assert.equal((await t.browser().get(`/bila-tserkva/petitions/${petitionId}`)).statusCode, 404, 'a petition belongs to one community');
    assert.equal((await t.browser().get(`/lviv/petitions/${petitionId}?page=50`)).statusCode, 404);
  });

  test('the API and CSV: fields, cache headers with ETag, signatories', async () => {
    const res = await t.browser().get(`/api/v1/petitions/${petitionId}`);
    assert.equal(res.statusCode, 200);
    const p = res.json() as Record<string, unknown>;
    for (const k of [
      'id',
      'community',
      'title',
      'text',
      'category',
      'status',
      'authorName',
      'signatureCount',
      'signatureThreshold',
      'publishedAt',
      'collectionEndsAt',
      'considerationStartedAt',
      'considerationDueAt',
      'answer',
      'answeredAt',
      'url',
    ])
      assert.ok(k in p, k);
    assert.equal(p.status, 'answered');
    assert.equal(p.signatureCount, 2);
    assert.equal(p.authorName, 'Коваленко Олена Петрівна');
    assert.match(String(res.headers['cache-control']), /public, max-age=/);
    const etag = String(res.headers.etag);
    const again = await t.app.inject({ method: 'GET', url: `/api/v1/petitions/${petitionId}`, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    const list = (await t.browser().get('/api/v1/communities/lviv/petitions?status=answered')).json() as { items: { id: number }[]; total: number };
    assert.deepEqual(
      list.items.map((x) => x.id),
      [petitionId],
    );
    const sigs = (await t.browser().get(`/api/v1/petitions/${petitionId}/signatures`)).json() as { items: { name: string }[]; total: number };
    assert.equal(sigs.total, 2);
    assert.deepEqual(sigs.items.map((s) => s.name).sort(), ['Коваленко Олена Петрівна', 'Савчук Галина Василівна']);
    assert.equal((await t.browser().get('/api/v1/petitions/0')).statusCode, 400);
    assert.equal((await t.browser().get('/api/v1/petitions/999999')).statusCode, 404);
    const csv = await t.browser().get(`/lviv/petitions/${petitionId}/signatures.csv`);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /Савчук Галина Василівна/);
    assert.match((await t.browser().get('/lviv/petitions.csv')).body, /Лавки у сквері на Зеленій/);
  });

  test('the cabinet lists my petitions and my signatures', async () => {
    assert.match((await author.get('/cabinet')).body, /Мої петиції та підписи[\s\S]*Лавки у сквері на Зеленій/);
    assert.match((await moderator.get('/cabinet')).body, /підписано \d{2}\.\d{2}\.2027/);
  });
});
