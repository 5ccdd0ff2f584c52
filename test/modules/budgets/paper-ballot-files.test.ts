/**
 * Issue #20: the files of paper ballots as the moderator uploads them. The CSV is read by csv-parse: a quote
 * never closed (or closed in the wrong place) is refused with its line instead of running rows together; a
 * lone «-» is a value, not a formula; the XLSX template holds real dates.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { budgetContestForm, budgetProjectForm } from '../../helpers/budget-forms.js';
import { postMultipart } from '../../helpers/uploads.js';
import { addDaysToLocalDate, kyivDateOf, startOfKyivDay } from '../../../src/core/calendar/index.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { makeRnokpp } from '../../../src/core/identity/rnokpp.js';
import { TEMPLATE_COLUMNS } from '../../../src/modules/budgets/service/imports.js';

const RESIDENT = demoSettlementCode(
  demoCommunities.find((c) => c.slug === 'lviv')!,
  3,
);

describe('budgets: paper ballot files', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let m = '';
  let contestId = 0;
  const start = new Date('2027-02-01T09:00:00Z');
  const today = kyivDateOf(start);

  before(async () => {
    t = await createTestApp({ seedModules: false, now: start });
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    const olena = await signedInAs(t, demo.olena);
    const made = await moderator.post('/lviv/manage/budgets/new', budgetContestForm(today, { title: 'Паперові бюлетені', description: 'Файли дільниць' }));
    assert.equal(made.statusCode, 303, made.body.slice(0, 300));
    contestId = Number(/budgets\/(\d+)$/.exec(String(made.headers.location))![1]);
    m = `/lviv/manage/budgets/${contestId}`;
    const cat = await moderator.post(`${m}/categories`, { code: 'A', name: 'Проєкти', budget: '200 000', minCost: '10 000', maxCost: '100 000' });
    assert.equal(cat.statusCode, 303);
    const categoryId = (await sql<{ id: number }>`select id from budget_categories where contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.id;
    for (const title of ['Лавки біля школи', 'Ліхтарі у сквері']) {
      const res = await postMultipart(t, olena, `/lviv/budgets/${contestId}/projects/new`, budgetProjectForm(categoryId, { title }));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const pid = Number(/projects\/(\d+)/.exec(String(res.headers.location))![1]);
      const r = await moderator.post(`${m}/projects/${pid}`, { decision: 'admitted', note: '', correctedCost: '', costNote: '' });
      assert.equal(r.statusCode, 303);
    }
    // Into the voting days (the form sets them 20 to 29 days on), when paper ballots are taken.
    t.clock.set(new Date(startOfKyivDay(addDaysToLocalDate(today, 21)).getTime() + 10 * 3_600_000));
    moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
  });
  after(async () => t.close());

  const csvOf = (rows: string[][]) => Buffer.from(`\ufeff${TEMPLATE_COLUMNS.join(';')}\r\n${rows.map((r) => r.join(';')).join('\r\n')}\r\n`);
  const row = (serial: number, codes: string, name = 'Тест Тест') => [
    String(serial),
    'Дільниця № 1',
    kyivDateOf(t.clock.now()).split('-').reverse().join('.'),
    makeRnokpp('1975-03-03', serial),
    name,
    '',
    RESIDENT,
    codes,
  ];
  const upload = (data: Buffer, filename = 'dilnytsia.csv') =>
    postMultipart(t, moderator, `${m}/imports`, {}, [{ name: 'file', filename, type: 'text/csv', data }]);
  const importCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from budget_imports where contest_id = ${contestId}`.execute(t.ctx.db)).rows[0]!.n;

  test('a quote never closed is refused with its line, not read as the rest of the file in one cell', async () => {
    const res = await upload(csvOf([row(1, 'A-001'), row(2, '"A-001, A-002'), row(3, 'A-002')]));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Рядок 3: лапки, відкриті в цьому рядку, ніде не закрито/);
    // A quote closed in the wrong place (the next row's opening quote ends it) names where the cell began.
    const misclosed = await upload(csvOf([row(4, '"A-001'), row(5, '"A-002"')]));
    assert.equal(misclosed.statusCode, 400);
    assert.match(misclosed.body, /Рядок 2: лапки в клітинці закрито не там \(після них у рядку 3 іде текст/);
    assert.equal(await importCount(), 0, 'nothing stored');
    // In English, the same line.
    moderator.jar.store('viche_lang=en; Path=/');
    try {
      const en = await upload(csvOf([row(1, 'A-001'), row(2, '"A-001')]));
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /Line 3: a quote opened on this line is never closed/);
    } finally {
      moderator.jar.store('viche_lang=uk; Path=/');
    }
  });

  test('a quoted cell spanning lines is read as one cell, and the rows after it keep their own lines', async () => {
    const res = await upload(csvOf([row(6, '"A-001,\r\nA-002"'), row(7, 'A-009')]));
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const report = await moderator.get(String(res.headers.location));
    assert.match(report.body, /придатних 1, з помилками 1/);
    assert.match(report.body, /Невідомий код проєкту «A-009»/);
  });

  test('a lone «-» is a value, not a formula; a cell that could run still is refused', async () => {
    const dash = await upload(csvOf([row(8, 'A-001', '-')]));
    assert.equal(dash.statusCode, 303, dash.body.slice(0, 600));
    assert.match((await moderator.get(String(dash.headers.location))).body, /придатних 1/);
    const formula = await upload(csvOf([row(9, 'A-001', '-2+3')]));
    assert.equal(formula.statusCode, 400);
    assert.match(formula.body, /Рядок 2, стовпець «ПІБ»: у клітинці формула/);
  });

  test('the XLSX template holds real dates, and comes back in as it went out', async () => {
    const res = await moderator.get(`${m}/template.xlsx`);
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    for (const [ref, day] of [
      ['C2', '2027-05-15'],
      ['F2', '1987-01-01'],
    ] as const) {
      const v = sheet.getCell(ref).value;
      assert.ok(v instanceof Date, `${ref} is a date, not text: ${String(v)}`);
      assert.equal(v.toISOString(), `${day}T00:00:00.000Z`);
      assert.equal(sheet.getCell(ref).numFmt, 'dd.mm.yyyy');
    }
    assert.equal(sheet.getCell('D2').value, '3199912345', 'the РНОКПП stays text');
    const back = await postMultipart(t, moderator, `${m}/imports`, {}, [
      { name: 'file', filename: 'template.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: res.rawPayload },
    ]);
    assert.equal(back.statusCode, 303, back.body.slice(0, 400));
    const report = await moderator.get(String(back.headers.location));
    assert.match(report.body, /рядків 1/);
  });
});
