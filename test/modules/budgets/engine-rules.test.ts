/** The pure rules of the contest engine: money, phases, eligibility, ballots, explanations, file parsing. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import {
  checkChoices,
  computeCost,
  countedTotals,
  formatMoney,
  parseMoney,
  parsePercent,
  parseQuantity,
  phaseAt,
  verdictText,
  voterRefusal,
  type BallotProject,
  type ContestDates,
} from '../../../src/modules/budgets/rules.js';
import { ImportFileError, parseBallotFile, parseCsv, parseDate, TEMPLATE_COLUMNS } from '../../../src/modules/budgets/service/imports.js';
import { runTally } from '../../../src/modules/budgets/tally/index.js';

describe('money is exact, in kopiykas', () => {
  test('amounts and quantities are parsed without floating point', () => {
    assert.equal(parseMoney('150 000,50'), 15_000_050);
    assert.equal(parseMoney('0.1'), 10);
    assert.equal(parseMoney('99999999999.99'), 9_999_999_999_999);
    assert.equal(parseMoney('12,345'), null);
    assert.equal(parseMoney('-5'), null);
    assert.equal(parseMoney('1e3'), null);
    assert.equal(parseQuantity('2,5'), 2500);
    assert.equal(parseQuantity('0'), null);
    assert.equal(parsePercent('7,5'), 750);
    assert.equal(parsePercent('25'), null);
  });

  test('the cost table: lines rounded to the kopiyka, contingency once on the subtotal', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is 30 kopiykas.
    const c = computeCost(
      [
        { item: 'a', qtyMilli: 1000, unitPrice: 10 },
        { item: 'b', qtyMilli: 1000, unitPrice: 20 },
      ],
      0,
    );
    assert.equal(c.total, 30);
    const d = computeCost(
      [
        { item: 'плитка, м²', qtyMilli: 2_333, unitPrice: 33_333 },
        { item: 'лавка', qtyMilli: 3_000, unitPrice: 1_250_000 },
      ],
      1_000,
    );
    assert.deepEqual(
      d.items.map((i) => i.total),
      [77_766, 3_750_000],
    ); // 333.33 × 2.333 = 777.659 → 777.66
    assert.equal(d.subtotal, 3_827_766);
    assert.equal(d.contingency, 382_777); // 10 % of 38 277.66 = 3 827.766 → 3 827.77
    assert.equal(d.total, 4_210_543);
    assert.equal(formatMoney(4_210_543, 'uk'), '42\u00a0105,43\u00a0грн');
    assert.equal(formatMoney(100_000_000_000_00n, 'en'), 'UAH 100,000,000,000');
  });
});

describe('phases come from the dates', () => {
  const d = (s: string) => new Date(`${s}T00:00:00Z`);
  const dates: ContestDates = {
    submissionFrom: d('2027-01-01'),
    submissionTo: d('2027-02-01'),
    supportTo: d('2027-02-15'),
    reviewTo: d('2027-03-01'),
    votingFrom: d('2027-03-10'),
    votingTo: d('2027-03-31'),
    resultsFrom: d('2027-04-05'),
    implementationFrom: d('2027-05-01'),
  };
  test('each moment has one phase', () => {
    assert.equal(phaseAt(dates, d('2026-12-31')), 'announced');
    assert.equal(phaseAt(dates, d('2027-01-15')), 'submission');
    assert.equal(phaseAt(dates, d('2027-02-10')), 'support');
    assert.equal(phaseAt(dates, d('2027-03-05')), 'review');
    assert.equal(phaseAt(dates, d('2027-03-10')), 'voting');
    assert.equal(phaseAt(dates, new Date(d('2027-03-31').getTime() - 1)), 'voting');
    assert.equal(phaseAt(dates, d('2027-04-01')), 'counting');
    assert.equal(phaseAt(dates, d('2027-04-10')), 'results');
    assert.equal(phaseAt(dates, d('2027-06-01')), 'implementation');
  });
});

describe('eligibility of a person identified by a channel', () => {
  const lviv = ['UA46060250000025047'];
  const resident = 'UA46060250010025047';
  test('residents only, minimum age 14/16/18, counted on the day', () => {
    const rules = (minAge: number | null) => ({ allowEmail: false, residentsOnly: true, minAge });
    assert.equal(voterRefusal({ birthDate: '1990-01-01', territorialCode: resident, level: 'verified' }, rules(18), lviv, '2027-03-10'), null);
    assert.equal(
      voterRefusal({ birthDate: '1990-01-01', territorialCode: 'UA51100270010078103', level: 'verified' }, rules(18), lviv, '2027-03-10'),
      'not-resident',
    );
    assert.equal(voterRefusal({ birthDate: '2011-03-11', territorialCode: resident, level: 'verified' }, rules(16), lviv, '2027-03-10'), 'too-young');
    assert.equal(
      voterRefusal({ birthDate: '2011-03-10', territorialCode: resident, level: 'verified' }, rules(16), lviv, '2027-03-10'),
      null,
      'sixteen on the day',
    );
    assert.equal(voterRefusal({ birthDate: '2013-01-01', territorialCode: resident, level: 'verified' }, rules(14), lviv, '2027-03-10'), null);
    assert.equal(voterRefusal({ birthDate: '2013-01-01', territorialCode: resident, level: 'verified' }, rules(18), lviv, '2027-03-10'), 'too-young');
    assert.equal(voterRefusal({ birthDate: null, territorialCode: resident, level: 'verified' }, rules(14), lviv, '2027-03-10'), 'no-birth-date');
    assert.equal(voterRefusal({ birthDate: '1990-01-01', territorialCode: resident, level: 'email' }, rules(null), lviv, '2027-03-10'), 'weak-sign-in');
    assert.equal(
      voterRefusal(
        { birthDate: '1990-01-01', territorialCode: 'UA51100270010078103', level: 'verified' },
        { allowEmail: false, residentsOnly: false, minAge: null },
        lviv,
        '2027-03-10',
      ),
      null,
    );
  });
});

describe('which ballots count, by sign-in level', () => {
  const totals = { ballots: 10, byChannel: { web: 6, paper: 4 }, byLevel: { idgovua: 7, email: 3 } };

  test('by default every ballot counts', () => {
    assert.deepEqual(countedTotals(totals, true), { ballots: 10, byChannel: { web: 6, paper: 4 }, notCounted: 0 });
  });

  test('where e-mail-level ballots do not count, they leave the total and the online figure (every one is online)', () => {
    assert.deepEqual(countedTotals(totals, false), { ballots: 7, byChannel: { web: 3, paper: 4 }, notCounted: 3 });
    const onlyEmailOnline = { ballots: 5, byChannel: { web: 2, paper: 3 }, byLevel: { idgovua: 3, email: 2 } };
    assert.deepEqual(countedTotals(onlyEmailOnline, false), { ballots: 3, byChannel: { paper: 3 }, notCounted: 2 });
    assert.deepEqual(countedTotals({ ballots: 1, byChannel: { web: 1 }, byLevel: { idgovua: 1, email: 0 } }, false), {
      ballots: 1,
      byChannel: { web: 1 },
      notCounted: 0,
    });
  });
});

describe('a ballot is checked the same way for every channel', () => {
  const projects = new Map<number, BallotProject>([
    [1, { id: 1, categoryId: 10, contestId: 5, status: 'admitted' }],
    [2, { id: 2, categoryId: 10, contestId: 5, status: 'admitted' }],
    [3, { id: 3, categoryId: 10, contestId: 5, status: 'admitted' }],
    [4, { id: 4, categoryId: 20, contestId: 5, status: 'admitted' }],
    [5, { id: 5, categoryId: 20, contestId: 5, status: 'rejected' }],
    [9, { id: 9, categoryId: 90, contestId: 6, status: 'admitted' }],
  ]);
  const approval = { mode: 'approval' as const, maxPerCategory: 2, maxTotal: 3 };
  test('limits per category and in total, other contests, unknown and repeated projects', () => {
    assert.ok(checkChoices(5, approval, [10, 20], projects, [1, 4]).ok);
    const tooMany = checkChoices(5, approval, [10, 20], projects, [1, 2, 3]);
    assert.ok(!tooMany.ok && tooMany.problems.some((p) => p.kind === 'too-many-in-category' && p.given === 3));
    const total = checkChoices(5, { ...approval, maxPerCategory: null, maxTotal: 2 }, [10, 20], projects, [1, 2, 4]);
    assert.ok(!total.ok && total.problems[0]!.kind === 'too-many-total');
    const other = checkChoices(5, approval, [10, 20], projects, [9]);
    assert.ok(!other.ok && other.problems[0]!.kind === 'other-contest');
    const bad = checkChoices(5, approval, [10, 20], projects, [5, 77, 1, 1]);
    assert.deepEqual(!bad.ok && bad.problems.map((p) => p.kind), ['not-admitted', 'unknown', 'repeated']);
    const empty = checkChoices(5, approval, [10, 20], projects, []);
    assert.ok(!empty.ok && empty.problems[0]!.kind === 'empty');
  });
  test('exactly one per category', () => {
    const one = { mode: 'one-per-category' as const, maxPerCategory: null, maxTotal: null };
    assert.ok(checkChoices(5, one, [10, 20], projects, [2, 4]).ok);
    const missing = checkChoices(5, one, [10, 20], projects, [2]);
    assert.ok(!missing.ok && missing.problems.some((p) => p.kind === 'one-per-category' && p.categoryId === 20 && p.given === 0));
    const two = checkChoices(5, one, [10, 20], projects, [1, 2, 4]);
    assert.ok(!two.ok && two.problems.some((p) => p.kind === 'one-per-category' && p.categoryId === 10 && p.given === 2));
  });
});

describe('why a project with more votes than a winner was not funded', () => {
  test('greedy: it did not fit the money left; the cheaper one with fewer votes did', () => {
    const r = runTally(
      {
        budget: 1_000_000n,
        projects: [
          { id: 'a', cost: 600_000n, votes: 100n },
          { id: 'b', cost: 500_000n, votes: 90n },
          { id: 'c', cost: 300_000n, votes: 50n },
        ],
        ballots: [],
      },
      'greedy',
    );
    assert.deepEqual(r.winners, ['a', 'c']);
    const b = r.projects.find((x) => x.id === 'b')!;
    const text = verdictText(b, r, 'uk', (id) => ({ a: 'Сквер', b: 'Стадіон', c: 'Лавки' })[id] ?? id);
    assert.equal(
      text,
      'Не профінансовано: коли настала черга проєкту (2-е місце за голосами), у бюджеті категорії залишалося лише 4\u00a0000\u00a0грн, а проєкт коштує 5\u00a0000\u00a0грн — він не вміщався. Натомість профінансовано проєкт з меншою кількістю голосів, що вмістилися в залишок: «Лавки» (3\u00a0000\u00a0грн).',
    );
  });
  test('no-skip and threshold variants say what stopped them', () => {
    const projects = [
      { id: 'a', cost: 600n, votes: 100n },
      { id: 'b', cost: 500n, votes: 90n },
      { id: 'c', cost: 300n, votes: 5n },
    ];
    const ns = runTally({ budget: 1000n, projects, ballots: [] }, 'greedy-no-skip');
    assert.match(
      verdictText(
        ns.projects.find((x) => x.id === 'c')!,
        ns,
        'uk',
        (id) => id,
      ),
      /зупиняється на першому проєкті, що не вміщається в бюджет; ним став «b»/,
    );
    const th = runTally({ budget: 1000n, projects, ballots: [] }, 'greedy-threshold', { threshold: 10n });
    assert.match(
      verdictText(
        th.projects.find((x) => x.id === 'c')!,
        th,
        'uk',
        (id) => id,
      ),
      /набрав 5 голосів, менше за встановлений мінімум 10/,
    );
  });
});

describe('paper ballot files: refused clearly when malformed', () => {
  const header = TEMPLATE_COLUMNS.join(';');
  test('a CSV with the template columns is read row by row', () => {
    const rows = parseCsv(Buffer.from(`\ufeff${header}\r\n1;ЦНАП;15.03.2027;3199912345;Іван;;UA46060250010025047;"A-001, B-002"\r\n`));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.line, 2);
    assert.equal(rows[0]!.cells.codes, 'A-001, B-002');
  });
  test('wrong columns, wrong encoding, formulas, oversized files', async () => {
    const err = async (buf: Buffer, name: string): Promise<string> => {
      try {
        await parseBallotFile(buf, name);
      } catch (e) {
        if (e instanceof ImportFileError) return e.text.uk;
        throw e;
      }
      return '';
    };
    assert.match(await err(Buffer.from('a;b;c\n1;2;3\n'), 'x.csv'), /Неправильні стовпці: немає «Номер бюлетеня»/);
    const cp1251 = Buffer.from([
      ...Buffer.from(`${header}\n1;`),
      0xd6,
      0xcd,
      0xc0,
      0xcf,
      ...Buffer.from(';15.03.2027;3199912345;x;;UA46060250010025047;A-001\n'),
    ]);
    assert.match(await err(cp1251, 'x.csv'), /не в кодуванні UTF-8/);
    // As a spreadsheet writes the cell (quoted, inner quotes doubled), the formula is read and refused.
    assert.match(
      await err(Buffer.from(`${header}\n1;ЦНАП;15.03.2027;3199912345;x;;UA46060250010025047;"=HYPERLINK(""http://evil"")"\n`), 'x.csv'),
      /Рядок 2, стовпець «Коди проєктів»: у клітинці формула/,
    );
    // Bare quotes inside an unquoted cell are no CSV a spreadsheet writes: refused (csv-parse) with the line.
    assert.match(
      await err(Buffer.from(`${header}\n1;ЦНАП;15.03.2027;3199912345;x;;UA46060250010025047;=HYPERLINK("http://evil")\n`), 'x.csv'),
      /Рядок 2: лапки посеред клітинки/,
    );
    assert.match(await err(Buffer.alloc(6 * 1024 * 1024, 0x41), 'x.csv'), /Файл завеликий/);
    assert.match(await err(Buffer.from('hello'), 'x.pdf'), /Підтримуються лише файли CSV/);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('a');
    ws.addRow([...TEMPLATE_COLUMNS]);
    ws.addRow(['1', 'ЦНАП', '15.03.2027', '3199912345', 'x', '', 'UA46060250010025047', 'A-001']);
    ws.getCell('H3').value = { formula: 'A1&B1', result: 'x' };
    assert.match(await err(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx'), /Рядок 3, стовпець «Коди проєктів»: у клітинці формула/);
  });
  test('dates in both forms, impossible dates refused', () => {
    assert.equal(parseDate('15.03.2027'), '2027-03-15');
    assert.equal(parseDate('2027-03-15'), '2027-03-15');
    assert.equal(parseDate('31.02.2027'), null);
  });
});
