/**
 * Issue #20: the report's files as their users read them. In the XLSX, moments are spreadsheet dates in Kyiv
 * time with a date format, not text; in the CSV, a lone «-» and a negative number stay values while a cell
 * that could run as a formula gets an apostrophe.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';

const DAY = 86_400_000;

describe('consultations: report files', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let url = '';
  // 10 March 2027, 10:15 UTC: 12:15 in Kyiv (UTC+2 until the end of March).
  const now = new Date('2027-03-10T10:15:00Z');

  before(async () => {
    t = await createTestApp({ seedModules: false, now });
    moderator = await signedInAs(t, demo.moderator('lviv', 'consultations'));
    const community = (await sql<{ id: number }>`select id from communities where slug = 'lviv'`.execute(t.ctx.db)).rows[0]!.id;
    const id = (
      await sql<{ id: number }>`
        insert into consultation_items (community_id, kind, title, category, starts_at, ends_at, allow_email, email_counts, residents_only, published_at)
        values (${community}, 'consultation', 'Куди поставити урни?', 'other', ${new Date(now.getTime() - DAY)}, ${new Date(now.getTime() + 10 * DAY)},
          true, true, false, ${new Date(now.getTime() - DAY)})
        returning id`.execute(t.ctx.db)
    ).rows[0]!.id;
    url = `/lviv/consultations/${id}`;
    const olena = await signedInAs(t, demo.olena);
    for (const body of ['-', '-12.5', '=1+1']) assert.equal((await olena.post(`${url}/comments`, { body })).statusCode, 303, body);
  });
  after(async () => t.close());

  test('the XLSX stores dates as dates, in Kyiv time, with a date format', async () => {
    const res = await moderator.get(`${url}/report.xlsx`);
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const about = wb.getWorksheet('Про звіт')!;
    const start = about.getCell('B3').value;
    assert.ok(start instanceof Date, `the start is a date: ${String(start)}`);
    // A spreadsheet date has no zone: it holds the Kyiv wall time, 12:15 the day before.
    assert.equal(start.toISOString(), '2027-03-09T12:15:00.000Z');
    assert.equal(about.getCell('B3').numFmt, 'dd.mm.yyyy hh:mm');
    assert.ok(about.getCell('B4').value instanceof Date);
    const comments = wb.getWorksheet('Коментарі')!;
    assert.equal(comments.getCell('E1').value, 'Дата');
    for (const r of [2, 3, 4]) {
      const v = comments.getCell(`E${r}`).value;
      assert.ok(v instanceof Date, `row ${r}: the date is a date: ${String(v)}`);
      assert.equal(v.toISOString(), '2027-03-10T12:15:00.000Z');
      assert.equal(comments.getCell(`E${r}`).numFmt, 'dd.mm.yyyy hh:mm');
    }
    const texts = [2, 3, 4].map((r) => comments.getCell(`F${r}`).value);
    assert.deepEqual(texts.sort(), ["'=1+1", '-', '-12.5'].sort());
  });

  test('the CSV keeps a lone «-» and a negative number, and makes a formula inert', async () => {
    const csv = (await moderator.get(`${url}/report/comments.csv`)).body;
    const lines = csv.split('\r\n');
    assert.ok(
      lines.some((l) => l.includes(',-,')),
      csv,
    );
    assert.ok(
      lines.some((l) => l.includes(',-12.5,')),
      csv,
    );
    assert.ok(
      lines.some((l) => l.includes(",'=1+1,")),
      csv,
    );
    assert.match(csv, /,10\.03\.2027 о 12:15,-,/, 'the CSV shows the moment as the site does');
  });
});
