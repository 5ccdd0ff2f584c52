/**
 * The school budget through HTTP, as the education department, school moderators and students see it:
 * schools and invitations, a school's contest and projects, code sheets (bounded), voting with a code
 * through ballot and review (every refusal with its own message), one vote per code under concurrency,
 * guessing limits, results per school with the greedy rule and their exports, statistics and open data,
 * and who may do what.
 */
import { receiptNumberOn } from '../../helpers/tlog.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { parseActEntry } from '../../../src/core/tlog/acts.js';
import { browserForNewPerson, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { clockedTestApp } from '../../helpers/clocked-app.js';
import { schoolContestForm } from '../../helpers/budget-forms.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { addDaysToLocalDate, kyivDateOf, startOfKyivDay } from '../../../src/core/calendar/index.js';
import { parsePabulib } from '../../../src/modules/budgets/tally/pabulib.js';
import { checkCharOf } from '../../../src/modules/school-budget/rules.js';
import { GUESS_LIMITS } from '../../../src/modules/school-budget/service.js';
import { schoolBudgetModule } from '../../../src/modules/school-budget/manifest.js';
import { createSession, SESSION_COOKIE } from '../../../src/core/sessions/sessions.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import { confirmEmailAddress } from '../../helpers/email-confirmation.js';

const lviv = demoCommunities.find((c) => c.slug === 'lviv')!;
const M = '/lviv/manage/school-budget';
const P = '/lviv/school-budget';

/** Codes as the print page shows them. */
const codesOn = (html: string) => [...html.matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})<\/code>/g)].map((m) => m[1]!);

