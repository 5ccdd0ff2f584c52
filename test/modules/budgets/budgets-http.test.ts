/**
 * The participatory budget through HTTP, as residents, the moderator, a terminal and a paper import see
 * it: contest set-up, a project from submission to admission (photos stripped of GPS), eligibility,
 * online voting with a receipt, the channel API, paper ballots with their report and annulment, one
 * ballot per person across channels under concurrency, results with explanations, implementation,
 * statistics and open data.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'kysely';
import { monthNumber } from '../../../src/core/stats-counters/index.js';
import { demoPerson, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { clockedTestApp } from '../../helpers/clocked-app.js';
import { budgetContestForm } from '../../helpers/budget-forms.js';
import { assertStatsEqualRows } from '../../helpers/stats-rows.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { makeRnokpp } from '../../../src/core/identity/rnokpp.js';
import { identityKey } from '../../../src/core/identity/identity-key.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { parsePabulib } from '../../../src/modules/budgets/tally/pabulib.js';
import { budgetStats, budgetDatasets } from '../../../src/modules/budgets/stats.js';
import { TEMPLATE_COLUMNS } from '../../../src/modules/budgets/service/imports.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';

const DAY = 86_400_000;
const lviv = demoCommunities.find((c) => c.slug === 'lviv')!;
const RESIDENT = demoSettlementCode(lviv, 3);

describe('participatory budget through HTTP', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let contestId: number;
  let m: string;
  let pub: string;
  const start = new Date('2027-02-01T09:00:00Z');
  const today = kyivDateOf(start);
  const ids: Record<string, number> = {};
  let apiKey = '';

  /** Sessions expire when the clock jumps weeks ahead: sign everyone in again. */
  const { jump } = clockedTestApp(start, async (app) => {
    t = app;
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    olena = await signedInAs(t, demo.olena);
    andrii = await signedInAs(t, demo.andrii);
  });

  const form = (o: Record<string, string> = {}) => ({
    ...budgetContestForm(today, { title: 'Громадський бюджет 2027', description: 'Тестовий конкурс' }),
    ...o,
  });

  test('only the budget moderator sets up a contest; bad dates and money are explained', async () => {
    assert.equal((await olena.get('/lviv/manage/budgets/new')).statusCode, 403);
    const petitionsMod = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    assert.equal((await petitionsMod.post('/lviv/manage/budgets/new', form())).statusCode, 403);
    const bad = await moderator.post('/lviv/manage/budgets/new', form({ totalBudget: 'багато', votingTo: addDaysToLocalDate(today, 15) }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#totalBudget">Вкажіть суму в гривнях/);
    assert.match(bad.body, /Кінець голосування має бути пізніше за початок/);
    assert.ok(bad.body.includes('value="багато"'), 'typed value kept');
    const ok = await moderator.post('/lviv/manage/budgets/new', form());
    assert.equal(ok.statusCode, 303);
    contestId = Number(/budgets\/(\d+)$/.exec(String(ok.headers.location))![1]);
    m = `/lviv/manage/budgets/${contestId}`;
    pub = `/lviv/budgets/${contestId}`;
    for (const [code, name, budget, min, max] of [
      ['A', 'Малі проєкти', '600 000', '10 000', '400 000'],
      ['B', 'Великі проєкти', '400 000', '100 000', '400 000'],
    ] as const) {
      assert.equal((await moderator.post(`${m}/categories`, { code, name, budget, minCost: min, maxCost: max })).statusCode, 303);
    }
    const dup = await moderator.post(`${m}/categories`, { code: 'A', name: 'Ще раз', budget: '1', minCost: '0', maxCost: '1' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /Такий код уже є/);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'budget_contest')
      .where('subject_id', '=', String(contestId))
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['budget.category.created', 'budget.category.created', 'budget.contest.created']);
    const page = await t.browser().get(pub);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Подання проєктів/);
    assert.match(page.body, /1\u00a0000\u00a0000\u00a0грн/);
  });

  const project = (title: string, category: 'A' | 'B', price: string, o: Record<string, string> = {}) => ({
    title,
    categoryId: '',
    problem: 'Проблема, яку відчувають сотні мешканців щодня.',
    solution: 'Зробити як слід, за кошторисом і з контролем мешканців.',
    location: 'вул. Зелена, 12',
    beneficiaries: 'Мешканці кварталу',
    item_0: 'Роботи',
    qty_0: '1',
    price_0: price,
    contingency: '0',
    email: 'author@example.com',
    action: 'submit',
    _cat: category,
    ...o,
  });
  const catIds: Record<string, number> = {};

  test('a resident submits a project: cost computed exactly, photo resized with GPS removed, contacts private', async () => {
    const cats = await sql<{ id: number; code: string }>`select id, code from budget_categories where contest_id = ${contestId}`.execute(t.ctx.db);
    for (const r of cats.rows) catIds[r.code] = r.id;
    const bad = await postMultipart(t, olena, `${pub}/projects/new`, { ...project('Так', 'A', 'дорого'), categoryId: String(catIds.A) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Назва — щонайменше 5 символів/);
    assert.match(bad.body, /рядок 1: потрібні стаття, кількість/);
    const tooDear = await postMultipart(t, olena, `${pub}/projects/new`, { ...project('Лавки у сквері', 'A', '500 000'), categoryId: String(catIds.A) });
    assert.match(tooDear.body, /Вартість 500\u00a0000\u00a0грн поза межами категорії/);
    const notImage = await postMultipart(t, olena, `${pub}/projects/new`, { ...project('Лавки у сквері', 'A', '100 000'), categoryId: String(catIds.A) }, [
      { name: 'photos', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not an image') },
    ]);
    assert.match(notImage.body, /не є зображенням JPEG, PNG чи WebP/);
    const ok = await postMultipart(
      t,
      olena,
      `${pub}/projects/new`,
      {
        ...project('Лавки у сквері на Зеленій', 'A', '1 000,10', {
          item_1: 'Лавка',
          qty_1: '3',
          price_1: '33 333,33',
          contingency: '10',
          phone: '+380671112233',
        }),
        categoryId: String(catIds.A),
      },
      [{ name: 'photos', filename: 'phone.jpg', type: 'image/jpeg', data: await phonePhoto() }],
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    ids.benches = Number(/projects\/(\d+)/.exec(String(ok.headers.location))![1]);
    const row = await sql<{ cost: number; status: string }>`select cost, status from budget_projects where id = ${ids.benches}`.execute(t.ctx.db);
    // (1 000,10 + 3 × 33 333,33) × 1,10 = 101 000,09 × 1,10 = 111 100,099 → 111 100,10
    assert.equal(Number(row.rows[0]!.cost), 11_110_010);
    assert.equal(row.rows[0]!.status, 'review');
    const page = await t.browser().get(`${pub}/projects/${ids.benches}`);
    assert.match(page.body, /111\u00a0100,10\u00a0грн/);
    assert.ok(!page.body.includes('+380671112233') && !page.body.includes('author@example.com'), 'contacts are private');
    const photoId = Number(/budgets\/photos\/(\d+)\/thumb/.exec(page.body)![1]);
    const img = await t.browser().get(`/lviv/budgets/photos/${photoId}`);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    assert.equal(meta.exif, undefined, 'no EXIF, so no GPS');
    assert.ok((meta.width ?? 0) <= 1600);
  });

  test('review: needs changes, the author revises, the moderator admits with a corrected cost; history is public', async () => {
    const r1 = await moderator.post(`${m}/projects/${ids.benches}`, { decision: 'needs_changes', note: '' });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.body, /Поясніть рішення/);
    assert.equal((await moderator.post(`${m}/projects/${ids.benches}`, { decision: 'needs_changes', note: 'Уточніть адресу скверу' })).statusCode, 303);
    assert.equal((await andrii.get(`${pub}/projects/${ids.benches}/edit`)).statusCode, 404, 'only the author edits');
    const edit = await olena.get(`${pub}/projects/${ids.benches}/edit`);
    assert.match(edit.body, /value="Лавки у сквері на Зеленій"/);
    const resub = await postMultipart(t, olena, `${pub}/projects/${ids.benches}/edit`, {
      ...project('Лавки у сквері на Зеленій', 'A', '1 000,10', {
        location: 'сквер на розі Зеленої та Ярошинської',
        item_1: 'Лавка',
        qty_1: '3',
        price_1: '33 333,33',
        contingency: '10',
      }),
      categoryId: String(catIds.A),
    });
    assert.equal(resub.statusCode, 303);
    const tooLow = await moderator.post(`${m}/projects/${ids.benches}`, { decision: 'admitted', note: '', correctedCost: '5', costNote: 'x' });
    assert.match(tooLow.body, /Скоригована вартість виходить за межі категорії/);
    assert.equal(
      (await moderator.post(`${m}/projects/${ids.benches}`, { decision: 'admitted', note: '', correctedCost: '120 000', costNote: 'Ціни на лавки зросли' }))
        .statusCode,
      303,
    );
    const page = await t.browser().get(`${pub}/projects/${ids.benches}`);
    assert.match(page.body, /A-001 · Лавки у сквері на Зеленій/);
    assert.match(page.body, /Вартість після перевірки/);
    assert.match(page.body, /Коментар щодо вартості: Ціни на лавки зросли/);
    for (const s of ['Подано — на розгляді', 'Потребує доопрацювання', 'Доопрацьовано й подано знову', 'Допущено до голосування', 'Вартість скориговано'])
      assert.ok(page.body.includes(s), s);
  });

  test('more projects: a paper project recorded with its author; a rejection with a reason', async () => {
    const mk = async (title: string, cat: 'A' | 'B', price: string) => {
      const r = await postMultipart(t, olena, `${pub}/projects/new`, { ...project(title, cat, price), categoryId: String(catIds[cat]) });
      assert.equal(r.statusCode, 303, r.body.slice(0, 300));
      const id = Number(/projects\/(\d+)/.exec(String(r.headers.location))![1]);
      assert.equal((await moderator.post(`${m}/projects/${id}`, { decision: 'admitted', note: '' })).statusCode, 303);
      return id;
    };
    ids.playground = await mk('Дитячий майданчик на Левандівці', 'A', '350 000');
    ids.fountain = await mk('Питні фонтанчики в парку', 'A', '250 000');
    ids.stadium = await mk('Стадіон школи № 87', 'B', '300 000');
    ids.pump = await mk('Памптрек на Сихові', 'B', '200 000');
    const paper = await postMultipart(t, moderator, `${m}/paper-project`, {
      ...project('Клумби на проспекті', 'A', '30 000', { email: '', authorName: 'Петренко Марія Іванівна' }),
      categoryId: String(catIds.A),
    });
    assert.equal(paper.statusCode, 303, paper.body.slice(0, 300));
    ids.flowers = Number(/projects\/(\d+)/.exec(String(paper.headers.location))![1]);
    assert.equal((await moderator.post(`${m}/projects/${ids.flowers}`, { decision: 'admitted', note: '' })).statusCode, 303);
    const fp = await t.browser().get(`${pub}/projects/${ids.flowers}`);
    assert.match(fp.body, /Петренко Марія Іванівна \(подано на папері\)/);
    const rej = await postMultipart(t, olena, `${pub}/projects/new`, { ...project('Ремонт приватного гаража', 'A', '50 000'), categoryId: String(catIds.A) });
    ids.garage = Number(/projects\/(\d+)/.exec(String(rej.headers.location))![1]);
    assert.equal((await moderator.post(`${m}/projects/${ids.garage}`, { decision: 'rejected', note: 'Обʼєкт не є комунальною власністю' })).statusCode, 303);
    assert.match((await t.browser().get(`${pub}/projects/${ids.garage}`)).body, /Причина відхилення: Обʼєкт не є комунальною власністю/);
    const codes = await sql<{ code: string }>`select code from budget_projects where contest_id = ${contestId} and status = 'admitted' order by code`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      codes.rows.map((r) => r.code),
      ['A-001', 'A-002', 'A-003', 'A-004', 'B-001', 'B-002'],
    );
  });

  test('eligibility: voting only in its phase, residents only, minimum age 16', async () => {
    const early = await olena.get(`${pub}/vote`);
    assert.match(early.body, /Голосування зараз не триває/);
    await jump(new Date(start.getTime() + 21 * DAY));
    const teen = await signedInAs(t, (p) => p.firstName === 'Софія');
    assert.match((await teen.get(`${pub}/vote`)).body, /не досягли віку/);
    assert.equal((await teen.post(`${pub}/vote/confirm`, { project: String(ids.benches) })).statusCode, 403);
    const odesa = await signedInAs(t, (p) => p.lastName === 'Литвин');
    const r = await odesa.post(`${pub}/vote/confirm`, { project: String(ids.benches) });
    assert.equal(r.statusCode, 403);
    assert.match(r.body, /мешкан/);
    assert.equal((await t.browser().post(`${pub}/vote/confirm`, { project: String(ids.benches) })).statusCode, 401);
    const n = await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`.execute(t.ctx.db);
    assert.equal(n.rows[0]!.n, 0);
  });

  test('the ballot is a page per category: remaining choices, choices carried between pages, back, review with change per category', async () => {
    const first = await olena.get(`${pub}/vote`);
    assert.match(first.body, /Категорія 1 з 2: Малі проєкти/);
    assert.match(first.body, /залишилось <strong data-left="category">2<\/strong>/);
    assert.doesNotMatch(first.body, /B-001/, 'the first page shows only the first category');
    // Too many on the first page: refused there, nothing carried forward.
    const tooMany = await olena.post(`${pub}/vote`, { step: '0', go: 'next', project: [String(ids.benches), String(ids.playground), String(ids.fountain)] });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /Категорія 1 з 2/);
    assert.match(tooMany.body, /можна обрати не більше 2 \(обрано 3\)/);
    // One chosen: the second page carries it as a hidden field and says what is left here.
    const second = await olena.post(`${pub}/vote`, { step: '0', go: 'next', project: String(ids.benches) });
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /Категорія 2 з 2: Великі проєкти/);
    assert.match(second.body, new RegExp(`<input type="hidden" name="project" value="${ids.benches}"`));
    assert.match(second.body, /Малі проєкти<\/span> <span class="meta">\(обрано: 1\)/);
    // Back keeps the first page's choice ticked.
    const back = await olena.post(`${pub}/vote`, { step: '1', go: 'back', project: [String(ids.benches), String(ids.stadium)] });
    assert.match(back.body, /Категорія 1 з 2/);
    assert.match(back.body, new RegExp(`id="p-${ids.benches}"[^>]*checked`));
    assert.match(back.body, /залишилось <strong data-left="category">1<\/strong>/);
    assert.match(back.body, new RegExp(`<input type="hidden" name="project" value="${ids.stadium}"`));
    // The last page leads to the review, where each category can be changed on its own page.
    const review = await olena.post(`${pub}/vote`, { step: '1', go: 'next', project: [String(ids.benches), String(ids.stadium)] });
    assert.match(review.body, /Перевірте бюлетень/);
    assert.match(review.body, /Змінити вибір у категорії «Великі проєкти»/);
    const change = await olena.post(`${pub}/vote/change`, { step: '1', project: [String(ids.benches), String(ids.stadium)] });
    assert.match(change.body, /Категорія 2 з 2/);
    assert.match(change.body, new RegExp(`id="p-${ids.stadium}"[^>]*checked`));
    // Nothing chosen anywhere: the last page says so instead of a review.
    const empty = await olena.post(`${pub}/vote`, { step: '1', go: 'next' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Не обрано жодного проєкту/);
    const n = await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`.execute(t.ctx.db);
    assert.equal(n.rows[0]!.n, 0, 'no step casts a ballot');
  });

  test('voting online: too many choices refused, a review step, then a receipt; a ballot is final', async () => {
    const tooMany = await olena.post(`${pub}/vote`, { project: [String(ids.benches), String(ids.playground), String(ids.fountain)] });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /У категорії «Малі проєкти» можна обрати не більше 2 \(обрано 3\)/);
    const review = await olena.post(`${pub}/vote`, { project: [String(ids.benches), String(ids.stadium)] });
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Перевірте бюлетень/);
    assert.match(review.body, /A-001 Лавки у сквері на Зеленій/);
    const confirm = await olena.post(`${pub}/vote/confirm`, { project: [String(ids.benches), String(ids.stadium)] });
    assert.equal(confirm.statusCode, 303);
    const receipt = await olena.get(String(confirm.headers.location));
    assert.match(receipt.body, /Дякуємо! Ваш голос зараховано/);
    assert.match(receipt.body, new RegExp(`<code>${contestId}-[A-Z2-9]{5}-[A-Z2-9]{5}</code>`));
    // A confirmation panel to keep: what was done, when, the number; printable without a script; listed in the cabinet.
    const panel = /<div class="confirmation-panel" role="status">(.*?)<\/div>/s.exec(receipt.body)![1]!;
    assert.match(panel, /Ваш бюлетень у конкурсі «[^»]+» зараховано\./);
    assert.match(panel, /<dt>Час<\/dt><dd>\d\d\.\d\d\.\d{4}/);
    const ballotNumber = new RegExp(`${contestId}-[A-Z2-9]{5}-[A-Z2-9]{5}`).exec(panel)![0];
    assert.ok(receipt.body.includes(`href="${pub}/vote/receipt?print=1">Роздрукувати квитанцію</a>`));
    const printable = await olena.get(`${pub}/vote/receipt?print=1`);
    assert.equal(printable.statusCode, 200);
    assert.ok(printable.body.includes(ballotNumber));
    assert.match(printable.body, /Щоб роздрукувати, натисніть Ctrl\+P/);
    const cabinet = await olena.get('/cabinet');
    const ballots = /<h3>Мої бюлетені громадського бюджету<\/h3>(.*?)<\/section>/s.exec(cabinet.body)![1]!;
    assert.ok(ballots.includes(`href="${pub}/vote/receipt"`));
    assert.ok(ballots.includes(ballotNumber));
    const again = await olena.post(`${pub}/vote/confirm`, { project: [String(ids.playground)] });
    assert.match(again.body, /Ви вже проголосували \(онлайн/);
    const votes = await sql<{ project_id: number }>`select project_id from budget_ballot_choices where contest_id = ${contestId} order by project_id`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      votes.rows.map((r) => r.project_id),
      [ids.benches!, ids.stadium!].sort((x, y) => x - y),
    );
    const rejects = await sql<{ reason: string; channel: string }>`select reason, channel from budget_ballot_rejects where contest_id = ${contestId}`.execute(
      t.ctx.db,
    );
    assert.deepEqual(rejects.rows, [{ reason: 'duplicate', channel: 'web' }]);
  });

  const api = (method: 'GET' | 'POST', url: string, o: { key?: string; idem?: string; body?: unknown } = {}) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(o.key !== undefined ? { authorization: `Bearer ${o.key}` } : {}),
        ...(o.idem ? { 'idempotency-key': o.idem } : {}),
        ...(o.body ? { 'content-type': 'application/json' } : {}),
      },
      payload: o.body ? JSON.stringify(o.body) : undefined,
    });
  const person = (serial: number, birth = '1980-05-05', code = RESIDENT) => ({ rnokpp: makeRnokpp(birth, serial), birthDate: birth, territorialCode: code });

  test('the channel API: keys scoped and revocable, idempotency, accepted / already voted / not eligible', async () => {
    const created = await moderator.post('/lviv/manage/budgets/channels', { name: 'Термінал у ЦНАП', kind: 'terminal' });
    assert.equal(created.statusCode, 201);
    apiKey = /<code class="budget-key">(vbc_[^<]+)<\/code>/.exec(created.body)![1]!;
    const stored = await sql<{ key_hash: string }>`select key_hash from budget_channels where name = 'Термінал у ЦНАП'`.execute(t.ctx.db);
    assert.notEqual(stored.rows[0]!.key_hash, apiKey, 'only a hash is stored');
    assert.equal((await api('GET', '/api/v1/channels/contests')).statusCode, 401);
    assert.equal((await api('GET', '/api/v1/channels/contests', { key: 'vbc_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).json().error.code, 'invalid_key');
    const list = await api('GET', '/api/v1/channels/contests', { key: apiKey });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((c: { id: number; phase: string }) => [c.id, c.phase]),
      [[contestId, 'voting']],
    );
    const detail = (await api('GET', `/api/v1/channels/contests/${contestId}`, { key: apiKey })).json();
    assert.deepEqual(detail.projects.map((x: { code: string }) => x.code).sort(), ['A-001', 'A-002', 'A-003', 'A-004', 'B-001', 'B-002']);

    const body = { ...person(3001), projectIds: [ids.playground, ids.pump] };
    const ok = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, { key: apiKey, idem: 'terminal-1-0001', body });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().result, 'accepted');
    assert.deepEqual(
      ok
        .json()
        .receipt.projects.map((x: { code: string }) => x.code)
        .sort(),
      ['A-002', 'B-002'],
    );
    const replay = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, { key: apiKey, idem: 'terminal-1-0001', body });
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.json().receipt.number, ok.json().receipt.number, 'the same answer, not a second ballot');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const reuse = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0001',
      body: { ...body, projectIds: [ids.fountain] },
    });
    assert.equal(reuse.statusCode, 409);
    assert.equal(reuse.json().error.code, 'idempotency_key_reused');
    const again = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0002',
      body: { ...body, projectIds: [ids.fountain] },
    });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().result, 'already_voted');
    assert.equal(again.json().channel, 'terminal');
    const young = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0003',
      body: { ...person(3002, '2012-01-01'), projectIds: [ids.fountain] },
    });
    assert.deepEqual([young.json().result, young.json().reason], ['not_eligible', 'too-young']);
    const away = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0004',
      body: { ...person(3003, '1980-05-05', 'UA51100270010078103'), projectIds: [ids.fountain] },
    });
    assert.deepEqual([away.json().result, away.json().reason], ['not_eligible', 'not-resident']);
    const tooMany = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0005',
      body: { ...person(3004), projectIds: [ids.benches, ids.playground, ids.fountain] },
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().error.message, /At most 2/);
    const badNumber = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: apiKey,
      idem: 'terminal-1-0006',
      body: { ...person(3005), rnokpp: '1234567890', projectIds: [ids.fountain] },
    });
    assert.equal(badNumber.statusCode, 400);
    const noIdem = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, { key: apiKey, body: { ...person(3006), projectIds: [ids.fountain] } });
    assert.equal(noIdem.statusCode, 400);

    // A key of another community cannot see or vote in this contest.
    const bcMod = await signedInAs(t, demo.moderator('bila-tserkva'));
    const foreignKey = /<code class="budget-key">(vbc_[^<]+)<\/code>/.exec(
      (await bcMod.post('/bila-tserkva/manage/budgets/channels', { name: 'Бот БЦ', kind: 'chatbot' })).body,
    )![1]!;
    const foreign = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
      key: foreignKey,
      idem: 'bot-1-000001',
      body: { ...person(3007), projectIds: [ids.fountain] },
    });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().error.code, 'foreign_key');
    // Revoked: refused from then on.
    const chId = (await sql<{ id: number }>`select id from budget_channels where name = 'Бот БЦ'`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal((await bcMod.post(`/bila-tserkva/manage/budgets/channels/${chId}/revoke`, {})).statusCode, 303);
    const revoked = await api('GET', '/api/v1/channels/contests', { key: foreignKey });
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.json().error.code, 'revoked_key');
    // The API is documented.
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.deepEqual(doc.paths['/api/v1/channels/contests/{id}/ballots']?.post?.tags, ['budget channels']);
  });

  const csvOf = (rows: string[][]) => Buffer.from(`\ufeff${TEMPLATE_COLUMNS.join(';')}\r\n${rows.map((r) => r.join(';')).join('\r\n')}\r\n`);
  const votingDay = () => kyivDateOf(t.clock.now()).split('-').reverse().join('.');
  const row = (serial: number, codes: string, o: { birth?: string; code?: string; number?: string } = {}) => [
    o.number ?? String(serial),
    'Дільниця № 1',
    votingDay(),
    makeRnokpp(o.birth ?? '1975-03-03', serial),
    'Тест Тест',
    '',
    o.code ?? RESIDENT,
    codes,
  ];

  test('paper ballots: a row-by-row report, confirm → counted, annul the whole import', async () => {
    const olenaRnokpp = demoPerson((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко').person.rnokpp;
    const file = csvOf([
      row(4001, 'A-001, B-001'),
      row(4002, 'A-009'),
      row(4003, 'A-001 A-002 A-003'),
      row(4004, 'A-002', { birth: '2013-04-04' }),
      row(4005, 'A-002', { code: 'UA51100270010078103' }),
      row(4001, 'A-003'),
      [...row(0, 'B-002').slice(0, 3), olenaRnokpp, 'Коваленко Олена', '', RESIDENT, 'B-002'],
      row(4006, 'A-003'),
    ]);
    const up = await postMultipart(t, moderator, `${m}/imports`, {}, [{ name: 'file', filename: 'dilnytsia-1.csv', type: 'text/csv', data: file }]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 800));
    const importUrl = String(up.headers.location);
    const report = await moderator.get(importUrl);
    assert.match(report.body, /рядків 8: придатних 2, з помилками 4, повторних 2/);
    assert.match(report.body, /Невідомий код проєкту «A-009»/);
    assert.match(report.body, /можна обрати не більше 2 \(обрано 3\)/);
    assert.match(report.body, /Голосувати можна з 16 років/);
    assert.match(report.body, /Голосують лише мешканці громади/);
    assert.match(report.body, /Повторно у файлі: ця людина вже є в рядку 2/);
    assert.match(report.body, /Повторний: Уже проголосував\(-ла\)</);
    assert.doesNotMatch(
      report.body,
      /Уже проголосував\(-ла\):/,
      'before confirmation the report tells neither the channel nor the time of a named person’s ballot',
    );
    assert.ok(!report.body.includes(olenaRnokpp), 'the РНОКПП is not kept or shown');
    const stored = await sql<{ rows: string }>`select rows::text as rows from budget_imports where contest_id = ${contestId}`.execute(t.ctx.db);
    assert.ok(!stored.rows[0]!.rows.includes(olenaRnokpp) && !stored.rows[0]!.rows.includes('Коваленко'), 'neither number nor name stored');
    const before = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.n;
    const confirm = await moderator.post(`${importUrl}/confirm`, {});
    assert.equal(confirm.statusCode, 303);
    assert.equal((await moderator.post(`${importUrl}/confirm`, {})).statusCode, 409, 'confirmed once');
    const after1 = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.n;
    assert.equal(after1 - before, 2);
    const dupRejects = await sql<{
      n: number;
    }>`select count(*)::int as n from budget_ballot_rejects where contest_id = ${contestId} and channel = 'paper' and reason = 'duplicate'`.execute(t.ctx.db);
    assert.equal(dupRejects.rows[0]!.n, 2, 'the in-file repeat and the online voter are kept as rejected duplicates');
    const rejectsPage = await moderator.get(`${m}/rejects`);
    assert.match(rejectsPage.body, /паперовий бюлетень \(№ \d+, 000000\)|паперовий бюлетень \(№ \d+/);
    const noReason = await moderator.post(`${importUrl}/annul`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await moderator.post(`${importUrl}/annul`, { reason: 'Протокол дільниці не підписано' })).statusCode, 303);
    const after2 = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.n;
    assert.equal(after2, before);
    const annulled = await sql<{
      n: number;
    }>`select count(*)::int as n from budget_ballot_rejects where contest_id = ${contestId} and reason = 'annulled'`.execute(t.ctx.db);
    assert.equal(annulled.rows[0]!.n, 2);
    await assertStatsEqualRows(t, 'after a paper import was annulled');
    const actions = await sql<{ action: string }>`select action from audit_log where subject_type = 'budget_import' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      actions.rows.map((a) => a.action),
      ['budget.import.uploaded', 'budget.import.confirmed', 'budget.import.annulled'],
    );
    // Malformed uploads: a clear message, nothing stored.
    const formula = await postMultipart(t, moderator, `${m}/imports`, {}, [
      { name: 'file', filename: 'x.csv', type: 'text/csv', data: csvOf([row(4100, '=1+1')]) },
    ]);
    assert.equal(formula.statusCode, 400);
    assert.match(formula.body, /Рядок 2, стовпець «Коди проєктів»: у клітинці формула/);
    const huge = await postMultipart(t, moderator, `${m}/imports`, {}, [
      { name: 'file', filename: 'x.csv', type: 'text/csv', data: Buffer.alloc(12 * 1024 * 1024, 0x41) },
    ]);
    assert.equal(huge.statusCode, 413);
    assert.match(huge.body, /Файл завеликий/);
    const imports = await sql<{ n: number }>`select count(*)::int as n from budget_imports where contest_id = ${contestId}`.execute(t.ctx.db);
    assert.equal(imports.rows[0]!.n, 1);
    assert.equal((await moderator.get(`${m}/template.csv`)).body.split('\r\n')[0], `\ufeff${TEMPLATE_COLUMNS.join(';')}`);
    assert.equal((await moderator.get(`${m}/template.xlsx`)).statusCode, 200);
  });

  test('one person, one ballot: web, terminal and paper at once → one counted, the rest rejected', async () => {
    const who = demoPerson((p) => p.lastName === 'Шевчук').person;
    const key = identityKey(t.ctx.config.secretKey, who.rnokpp);
    const up = await postMultipart(t, moderator, `${m}/imports`, {}, [
      {
        name: 'file',
        filename: 'dilnytsia-2.csv',
        type: 'text/csv',
        data: csvOf([[...row(0, 'A-004').slice(0, 3), who.rnokpp, 'Шевчук Андрій', '', who.territorialCode, 'A-004']]),
      },
    ]);
    const importUrl = String(up.headers.location);
    assert.match((await moderator.get(importUrl)).body, /придатних 1/);
    const results = await Promise.all([
      andrii.post(`${pub}/vote/confirm`, { project: [String(ids.fountain)] }),
      api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
        key: apiKey,
        idem: 'terminal-1-race01',
        body: { rnokpp: who.rnokpp, birthDate: who.birthDate, territorialCode: who.territorialCode, projectIds: [ids.playground] },
      }),
      moderator.post(`${importUrl}/confirm`, {}),
      api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
        key: apiKey,
        idem: 'terminal-1-race02',
        body: { rnokpp: who.rnokpp, birthDate: who.birthDate, territorialCode: who.territorialCode, projectIds: [ids.pump] },
      }),
    ]);
    assert.ok(
      results.every((r) => r.statusCode < 500),
      results.map((r) => r.statusCode).join(','),
    );
    const counted = await sql<{ n: number }>`select count(*)::int as n from budget_ballots where contest_id = ${contestId} and voter_key = ${key}`.execute(
      t.ctx.db,
    );
    assert.equal(counted.rows[0]!.n, 1);
    const rejected = await sql<{
      n: number;
    }>`select count(*)::int as n from budget_ballot_rejects where contest_id = ${contestId} and voter_key = ${key} and reason = 'duplicate'`.execute(t.ctx.db);
    assert.equal(rejected.rows[0]!.n, 3);
    const apiResults = [results[1]!.json().result, results[3]!.json().result].sort();
    assert.ok(apiResults.filter((r) => r === 'accepted').length <= 1);
  });

  test('results per category with the reason a more-voted project was not funded; Pabulib export; implementation', async () => {
    // Category B (400 000): the stadium (300 000) leads, the pump track (200 000) no longer fits.
    // More terminal votes make the playground (350 000) lead A with the benches (120 000) and flowers (30 000) after.
    for (let i = 0; i < 3; i++) {
      const r = await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
        key: apiKey,
        idem: `terminal-1-res${i}`,
        body: { ...person(5000 + i), projectIds: [ids.playground, ids.pump] },
      });
      assert.equal(r.json().result, 'accepted');
    }
    for (let i = 0; i < 2; i++)
      await api('POST', `/api/v1/channels/contests/${contestId}/ballots`, {
        key: apiKey,
        idem: `terminal-1-rez${i}`,
        body: { ...person(5100 + i), projectIds: [ids.flowers, ids.stadium] },
      });
    assert.equal((await t.browser().get(`${pub}/results`)).statusCode, 404, 'not before publication');
    await jump(new Date(start.getTime() + 30 * DAY));
    const publish = await moderator.post(`${m}/publish-results`, {});
    assert.equal(publish.statusCode, 303);
    const page = await t.browser().get(`${pub}/results`);
    assert.equal(page.statusCode, 200);
    // Votes per project as the page shows them equal the ballot rows behind them.
    const votes = await sql<{
      code: string;
      n: number;
    }>`select p.code, count(*)::int as n from budget_ballot_choices c join budget_projects p on p.id = c.project_id where c.contest_id = ${contestId} group by p.code`.execute(
      t.ctx.db,
    );
    for (const r of votes.rows) assert.match(page.body, new RegExp(`${r.code} [^<]+</a></td><td>${r.n}</td>`));
    const a = page.body.slice(page.body.indexOf('A. Малі проєкти'), page.body.indexOf('B. Великі проєкти'));
    assert.match(a, /Профінансовано [\d\u00a0]+\u00a0грн з 600\u00a0000\u00a0грн бюджету категорії/);
    const pb = await t.browser().get(`${pub}/results/${catIds.A}.pb`);
    assert.equal(pb.statusCode, 200);
    const parsed = parsePabulib(pb.body);
    assert.equal(parsed.budget, 60_000_000n);
    // Dates as Pabulib files write them, the first and last day of voting; an Add1 note only under MES.
    const meta = [parsed.meta.date_begin, parsed.meta.date_end, parsed.meta.rule, parsed.meta.completion];
    assert.deepEqual(meta, ['21.02.2027', '02.03.2027', 'greedy', undefined]);
    assert.ok(parsed.voters.every((x) => ['internet', 'terminal', 'paper', 'chatbot'].includes(x.fields.voting_method ?? '')));
    assert.ok(parsed.voters.some((x) => x.fields.voting_method === 'terminal') && parsed.voters.some((x) => x.fields.voting_method === 'internet'));
    assert.ok(
      parsed.projects.every((x) => /^A-\d{3}$/.test(x.id)),
      'project codes, not our ids',
    );
    assert.ok(
      parsed.voters.every((x, k) => x.id === String(k + 1)),
      'voters numbered anew',
    );
    const winner = (await sql<{ id: number }>`select id from budget_projects where code = 'A-002' and contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.id;
    const upd = await postMultipart(
      t,
      moderator,
      `${m}/implementation/${winner}`,
      { status: 'in_progress', reason: '', body: 'Укладено договір, підрядник почав роботи', spent: '100 000' },
      [{ name: 'photos', filename: 'site.jpg', type: 'image/jpeg', data: await phonePhoto() }],
    );
    assert.equal(upd.statusCode, 303, upd.body.slice(0, 400));
    const impl = await t.browser().get(`${pub}/implementation`);
    assert.match(impl.body, /В роботі/);
    assert.match(impl.body, /Укладено договір, підрядник почав роботи/);
    assert.match(impl.body, /витрачено 100\u00a0000\u00a0грн/);
  });

  test('a winner rule explains in plain Ukrainian why a project with more votes was not funded', async () => {
    // Three votes each for the square (600 000) and the stadium (500 000): the cheaper stadium ranks first,
    // then the square no longer fits the 500 000 left, and the benches (fewer votes) take the money.
    const r = await moderator.post(
      '/lviv/manage/budgets/new',
      form({
        title: 'Пояснення результатів',
        submissionFrom: kyivDateOf(t.clock.now()),
        submissionTo: addDaysToLocalDate(kyivDateOf(t.clock.now()), 1),
        reviewTo: addDaysToLocalDate(kyivDateOf(t.clock.now()), 2),
        votingFrom: addDaysToLocalDate(kyivDateOf(t.clock.now()), 3),
        votingTo: addDaysToLocalDate(kyivDateOf(t.clock.now()), 4),
        resultsFrom: addDaysToLocalDate(kyivDateOf(t.clock.now()), 5),
        implementationFrom: addDaysToLocalDate(kyivDateOf(t.clock.now()), 6),
        maxPerCategory: '3',
      }),
    );
    const id = Number(/budgets\/(\d+)$/.exec(String(r.headers.location))![1]);
    const mm = `/lviv/manage/budgets/${id}`;
    await moderator.post(`${mm}/categories`, { code: 'A', name: 'Усе', budget: '1 000 000', minCost: '1', maxCost: '1 000 000' });
    const cat = (await sql<{ id: number }>`select id from budget_categories where contest_id = ${id}`.execute(t.ctx.db)).rows[0]!.id;
    const made: number[] = [];
    for (const [title, price] of [
      ['Великий сквер у центрі', '600 000'],
      ['Стадіон для всіх', '500 000'],
      ['Лавки біля школи', '300 000'],
    ] as const) {
      const p = await postMultipart(t, olena, `/lviv/budgets/${id}/projects/new`, { ...project(title, 'A', price), categoryId: String(cat) });
      const pid = Number(/projects\/(\d+)/.exec(String(p.headers.location))![1]);
      await moderator.post(`${mm}/projects/${pid}`, { decision: 'admitted', note: '' });
      made.push(pid);
    }
    await jump(new Date(t.clock.now().getTime() + 3 * DAY + 3_600_000));
    const votes = [[made[0]!, made[1]!], [made[0]!, made[1]!], [made[0]!, made[1]!, made[2]!], [made[2]!]];
    for (const [i, ch] of votes.entries()) {
      const res = await api('POST', `/api/v1/channels/contests/${id}/ballots`, {
        key: apiKey,
        idem: `terminal-1-expl${i}`,
        body: { ...person(6000 + i), projectIds: ch },
      });
      assert.equal(res.json().result, 'accepted', res.body);
    }
    await jump(new Date(t.clock.now().getTime() + 2 * DAY));
    await moderator.post(`${mm}/publish-results`, {});
    const page = await t.browser().get(`/lviv/budgets/${id}/results`);
    assert.match(page.body, /class="budget-why"/);
    assert.ok(
      page.body.includes(
        'Не профінансовано: коли настала черга проєкту (2-е місце за голосами), у бюджеті категорії залишалося лише 500\u00a0000\u00a0грн, а проєкт коштує 600\u00a0000\u00a0грн — він не вміщався. Натомість профінансовано проєкт з меншою кількістю голосів, що вмістилися в залишок: «Лавки біля школи» (300\u00a0000\u00a0грн).',
      ),
    );
  });

  test('statistics and open data', async () => {
    const s = await budgetStats(t.ctx, {
      communityIds: null,
      level: '*',
      from: new Date('2026-01-01'),
      to: new Date('2028-01-01'),
      fromMonth: monthNumber('2026-01'),
      toMonth: monthNumber('2027-12'),
    });
    const f = new Map(s.figures.map((x) => [x.key, x.value]));
    const ballots = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots`.execute(t.ctx.db)).rows[0]!.n;
    assert.equal(f.get('ballots'), ballots);
    assert.equal((f.get('ballots-web') ?? 0) + (f.get('ballots-terminal') ?? 0) + (f.get('ballots-chatbot') ?? 0) + (f.get('ballots-paper') ?? 0), ballots);
    assert.equal(f.get('projects-admitted'), 9);
    assert.ok((f.get('projects-funded') ?? 0) >= 3);
    assert.ok((f.get('ballots-age-36-59') ?? 0) > 0);
    const projects = await budgetDatasets[0]!.rows(t.ctx, null);
    assert.ok(projects.every((r) => !('author_email' in r)));
    assert.ok(projects.some((r) => r.code === 'A-001' && r.cost_uah === '120000.00'));
    const results = await budgetDatasets[1]!.rows(t.ctx, null);
    assert.ok(results.some((r) => r.funded === true) && results.some((r) => r.funded === false));
  });
});
