/**
 * The codifier import (`npm run katottg:import -- FILE`): the official column layout as CSV («;» or «,»,
 * with or without a BOM) and XLSX, a re-import replacing the previous one in one transaction, and a clear
 * refusal of a malformed file that leaves the imported codifier untouched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { programArgs } from '../helpers/processes.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { describeCounts, importCodifierFile, SAMPLE_CODIFIER } from '../../src/core/katottg/codifier-import.js';
import { CodifierFileError } from '../../src/core/katottg/codifier-file.js';
import { unitByCode } from '../../src/core/katottg/codifier-repository.js';

const HEADER = ['Перший рівень', 'Другий рівень', 'Третій рівень', 'Четвертий рівень', 'Додатковий рівень', 'Категорія об’єкта', 'Назва об’єкта'];
const LVIV_OBLAST = 'UA46000000000026241';
const LVIV_RAION = 'UA46060000000042587';
const LVIV_HROMADA = 'UA46060250000025047';
const LVIV = 'UA46060250010015970';
const SMALL: string[][] = [
  [LVIV_OBLAST, '', '', '', '', 'O', 'Львівська'],
  [LVIV_OBLAST, LVIV_RAION, '', '', '', 'P', 'Львівський'],
  [LVIV_OBLAST, LVIV_RAION, LVIV_HROMADA, '', '', 'H', 'Львівська'],
  [LVIV_OBLAST, LVIV_RAION, LVIV_HROMADA, LVIV, '', 'M', 'Львів'],
  [LVIV_OBLAST, LVIV_RAION, LVIV_HROMADA, LVIV, 'UA46060250010121390', 'B', 'Галицький'],
];

describe('КАТОТТГ import', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await createTestApp({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'katottg-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('katottg_units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('the shipped sample: every oblast, Kyiv and Sevastopol, the demo communities', async () => {
    const counts = await importCodifierFile(t.ctx.db, SAMPLE_CODIFIER);
    assert.equal(counts.topLevel, 27, 'the Crimea, 24 oblasts, Kyiv and Sevastopol');
    assert.equal(counts.total, await count());
    assert.ok(counts.raions > 30 && counts.communities > 40 && counts.settlements > 60 && counts.cityDistricts > 3, JSON.stringify(counts));
    assert.match(
      describeCounts(counts),
      /^units of the КАТОТТГ codifier imported: \d+ \(oblasts and cities with a special status: 27, raions: \d+, communities: \d+/,
    );
    const lviv = await unitByCode(t.ctx.db, LVIV);
    assert.deepEqual(
      { ...lviv },
      {
        code: LVIV,
        level: 4,
        parentCode: LVIV_HROMADA,
        oblastCode: LVIV_OBLAST,
        raionCode: LVIV_RAION,
        hromadaCode: LVIV_HROMADA,
        category: 'М',
        name: 'Львів',
        formerNames: [],
      },
    );
    const kyiv = await unitByCode(t.ctx.db, 'UA80000000000093317');
    assert.equal(kyiv?.category, 'К');
    assert.equal(kyiv?.level, 1);
    const dnipro = await unitByCode(t.ctx.db, 'UA12020010010037010');
    assert.deepEqual(dnipro?.formerNames, ['Дніпропетровськ']);
  });

  test('CSV with «,» and no BOM, Latin category letters: a re-import replaces the codifier', async () => {
    const csv = [HEADER, ...SMALL].map((r) => r.join(',')).join('\n');
    const counts = await importCodifierFile(t.ctx.db, file('small.csv', csv));
    assert.deepEqual(counts, { total: 5, topLevel: 1, raions: 1, communities: 1, settlements: 1, cityDistricts: 1 });
    assert.equal(await count(), 5);
    const district = await unitByCode(t.ctx.db, 'UA46060250010121390');
    assert.equal(district?.category, 'В');
    assert.equal(district?.parentCode, LVIV);
    assert.equal(await unitByCode(t.ctx.db, 'UA80000000000093317'), null, 'the sample is gone');
  });

  test('XLSX as the ministry publishes it: a title row above the header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Кодифікатор');
    ws.addRow(['Кодифікатор адміністративно-територіальних одиниць та територій територіальних громад']);
    ws.addRow(HEADER);
    for (const r of SMALL.slice(0, 4)) ws.addRow(r.map((c) => (c === 'M' ? 'М' : c)));
    const counts = await importCodifierFile(t.ctx.db, file('codifier.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    assert.equal(counts.total, 4);
    assert.equal((await unitByCode(t.ctx.db, LVIV))?.name, 'Львів');
  });

  test('a malformed file is refused with the line and the reason, and nothing changes', async () => {
    const before = await count();
    const bad = async (name: string, content: string | Buffer, reason: RegExp) => {
      await assert.rejects(importCodifierFile(t.ctx.db, file(name, content)), (e: unknown) => e instanceof CodifierFileError && reason.test(e.message));
      assert.equal(await count(), before, `${name}: the previous codifier stays`);
    };
    const csv = (rows: string[][]) => '\ufeff' + [HEADER, ...rows].map((r) => r.join(';')).join('\r\n');
    await bad('empty.csv', '', /empty/);
    await bad('noheader.csv', 'a;b;c\n1;2;3\n', /no header row/);
    await bad('short-header.csv', 'Перший рівень;Назва об’єкта\nUA46000000000026241;Львівська\n', /lacks the column/);
    await bad(
      'bad-code.csv',
      csv([[...SMALL[0]!], [LVIV_OBLAST, 'UA4606', '', '', '', 'Р', 'Львівський']]),
      /line 3: «UA4606» in «другий рівень» is not a code/,
    );
    await bad('bad-category.csv', csv([[LVIV_OBLAST, '', '', '', '', 'Z', 'Львівська']]), /line 2: unknown category «Z»/);
    await bad('twice.csv', csv([SMALL[0]!, SMALL[0]!]), /line 3: code UA46000000000026241 already appears on line 2/);
    await bad('no-name.csv', csv([[LVIV_OBLAST, '', '', '', '', 'О', '']]), /line 2: the name is empty/);
    await bad('cp1251.csv', Buffer.from([0xcf, 0xe5, 0xf0, 0xf8, 0xe8, 0xe9, 0x3b, 0x0a]), /not UTF-8/);
    await bad('broken.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'), /XLSX file could not be read/);
  });

  // The command reads the whole file before it opens the database, so a refusal needs no database.
  test('the command refuses a malformed file with exit code 1, before touching the database', () => {
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'pglite'), LOG_LEVEL: 'silent' };
    const run = (path: string) => spawnSync(process.execPath, [...programArgs('src/cli.ts'), 'katottg:import', path], { env, encoding: 'utf8' });
    const broken = file('broken.csv', readFileSync(SAMPLE_CODIFIER, 'utf8').replace('UA46060250010015970', 'UA4606025001001597X'));
    const refused = run(broken);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /katottg:import: .*broken\.csv: line \d+: «UA4606025001001597X» in «четвертий рівень» is not a code .*nothing was changed/);
    const usage = spawnSync(process.execPath, [...programArgs('src/cli.ts'), 'katottg:import'], { env, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /needs the codifier file/);
    assert.ok(!existsSync(join(dir, 'pglite')), 'no database was made');
  });
});