describe('school budget through HTTP', () => {
  let t: TestApp;
  let department: TestBrowser;
  let dmytrenko: TestBrowser;
  let olena: TestBrowser;
  let teacher45: TestBrowser;
  const start = new Date('2027-03-01T08:00:00Z');
  const today = kyivDateOf(start);
  const d = (n: number) => addDaysToLocalDate(today, n);
  let lyceumContest = 0;
  let school45Contest = 0;
  const ids: Record<string, number> = {};
  let sheet: string[] = [];
  let sheet45: string[] = [];

  const clock = clockedTestApp(start, async (app) => {
    t = app;
    department = await signedInAs(t, demo.moderator('lviv', 'school-budget'));
    dmytrenko = await signedInAs(t, (p) => p.lastName === 'Дмитренко');
    olena = await signedInAs(t, demo.olena);
  });
  let teacherId = 0;
  /** Sessions end when the clock jumps weeks ahead: everyone signs in again. */
  const jump = async (at: Date) => {
    await clock.jump(at);
    teacher45 = t.browser();
    teacher45.jar.store(`${SESSION_COOKIE}=${await createSession(t.ctx.db, teacherId, at)}; Path=/`);
  };

  const schoolForm = (o: Record<string, string> = {}) => ({
    name: 'Ліцей № 1 Львівської міської ради',
    slug: 'lyceum-1',
    kind: 'lyceum',
    address: 'вул. Шкільна, 4, м. Львів',
    students: '820',
    gradeFrom: '5',
    gradeTo: '11',
    ...o,
  });

  test('the education department adds schools; bad input is explained; nobody else may', async () => {
    const anonymous = await t.browser().get(`${M}/schools/new`);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/auth\/sign-in\?return=/);
    assert.equal((await t.browser().post(`${M}/schools/new`, schoolForm())).statusCode, 401);
    assert.equal((await olena.get(M)).statusCode, 403);
    assert.equal((await olena.post(`${M}/schools/new`, schoolForm())).statusCode, 403);
    const budgetMod = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    assert.equal((await budgetMod.post(`${M}/schools/new`, schoolForm())).statusCode, 403, 'the community budget moderator is not the school budget’s');
    const bad = await department.post(
      `${M}/schools/new`,
      schoolForm({ slug: 'Ліцей 1', students: 'багато', gradeFrom: '9', gradeTo: '5', kind: 'university' }),
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Помилка: /);
    assert.match(bad.body, /href="#slug">Латинські літери, цифри й дефіси/);
    assert.match(bad.body, /Кількість учнів — ціле число/);
    assert.match(bad.body, /Останній клас не може бути меншим за перший/);
    assert.match(bad.body, /Оберіть тип закладу/);
    assert.equal((await department.post(`${M}/schools/new`, schoolForm())).statusCode, 303);
    const dup = await department.post(`${M}/schools/new`, schoolForm({ name: 'Інший ліцей' }));
    assert.match(dup.body, /Така адреса вже є в цій громаді/);
    assert.equal(
      (
        await department.post(
          `${M}/schools/new`,
          schoolForm({ name: 'Середня загальноосвітня школа № 45', slug: 'school-45', kind: 'school', students: '640', gradeFrom: '1' }),
        )
      ).statusCode,
      303,
    );
    const audit = await sql<{ action: string }>`select action from audit_log where subject_type = 'school' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['school.created', 'school.created'],
    );
    const list = await department.get(M);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Поступ закладів/);
    assert.match(list.body, /Середня загальноосвітня школа № 45/);
  });

  test('a school moderator is invited by e-mail and gets the role on confirming that address; each moderates only their school', async () => {
    const bad = await department.post(`${M}/schools/school-45/moderators`, { email: 'не адреса' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Вкажіть e-mail/);
    const ok = await department.post(`${M}/schools/school-45/moderators`, { email: 'Teacher@School45.example' });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Запрошення надіслано на teacher@school45\.example/);
    assert.match(ok.body, /teacher@school45\.example — запрошено/);
    assert.equal((await department.post(`${M}/schools/school-45/moderators`, { email: 'teacher@school45.example' })).statusCode, 409);
    const mail = await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', 'teacher@school45.example').execute();
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.subject, /шкільний модератор — Середня загальноосвітня школа № 45/);
    assert.match(mail[0]!.body_text, /auth\/sign-in\?return=/);
    const teacher = await browserForNewPerson(t, {
      lastName: 'Вчителька',
      firstName: 'Ірина',
      territorialCode: demoSettlementCode(lviv),
      email: 'teacher@school45.example',
    });
    teacher45 = teacher.browser;
    teacherId = teacher.userId;
    assert.equal((await teacher45.get(`${M}/schools/school-45`)).statusCode, 403, 'id.gov.ua reporting the address gives no role');
    await confirmEmailAddress(t, teacher45, 'teacher@school45.example');
    assert.equal((await teacher45.get(`${M}/schools/school-45`)).statusCode, 200);
    assert.equal((await teacher45.get(`${M}/schools/lyceum-1`)).statusCode, 403, 'another school’s moderator is refused');
    assert.equal((await teacher45.get(`${M}/schools/new`)).statusCode, 403, 'a school moderator does not add schools');
    const home = await teacher45.get(M);
    assert.equal(home.statusCode, 303, 'a school moderator is sent to their school');
    assert.equal(home.headers.location, `${M}/schools/school-45`);
    assert.equal((await dmytrenko.get(`${M}/schools/lyceum-1`)).statusCode, 200, 'the demo role for lyceum-1 works');
    assert.equal((await dmytrenko.get(`${M}/schools/school-45`)).statusCode, 403);
    const edit = await department.get(`${M}/schools/school-45/edit`);
    assert.match(edit.body, /Вчителька Ірина/);
    // The cabinet leads the teacher back to their school, and nobody else to it.
    const cabinet = await teacher45.get('/cabinet');
    assert.match(cabinet.body, /Мої заклади освіти \(шкільний бюджет\)/);
    assert.match(
      cabinet.body,
      new RegExp(
        `<a href="${M}/schools/school-45">Середня загальноосвітня школа № 45</a>\\s*<span class="meta">Львівська міська територіальна громада · конкурсу ще немає`,
      ),
    );
    assert.doesNotMatch((await olena.get('/cabinet')).body, /Мої заклади освіти/);
  });

  const contestForm = (o: Record<string, string> = {}) => schoolContestForm(today, 'Покращимо ліцей разом', o);

  test('the school moderator sets up the contest; wrong dates, grades and money are explained', async () => {
    assert.equal((await olena.post(`${M}/schools/lyceum-1/contests/new`, contestForm())).statusCode, 403);
    assert.equal((await teacher45.post(`${M}/schools/lyceum-1/contests/new`, contestForm())).statusCode, 403);
    const bad = await dmytrenko.post(
      `${M}/schools/lyceum-1/contests/new`,
      contestForm({ totalBudget: 'нуль', gradeFrom: '3', votingTo: d(8), maxChoices: '0' }),
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Вкажіть суму в гривнях/);
    assert.match(bad.body, /Клас від 5 до 11 \(класи закладу\)/);
    assert.match(bad.body, /Кінець голосування має бути не раніше за початок/);
    assert.match(bad.body, /Ціле число від 1 до 20/);
    const ok = await dmytrenko.post(`${M}/schools/lyceum-1/contests/new`, contestForm());
    assert.equal(ok.statusCode, 303);
    const row = await sql<{
      id: number;
      owner: string;
      total_budget: number;
      max_total: number;
    }>`select id, owner, total_budget, max_total from budget_contests order by id desc limit 1`.execute(t.ctx.db);
    lyceumContest = row.rows[0]!.id;
    assert.match(row.rows[0]!.owner, /^school:\d+$/);
    assert.equal(Number(row.rows[0]!.total_budget), 5_000_000);
    assert.equal(row.rows[0]!.max_total, 2);
    const again = await dmytrenko.post(`${M}/schools/lyceum-1/contests/new`, contestForm());
    assert.equal(again.statusCode, 409, 'one running contest per school');
    // The department may act for any school.
    assert.equal(
      (await department.post(`${M}/schools/school-45/contests/new`, contestForm({ title: 'Бюджет школи № 45', totalBudget: '30 000', gradeFrom: '1' })))
        .statusCode,
      303,
    );
    school45Contest = (await sql<{ id: number }>`select id from budget_contests order by id desc limit 1`.execute(t.ctx.db)).rows[0]!.id;
    // School contests never show in the community budget.
    const budgets = await t.browser().get('/lviv/budgets');
    assert.ok(!budgets.body.includes('Шкільний бюджет 2027'));
    assert.equal((await t.browser().get(`/lviv/budgets/${lyceumContest}`)).statusCode, 404);
  });

  const project = (title: string, cls: string, price: string, o: Record<string, string> = {}) => ({
    title,
    authorClass: cls,
    description: 'Учні класу пропонують це, бо так у школі стане краще для всіх.',
    item_0: 'Обладнання',
    qty_0: '1',
    price_0: price,
    contingency: '0',
    action: 'admit',
    ...o,
  });

  test('projects are entered with their cost table, class and photo; too dear or wrong class is explained', async () => {
    const m = `${M}/schools/lyceum-1/contests/${lyceumContest}`;
    const dear = await postMultipart(t, dmytrenko, `${m}/projects/new`, project('Басейн на даху', '7-А', '60 000'));
    assert.equal(dear.statusCode, 400);
    assert.match(dear.body, /більша за весь бюджет школи/);
    const cls = await postMultipart(t, dmytrenko, `${m}/projects/new`, project('Зелений клас', '3-А', '1 000'));
    assert.match(cls.body, /У конкурсі беруть участь 5–11 класи/);
    const a = await postMultipart(t, dmytrenko, `${m}/projects/new`, project('Зелений клас у дворі', '7а', '40 000'), [
      { name: 'photos', filename: 'yard.jpg', type: 'image/jpeg', data: await phonePhoto() },
    ]);
    assert.equal(a.statusCode, 303, a.body.slice(0, 400));
    const draft = await postMultipart(t, dmytrenko, `${m}/projects/new`, project('Тенісні столи', '9-Б', '20 000', { action: 'draft' }));
    assert.equal(draft.statusCode, 303);
    ids.tennis = Number(/projects\/(\d+)\/edit/.exec(String(draft.headers.location))![1]);
    assert.equal((await t.browser().get(`${P}/schools/lyceum-1/projects/${ids.tennis}`)).statusCode, 404, 'a draft is not public');
    const edited = await postMultipart(t, dmytrenko, `${m}/projects/${ids.tennis}/edit`, project('Тенісні столи на перерві', '9-Б', '20 000'));
    assert.equal(edited.statusCode, 303);
    assert.equal((await postMultipart(t, dmytrenko, `${m}/projects/new`, project('Поличка обміну книжками', '6-В', '8 000'))).statusCode, 303);
    const rows = await sql<{ id: number; title: string; status: string; code: string; cost: number; author_class: string }>`
      select p.id, p.title, p.status, p.code, p.cost, sp.author_class from budget_projects p join school_projects sp on sp.project_id = p.id where p.contest_id = ${lyceumContest} order by p.id`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      rows.rows.map((r) => [r.title, r.status, r.code, r.author_class]),
      [
        ['Зелений клас у дворі', 'admitted', 'S-001', '7-А'],
        ['Тенісні столи на перерві', 'admitted', 'S-002', '9-Б'],
        ['Поличка обміну книжками', 'admitted', 'S-003', '6-В'],
      ],
    );
    for (const r of rows.rows) ids[r.code] = r.id;
    const page = await t.browser().get(`${P}/schools/lyceum-1/projects/${ids['S-001']}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /40\u00a0000\u00a0грн/);
    assert.match(page.body, /7-А/);
    const photo = /src="(\/lviv\/school-budget\/photos\/\d+)\/thumb"/.exec(page.body);
    assert.ok(photo, 'the photo is shown');
    const img = await t.browser().get(photo[1]!);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    assert.ok(!img.rawPayload.includes(Buffer.from('SecretPhone')), 'metadata is gone');
    // The other school's projects: one for its own ballot.
    const m45 = `${M}/schools/school-45/contests/${school45Contest}`;
    assert.equal((await postMultipart(t, teacher45, `${m45}/projects/new`, project('Велопарковка', '9-А', '10 000'))).statusCode, 303);
    ids.bike = (await sql<{ id: number }>`select id from budget_projects where contest_id = ${school45Contest}`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal((await postMultipart(t, dmytrenko, `${m45}/projects/new`, project('Чужий проєкт', '9-А', '10 000'))).statusCode, 403);
  });

  test('code sheets: bounded in size, printed with QR codes and as a PDF; only counts are shown', async () => {
    const m = `${M}/schools/lyceum-1/contests/${lyceumContest}`;
    const huge = await dmytrenko.post(`${m}/codes`, { count: '100000', classLabel: '' });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /За один раз можна створити не більше 2000 кодів \(запитано 100\s000\)/);
    assert.match((await dmytrenko.post(`${m}/codes`, { count: '30', classLabel: '2-Б' })).body, /Голосують 5–11 класи/);
    assert.equal((await olena.post(`${m}/codes`, { count: '30' })).statusCode, 403);
    const made = await dmytrenko.post(`${m}/codes`, { count: '12', classLabel: '7а' });
    assert.equal(made.statusCode, 303);
    const print = await dmytrenko.get(String(made.headers.location));
    assert.equal(print.statusCode, 200);
    assert.equal(print.headers['cache-control'], 'no-store');
    sheet = codesOn(print.body);
    assert.equal(sheet.length, 12);
    assert.equal(new Set(sheet).size, 12);
    assert.equal(print.body.match(/<svg class="code-qr"/g)?.length, 12);
    assert.match(print.body, /Ліцей № 1 Львівської міської ради, 7-А клас/);
    assert.match(print.body, /viche\.test\/lviv\/school-budget\/vote/);
    const pdfHref = /href="([^"]+sheet\.pdf)"/.exec(print.body)![1]!;
    const pdf = await dmytrenko.get(pdfHref);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    assert.equal((await olena.get(pdfHref)).statusCode, 403);
    assert.equal((await teacher45.get(String(made.headers.location))).statusCode, 403);
    // Nothing but keyed hashes is stored.
    const stored = await sql<{ code_hash: string }>`select code_hash from school_codes where contest_id = ${lyceumContest}`.execute(t.ctx.db);
    assert.equal(stored.rows.length, 12);
    for (const c of sheet) assert.ok(!stored.rows.some((r) => r.code_hash.includes(c.replace(/-/g, ''))));
    const cols = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'school_codes'`.execute(t.ctx.db);
    assert.ok(!cols.rows.some((c) => /ballot|voter|receipt|project/.test(c.column_name)), 'a code row cannot point at a ballot');
    const m45 = `${M}/schools/school-45/contests/${school45Contest}`;
    const made45 = await teacher45.post(`${m45}/codes`, { count: '3', classLabel: '' });
    sheet45 = codesOn((await teacher45.get(String(made45.headers.location))).body);
    assert.equal(sheet45.length, 3);
    // A big sheet prints in parts of 100 (the PDF has every code).
    const big = await teacher45.post(`${m45}/codes`, { count: '250' });
    const part1 = await teacher45.get(String(big.headers.location));
    assert.equal(codesOn(part1.body).length, 100);
    assert.match(part1.body, /Частина 1 з 3/);
    const part3 = await teacher45.get(`${String(big.headers.location)}?part=3`);
    assert.equal(codesOn(part3.body).length, 50);
    assert.match(part3.body, /aria-label="QR-код 250: посилання на бюлетень"/);
    assert.equal(codesOn((await teacher45.get(`${String(big.headers.location)}?part=99`)).body).length, 50, 'a part past the end shows the last');
  });

  test('before voting a code gets a clear «not yet», the ballot stays closed', async () => {
    const res = await t.browser().post(`${P}/vote`, { code: sheet[0]! });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Голосування ще не почалося: воно триватиме з 11\.03\.2027 по 17\.03\.2027/);
  });

  test('in voting: typos, unknown codes, another school’s code and too many projects each get their own message', async () => {
    await jump(startOfKyivDay(d(11)));
    const student = t.browser();
    const code = sheet[0]!.replace(/-/g, '');
    const typo = code.slice(0, 5) + (code[5] === '7' ? '8' : '7') + code.slice(6);
    const r1 = await student.post(`${P}/vote`, { code: typo });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.body, /У коді помилка: перевірте кожен знак/);
    assert.match(r1.body, /<title>Помилка: /);
    const unknownData = 'ABCDEFGHJKMNP';
    const r2 = await student.post(`${P}/vote`, { code: unknownData + checkCharOf(unknownData) });
    assert.match(r2.body, /Такого коду немає/);
    const r3 = await student.post(`${P}/vote`, { code: 'ABC' });
    assert.match(r3.body, /Код має 14 знаків/);
    const other = await student.post(`${P}/schools/lyceum-1/vote`, { code: sheet45[0]! });
    assert.equal(other.statusCode, 400);
    assert.match(other.body, /Цей код — для іншого закладу освіти: «Середня загальноосвітня школа № 45»/);
    const ballot = await student.get(`${P}/v/${code}`);
    assert.equal(ballot.statusCode, 200);
    assert.match(ballot.body, /<h1>Бюлетень<\/h1>/);
    assert.match(ballot.body, /Тенісні столи на перерві/);
    assert.ok(!ballot.body.includes('Велопарковка'), 'only this school’s projects');
    const tooMany = await student.post(`${P}/ballot`, { code, project: [String(ids['S-001']), String(ids['S-002']), String(ids['S-003'])] });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /Усього можна обрати не більше 2 проєктів \(обрано 3\)/);
    const none = await student.post(`${P}/ballot`, { code, project: [] });
    assert.match(none.body, /Не обрано жодного проєкту/);
    const foreign = await student.post(`${P}/ballot`, { code, project: [String(ids['S-001']), '999999'] });
    assert.match(foreign.body, /Немає проєкту #999999/);
  });

  test('a student votes: ballot → review → receipt; the same code is refused the second time', async () => {
    const student = t.browser();
    // Typed as a phone keyboard would: lower case, spaces, an O for a zero.
    const typed = sheet[1]!.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const ballot = await student.post(`${P}/vote`, { code: typed });
    assert.equal(ballot.statusCode, 200, ballot.body.slice(0, 300));
    assert.equal(ballot.headers['cache-control'], 'no-store');
    assert.ok(ballot.body.includes(`value="${sheet[1]}"`), 'the code travels as a hidden field');
    const review = await student.post(`${P}/ballot`, { code: sheet[1]!, project: [String(ids['S-001']), String(ids['S-003'])] });
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Перевірте бюлетень/);
    assert.match(review.body, /Зелений клас у дворі/);
    const change = await student.post(`${P}/ballot/change`, { code: sheet[1]!, project: [String(ids['S-001'])] });
    assert.match(change.body, /id="p-\d+" name="project" value="\d+" checked/);
    const done = await student.post(`${P}/ballot/confirm`, { code: sheet[1]!, project: [String(ids['S-001']), String(ids['S-003'])] });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Дякуємо! Ваш голос зараховано/);
    const receipt = /<code>(\d+-[A-Z0-9]+-[A-Z0-9]+)<\/code>/.exec(done.body)![1]!;
    // The transparency log's receipt too: the student can check that the ballot is in the log.
    const logReceipt = receiptNumberOn(done.body);
    assert.ok(Number.isInteger(logReceipt), 'the done page shows the log receipt');
    assert.match(done.body, new RegExp(`href="/transparency/receipts/${logReceipt}">Перевірити мій голос`));
    assert.equal((await t.browser().get(`/transparency/receipts/${logReceipt}`)).statusCode, 200);
    const again = await t.browser().post(`${P}/ballot/confirm`, { code: sheet[1]!, project: [String(ids['S-002'])] });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /Цей код уже використано: кожен код діє лише один раз/);
    assert.equal((await t.browser().get(`${P}/v/${sheet[1]!.replace(/-/g, '')}`)).statusCode, 409);
    // The ballot stands alone: a random key, no code; times kept to the hour on both sides.
    const b = await sql<{
      voter_key: string;
      channel: string;
      cast_at: Date;
      age: number | null;
      contest_id: number;
    }>`select voter_key, channel, cast_at, age, contest_id from budget_ballots where receipt = ${receipt}`.execute(t.ctx.db);
    assert.equal(b.rows[0]!.channel, 'code');
    assert.match(b.rows[0]!.voter_key, /^code:[0-9a-f]{32}$/);
    assert.equal(b.rows[0]!.age, null);
    assert.equal(new Date(b.rows[0]!.cast_at).getTime() % 3_600_000, 0);
    const used = await sql<{ used_at: Date }>`select used_at from school_codes where used_at is not null`.execute(t.ctx.db);
    assert.equal(used.rows.length, 1);
    assert.equal(new Date(used.rows[0]!.used_at).getTime() % 3_600_000, 0);
    const key = b.rows[0]!.voter_key.slice(5);
    assert.ok(!(await sql<{ n: number }>`select count(*)::int as n from school_codes where code_hash like ${`%${key}%`}`.execute(t.ctx.db)).rows[0]!.n);
    // The transparency log (issue #18): the ballot is logged under the school budget, its time to the hour too,
    // and without its choices: a school contest hides its counts until the results.
    const logged = await sql<{ entry: Uint8Array }>`
      select p.entry from tlog_pending p join budget_ballots b on b.log_pending_id = p.id where b.receipt = ${receipt}`.execute(t.ctx.db);
    const act = parseActEntry(logged.rows[0]!.entry)!;
    assert.deepEqual([act.tool, act.kind, act.subject], ['school-budget', 'ballot', `contest:${b.rows[0]!.contest_id}`]);
    assert.deepEqual(act.details, { channel: 'code', level: 'idgovua' });
    assert.match(act.at, /T\d\d:00Z$/);
  });

  test('one code, many simultaneous confirmations: exactly one ballot counts', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${lyceumContest}`.execute(t.ctx.db)).rows[0]!.n;
    const students = Array.from({ length: 16 }, () => t.browser());
    const tokens = await Promise.all(students.map((s) => s.csrfToken()));
    const results = await Promise.all(
      students.map((s, i) => s.post(`${P}/ballot/confirm`, { _csrf: tokens[i]!, code: sheet[2]!, project: [String(ids['S-003'])] })),
    );
    const statuses = results.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 15, statuses.join(','));
    for (const r of results.filter((x) => x.statusCode === 409)) assert.match(r.body, /уже використано/);
    const after = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${lyceumContest}`.execute(t.ctx.db)).rows[0]!.n;
    assert.equal(after, before + 1);
  });

  test('voided codes: one lost slip, or the rest of a sheet; a used code cannot be voided', async () => {
    const base = `${M}/schools/lyceum-1/contests/${lyceumContest}`;
    const used = await dmytrenko.post(`${base}/codes/void-one`, { code: sheet[1]! });
    assert.equal(used.statusCode, 409);
    assert.match(used.body, /використаний код анулювати не можна/);
    const ok = await dmytrenko.post(`${base}/codes/void-one`, { code: sheet[3]!.toLowerCase() });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Код анульовано/);
    const refused = await t.browser().post(`${P}/vote`, { code: sheet[3]! });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Цей код анульовано/);
    const print = await dmytrenko.get(
      `${base}/codes/${(await sql<{ id: number }>`select id from school_code_batches where contest_id = ${lyceumContest}`.execute(t.ctx.db)).rows[0]!.id}/print`,
    );
    assert.equal(print.body.match(/Код анульовано/g)?.length, 1, 'the voided slip is marked on a reprint');
    const page = await dmytrenko.get(`${M}/schools/lyceum-1`);
    assert.match(page.body, /<strong>12<\/strong>створено/);
    assert.match(page.body, /<strong>2<\/strong>використано/);
    assert.match(page.body, /<strong>9<\/strong>не використано/);
    assert.match(page.body, /<strong>1<\/strong>анульовано/);
    assert.ok(!page.body.includes(sheet[1]!), 'the page never shows which code voted');
  });

  /** A guess from a network address; a fresh browser (device) unless one is given. */
  const guess = async (ip: string, url: string, code: string, b: TestBrowser = t.browser()): Promise<LightMyRequestResponse> => {
    const csrf = await b.csrfToken();
    const res = await t.app.inject({
      method: 'POST',
      url,
      remoteAddress: ip,
      headers: { cookie: b.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, code }).toString(),
    });
    b.jar.store(res.headers['set-cookie']);
    return res;
  };
  const wrong = (i: number) => {
    const data = `ZZZZZZZZ${String(10_000 + i).replace(/[01]/g, '2')}`.slice(0, 13);
    return data + checkCharOf(data);
  };

  test('wrong guesses from many networks never lock a school out: a right code from elsewhere is taken', async () => {
    // 200 failures at one school's entry from ten networks (20 each): today's «per school» lock refused
    // every student of the school for an hour after that.
    for (let n = 0; n < 10; n++) {
      for (let i = 0; i < 20; i++) assert.equal((await guess(`100.64.${n}.${i + 1}`, `${P}/schools/lyceum-1/vote`, wrong(n * 20 + i))).statusCode, 400);
    }
    const right = await guess('198.18.7.1', `${P}/schools/lyceum-1/vote`, sheet[4]!);
    assert.equal(right.statusCode, 200, 'a right code from a fresh network and device is accepted');
    assert.match(right.body, /<h1>Бюлетень<\/h1>/);
    const common = await guess('198.18.8.1', `${P}/vote`, sheet[4]!);
    assert.equal(common.statusCode, 200, 'and at the community’s common entry');
  });

  test('one device, or one network, that keeps guessing waits, and is told so; nobody else does', async () => {
    // One device changing networks: its cookie carries its failures.
    const device = t.browser();
    for (let i = 0; i < GUESS_LIMITS.perDevice.max; i++) assert.equal((await guess(`192.0.${i}.1`, `${P}/vote`, wrong(300 + i), device)).statusCode, 400);
    const stopped = await guess('192.0.99.1', `${P}/vote`, sheet[4]!, device);
    assert.equal(stopped.statusCode, 429, 'even a right code waits on that device: a guesser must not tell a hit');
    assert.match(stopped.body, /Забагато невдалих спроб з цього пристрою чи мережі\. Спробуйте знову через \d+ хв/);
    assert.ok(Number(stopped.headers['retry-after']) > 0);
    assert.equal((await guess('192.0.99.1', `${P}/vote`, sheet[4]!)).statusCode, 200, 'another device on the same network is not affected');
    // One network with a fresh device for every guess: lowered here so the test stays short.
    const saved = GUESS_LIMITS.perNetwork.max;
    GUESS_LIMITS.perNetwork.max = 5;
    try {
      for (let i = 0; i < 5; i++) assert.equal((await guess(`203.0.113.${i + 1}`, `${P}/schools/school-45/vote`, wrong(400 + i))).statusCode, 400);
      const net = await guess('203.0.113.200', `${P}/schools/school-45/vote`, sheet45[1]!);
      assert.equal(net.statusCode, 429, 'the same /24 network waits, whatever its device');
      assert.match(net.body, /Забагато невдалих спроб/);
      assert.equal((await guess('198.51.100.5', `${P}/schools/school-45/vote`, sheet45[1]!)).statusCode, 200, 'another network is not affected');
    } finally {
      GUESS_LIMITS.perNetwork.max = saved;
    }
  });

  test('votes are hidden while voting; after it the school sees preliminary results, the public after publication', async () => {
    // More ballots, so the greedy rule has something to show: S-001 4 votes, S-002 3, S-003 2.
    const vote = async (code: string, projects: number[]) => {
      const r = await t.browser().post(`${P}/ballot/confirm`, { code, project: projects.map(String) });
      assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    };
    await vote(sheet[5]!, [ids['S-001']!, ids['S-002']!]);
    await vote(sheet[6]!, [ids['S-001']!, ids['S-002']!]);
    await vote(sheet[7]!, [ids['S-001']!]);
    await vote(sheet[8]!, [ids['S-002']!]);
    await vote(sheet45[2]!, [ids.bike!]);
    const school = await t.browser().get(`${P}/schools/lyceum-1`);
    assert.match(school.body, /Голосування триває/);
    assert.ok(!/ · \d+ голос/.test(school.body), 'no counts while voting');
    assert.equal((await t.browser().get(`${P}/schools/lyceum-1/results/${lyceumContest}`)).statusCode, 404);
    assert.equal((await dmytrenko.get(`${P}/schools/lyceum-1/results/${lyceumContest}`)).statusCode, 404, 'not even for the moderator before voting ends');
    await jump(startOfKyivDay(d(17)));
    const pre = await dmytrenko.get(`${P}/schools/lyceum-1/results/${lyceumContest}`);
    assert.equal(pre.statusCode, 200);
    assert.match(pre.body, /Попередні результати/);
    assert.equal((await t.browser().get(`${P}/schools/lyceum-1/results/${lyceumContest}`)).statusCode, 404);
    const tooEarly = await t.browser().post(`${P}/vote`, { code: sheet[9]! });
    assert.equal(tooEarly.statusCode, 409);
    assert.match(tooEarly.body, /Голосування вже завершилося \(останній день — 17\.03\.2027\)/);
    assert.equal((await olena.post(`${M}/schools/lyceum-1/contests/${lyceumContest}/publish-results`, {})).statusCode, 403);
    assert.equal((await dmytrenko.post(`${M}/schools/lyceum-1/contests/${lyceumContest}/publish-results`, {})).statusCode, 303);
  });

  test('results per school with the greedy rule, as a page, CSV and Pabulib', async () => {
    const res = await t.browser().get(`${P}/schools/lyceum-1/results/${lyceumContest}`);
    assert.equal(res.statusCode, 200);
    const votes = await sql<{
      code: string;
      n: number;
    }>`select p.code, count(c.project_id)::int as n from budget_projects p left join budget_ballot_choices c on c.project_id = p.id where p.contest_id = ${lyceumContest} group by p.code order by p.code`.execute(
      t.ctx.db,
    );
    const byCode = Object.fromEntries(votes.rows.map((r) => [r.code, r.n]));
    assert.deepEqual(byCode, { 'S-001': 4, 'S-002': 3, 'S-003': 2 });
    assert.match(res.body, /Профінансовано 48\u00a0000\u00a0грн з 50\u00a0000\u00a0грн бюджету школи; 2 проєкти/);
    assert.match(res.body, /Не профінансовано: коли настала черга проєкту \(2-е місце за голосами\), у бюджеті категорії залишалося лише 10\u00a0000\u00a0грн/);
    assert.match(res.body, /Зараховано \d+ бюлетен/);
    const csv = await t.browser().get(`${P}/schools/lyceum-1/results/${lyceumContest}.csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'місце,код,проєкт,клас авторів,голосів,"вартість, грн",профінансовано,вердикт');
    assert.equal(lines.length, 4);
    assert.equal(lines[1], '1,S-001,Зелений клас у дворі,7-А,4,40000.00,так,funded');
    assert.match(lines[2]!, /,ні,not-funded-does-not-fit$/);
    const pb = parsePabulib((await t.browser().get(`${P}/schools/lyceum-1/results/${lyceumContest}.pb`)).body);
    assert.equal(pb.projects.length, 3);
    assert.deepEqual(
      pb.projects
        .filter((x) => x.fields.selected === '1')
        .map((x) => x.id)
        .sort(),
      ['S-001', 'S-003'],
    );
    assert.equal(pb.meta.rule, 'greedy');
    assert.equal(pb.voters.length, 6, 'every ballot of the school, none of another');
    assert.ok(pb.voters.every((v) => v.fields.voting_method === 'code' && !('age' in v.fields)));
    // The other school's contest is counted on its own: no lyceum project, no lyceum ballot.
    const other = await teacher45.get(`${P}/schools/school-45/results/${school45Contest}`);
    assert.equal(other.statusCode, 200);
    assert.ok(!other.body.includes('Зелений клас'));
    assert.equal((await t.browser().get(`${P}/schools/school-45/results/${lyceumContest}`)).statusCode, 404, 'a contest is reached only through its school');
  });

  test('the community page shows every school with its phase and turnout; statistics and open data add up', async () => {
    const page = await t.browser().get(P);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ліцей № 1 Львівської міської ради/);
    assert.match(page.body, /Результати · бюджет 50\u00a0000\u00a0грн/);
    assert.match(page.body, /\d+ голос(и|ів)? з 11 виданих кодів \(явка \d+ %\)/);
    assert.match(page.body, /переможців: 2/);
    const direct = await sql<{ votes: number; projects: number; schools: number }>`
      select (select count(*)::int from budget_ballots where channel = 'code') as votes,
             (select count(*)::int from budget_projects p join school_contests s on s.contest_id = p.contest_id where p.status = 'admitted') as projects,
             (select count(*)::int from school_schools) as schools`.execute(t.ctx.db);
    const api = (await t.browser().get('/api/v1/communities/lviv/stats?from=2027-01&to=2027-12')).json() as {
      tools: { tool: string; stats: { figures: { key: string; value: number }[]; participants: number } }[];
    };
    const tool = api.tools.find((x) => x.tool === 'school-budget')!;
    const fig = (k: string) => tool.stats.figures.find((f) => f.key === k)!.value;
    assert.equal(fig('schools'), direct.rows[0]!.schools);
    assert.equal(fig('projects'), direct.rows[0]!.projects);
    assert.equal(fig('votes'), direct.rows[0]!.votes);
    assert.equal(fig('projects-funded'), 2);
    assert.equal(fig('codes'), 264, '265 made, 1 voided');
    assert.equal(tool.stats.participants, direct.rows[0]!.votes);
    const budgets = api.tools.find((x) => x.tool === 'budgets')!;
    assert.equal(budgets.stats.figures.find((f) => f.key === 'ballots')!.value, 0, 'school ballots are not the community budget’s');
    const statsPage = await t.browser().get('/lviv/stats?from=2027-01&to=2027-12');
    assert.match(statsPage.body, /Шкільний громадський бюджет/);
    assert.match(statsPage.body, /Голосів учнів/);
    const home = await t.browser().get('/');
    assert.match(home.body, /Голосів учнів:/);
    const results = (await t.browser().get('/open-data/school-budget-results.json?community=lviv')).json() as {
      rows: { title: string; votes: number; funded: boolean }[];
    };
    assert.equal(results.rows.length, 3);
    assert.deepEqual(
      results.rows
        .filter((r) => r.funded)
        .map((r) => r.title)
        .sort(),
      ['Зелений клас у дворі', 'Поличка обміну книжками'],
    );
    const projects = (await t.browser().get('/open-data/school-budget-projects.csv')).body;
    assert.match(projects, /Тенісні столи на перерві/);
    assert.ok(!/teacher@|code_hash|voter/.test(projects));
  });

  test('results go public by themselves on the results day (the periodic tick)', async () => {
    const k = (
      await sql<{ id: number; results_published_at: Date | null }>`select id, results_published_at from budget_contests where id = ${school45Contest}`.execute(
        t.ctx.db,
      )
    ).rows[0]!;
    assert.equal(k.results_published_at, null);
    await schoolBudgetModule.tick!(t.ctx, t.clock.now());
    const after = (
      await sql<{ results_published_at: Date | null }>`select results_published_at from budget_contests where id = ${school45Contest}`.execute(t.ctx.db)
    ).rows[0]!;
    assert.ok(after.results_published_at);
    assert.equal((await t.browser().get(`${P}/schools/school-45/results/${school45Contest}`)).statusCode, 200);
  });
});
