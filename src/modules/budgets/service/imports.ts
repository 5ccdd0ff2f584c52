/**
 * Paper ballots: a CSV or XLSX file from the polling points is read, checked row by row against the same
 * rules as every other channel, shown as a report, and only then confirmed (all rows in one transaction)
 * or left; a confirmed import can be annulled as a whole. The РНОКПП is turned into the identity key as
 * the row is read; neither it nor the name is stored.
 */
import { createHash } from 'node:crypto';
import { CsvSyntaxError, parseCsv as splitCsv, type CsvRow } from '../../../core/files/csv.js';
import { couldBeFormula } from '../../../core/http/csv.js';
import type ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import { logAct } from '../../../core/tlog/acts.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { inTransaction } from '../../../core/db/transaction.js';
import { identityKey } from '../../../core/identity/identity-key.js';
import { rnokppBirthDate, rnokppProblem } from '../../../core/identity/rnokpp.js';
import { kyivDateOf } from '../../../core/calendar/index.js';
import { ageOn } from '../../../core/users/viewer.js';
import type { Lang } from '../../../core/i18n/index.js';
import type { Contest } from '../repository/contests.js';
import { listCategories } from '../repository/contests.js';
import { ballotFrame, ballotLeaf, castBallot } from './ballots.js';
import { LOGGABLE_BALLOT } from '../repository/ballots.js';
import { logBackfilledAct } from '../../../core/tlog/backfill.js';
import { ballotAnnulledAct, checkChoices, choiceProblemText, voterRefusal, voterRefusalText } from '../rules.js';
import { tables, type ImportRow, type ImportSummary } from '../tables.js';

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;

export const TEMPLATE_COLUMNS = [
  'Номер бюлетеня',
  'Пункт голосування',
  'Дата голосування',
  'РНОКПП',
  'ПІБ',
  'Дата народження',
  'КАТОТТГ адреси',
  'Коди проєктів',
] as const;
const KEYS = ['number', 'point', 'date', 'rnokpp', 'name', 'birth', 'katottg', 'codes'] as const;
type Key = (typeof KEYS)[number];

export interface RawRow {
  line: number;
  cells: Record<Key, string>;
}

export class ImportFileError extends Error {
  constructor(readonly text: { uk: string; en: string }) {
    super(text.en);
  }
}

const fold = (s: string) => s.toLocaleLowerCase('uk-UA').replace(/[^a-zа-яіїєґ0-9]/g, '');
const HEADER_INDEX = new Map<string, Key>(TEMPLATE_COLUMNS.map((c, i) => [fold(c), KEYS[i]!]));

function mapHeader(header: string[]): Map<number, Key> {
  const map = new Map<number, Key>();
  header.forEach((h, i) => {
    const k = HEADER_INDEX.get(fold(h));
    if (k) map.set(i, k);
  });
  const missing = TEMPLATE_COLUMNS.filter((_, i) => ![...map.values()].includes(KEYS[i]!));
  if (missing.length) {
    throw new ImportFileError({
      uk: `Неправильні стовпці: немає ${missing.map((m) => `«${m}»`).join(', ')}. Завантажте шаблон і заповніть його.`,
      en: `Wrong columns: missing ${missing.map((m) => `«${m}»`).join(', ')}. Download the template and fill it in.`,
    });
  }
  return map;
}

function formulaError(line: number, column: string): ImportFileError {
  return new ImportFileError({
    uk: `Рядок ${line}, стовпець «${column}»: у клітинці формула. Формули не приймаються — збережіть значення як текст.`,
    en: `Row ${line}, column «${column}»: the cell holds a formula. Formulas are refused; save the values as text.`,
  });
}

/** The CSV rows that hold something; a broken file (say, a quote never closed) is refused with its line. */
function csvRows(text: string, delimiter: string): CsvRow[] {
  try {
    return splitCsv(text, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportFileError(e.text);
    throw e;
  }
}

function toRaw(header: string[], body: { line: number; cells: string[] }[], isFormula: (v: string) => boolean): RawRow[] {
  const map = mapHeader(header);
  if (body.length > IMPORT_MAX_ROWS)
    throw new ImportFileError({
      uk: `Забагато рядків: не більше ${IMPORT_MAX_ROWS} в одному файлі.`,
      en: `Too many rows: at most ${IMPORT_MAX_ROWS} per file.`,
    });
  return body.map((r) => {
    const cells = Object.fromEntries(KEYS.map((k) => [k, ''])) as Record<Key, string>;
    r.cells.forEach((v, i) => {
      const k = map.get(i);
      if (!k) return;
      if (isFormula(v)) throw formulaError(r.line, TEMPLATE_COLUMNS[KEYS.indexOf(k)]!);
      cells[k] = v.trim();
    });
    return { line: r.line, cells };
  });
}

export function parseCsv(buf: Buffer): RawRow[] {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new ImportFileError({ uk: 'Файл у кодуванні UTF-16. Збережіть його як «CSV UTF-8».', en: 'The file is UTF-16. Save it as «CSV UTF-8».' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new ImportFileError({
      uk: 'Файл не в кодуванні UTF-8 (схоже, Windows-1251). Відкрийте його й збережіть як «CSV UTF-8 (розділювач — крапка з комою)».',
      en: 'The file is not UTF-8 (it looks like Windows-1251). Open it and save as «CSV UTF-8».',
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new ImportFileError({ uk: 'Файл містить двійкові дані, це не CSV.', en: 'The file holds binary data; it is not CSV.' });
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const rows = csvRows(text, delimiter);
  if (rows.length === 0) throw new ImportFileError({ uk: 'Файл порожній.', en: 'The file is empty.' });
  // A cell that a spreadsheet would run as a formula (=, +, -, @) is refused, not imported; a lone «-» or a
  // plain number is a value.
  return toRaw(rows[0]!.cells, rows.slice(1), (v) => couldBeFormula(v.trim()));
}

function xlsxText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    return '';
  }
  return String(v);
}

export async function parseXlsx(buf: Buffer): Promise<RawRow[]> {
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError({
      uk: 'Не вдалося прочитати файл XLSX: він пошкоджений або це інший формат.',
      en: 'Could not read the XLSX file: it is damaged or of another format.',
    });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError({ uk: 'У файлі немає аркушів.', en: 'The workbook has no sheets.' });
  const rows: { line: number; cells: string[] }[] = [];
  let formulaAt: { line: number; col: number } | null = null;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === Excel.ValueType.Formula && !formulaAt) formulaAt = { line: n, col };
      let text = xlsxText(cell.value);
      // A РНОКПП typed as a number loses its leading zero; it always has ten digits.
      if (typeof cell.value === 'number' && /^\d{6,9}$/.test(text)) text = text.padStart(10, '0');
      cells[col - 1] = text;
    });
    rows.push({ line: n, cells: Array.from(cells, (c) => c ?? '') });
  });
  if (rows.length === 0) throw new ImportFileError({ uk: 'Аркуш порожній.', en: 'The sheet is empty.' });
  const header = rows[0]!.cells;
  const map = mapHeader(header);
  const fa = formulaAt as { line: number; col: number } | null;
  if (fa) {
    const k = map.get(fa.col - 1);
    throw formulaError(fa.line, k ? TEMPLATE_COLUMNS[KEYS.indexOf(k)]! : String(fa.col));
  }
  return toRaw(header, rows.slice(1), (v) => /^=/.test(v.trim()));
}

export async function parseBallotFile(buf: Buffer, filename: string): Promise<RawRow[]> {
  if (buf.length === 0) throw new ImportFileError({ uk: 'Файл порожній.', en: 'The file is empty.' });
  if (buf.length > IMPORT_MAX_BYTES)
    throw new ImportFileError({ uk: 'Файл завеликий: не більше 5 МБ. Розділіть його на частини.', en: 'The file is too large: at most 5 MB. Split it.' });
  const zip = buf[0] === 0x50 && buf[1] === 0x4b;
  if (/\.xlsx$/i.test(filename) || zip) return parseXlsx(buf);
  if (/\.(csv|txt)$/i.test(filename) || filename === '') return parseCsv(buf);
  throw new ImportFileError({ uk: 'Підтримуються лише файли CSV (UTF-8) і XLSX.', en: 'Only CSV (UTF-8) and XLSX files are accepted.' });
}

/** "12.03.2027" or "2027-03-12" → "2027-03-12"; null when it is not a real date. */
export function parseDate(raw: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let mm = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw.trim());
  if (mm) [d, m, y] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  else {
    mm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
    if (!mm) return null;
    [y, m, d] = [Number(mm[1]), Number(mm[2]), Number(mm[3])];
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * The report: every row with its outcome (ok, error, duplicate) and its problems in Ukrainian (or English).
 * Duplicates are people who appear earlier in the file or who already have a counted ballot.
 */
export async function validateRows(
  db: Db,
  a: { contest: Contest; territorialCodes: readonly string[]; secretKey: string; rows: RawRow[]; lang: Lang },
): Promise<{ rows: ImportRow[]; summary: ImportSummary }> {
  const uk = a.lang === 'uk';
  const frame = await ballotFrame(db, a.contest);
  const cats = await listCategories(db, a.contest.id);
  const catName = (id: number) => cats.find((c) => c.id === id)?.name ?? String(id);
  const codeOf = new Map([...frame.byCode].map(([code, id]) => [id, code]));
  const fromDay = kyivDateOf(a.contest.dates.votingFrom);
  const toDay = kyivDateOf(new Date(a.contest.dates.votingTo.getTime() - 1));
  const out: ImportRow[] = [];
  for (const r of a.rows) {
    const problems: string[] = [];
    const c = r.cells;
    if (!c.number) problems.push(uk ? 'Немає номера бюлетеня' : 'No ballot number');
    if (!c.point) problems.push(uk ? 'Немає пункту голосування' : 'No polling point');
    const date = parseDate(c.date);
    if (!date) problems.push(uk ? `Неправильна дата голосування «${c.date}»` : `Wrong voting date «${c.date}»`);
    else if (date < fromDay || date > toDay) problems.push(uk ? `Дата ${date} поза періодом голосування` : `Date ${date} is outside the voting period`);
    const rnokpp = c.rnokpp.replace(/\s/g, '');
    const rp = rnokppProblem(rnokpp);
    let voterKey: string | null = null;
    let birth: string | null = c.birth ? parseDate(c.birth) : null;
    if (rp)
      problems.push(
        uk
          ? rp === 'format'
            ? 'РНОКПП має бути з 10 цифр'
            : 'РНОКПП з помилкою (не збігається контрольна цифра)'
          : rp === 'format'
            ? 'The РНОКПП must have 10 digits'
            : 'Wrong РНОКПП check digit',
      );
    else {
      voterKey = identityKey(a.secretKey, rnokpp);
      if (c.birth && !birth) problems.push(uk ? `Неправильна дата народження «${c.birth}»` : `Wrong birth date «${c.birth}»`);
      else if (birth && birth !== rnokppBirthDate(rnokpp))
        problems.push(uk ? 'Дата народження не збігається з РНОКПП' : 'The birth date does not match the РНОКПП');
      birth ??= rnokppBirthDate(rnokpp);
    }
    const katottg = c.katottg.replace(/\s/g, '').toUpperCase();
    if (!/^UA\d{17}$/.test(katottg)) problems.push(uk ? `Неправильний код КАТОТТГ «${c.katottg}»` : `Wrong КАТОТТГ code «${c.katottg}»`);
    const onDay = date ?? kyivDateOf(a.contest.dates.votingFrom);
    const age = birth ? ageOn(birth, onDay) : null;
    if (voterKey && /^UA\d{17}$/.test(katottg)) {
      const refusal = voterRefusal({ birthDate: birth, territorialCode: katottg, level: 'verified' }, a.contest.eligibility, a.territorialCodes, onDay);
      if (refusal) problems.push(voterRefusalText(refusal, a.lang, a.contest.eligibility.minAge));
    }
    const codes = c.codes
      .split(/[\s,;]+/)
      .map((x) => x.trim().toUpperCase())
      .filter(Boolean);
    const ids: number[] = [];
    for (const code of codes) {
      const id = frame.byCode.get(code);
      if (id === undefined) problems.push(uk ? `Невідомий код проєкту «${code}»` : `Unknown project code «${code}»`);
      else ids.push(id);
    }
    if (codes.length === ids.length) {
      const check = checkChoices(a.contest.id, a.contest.ballot, frame.categoryIds, frame.projects, ids);
      if (!check.ok)
        for (const p of check.problems) problems.push(choiceProblemText(p, a.lang, { project: (id) => `«${codeOf.get(id) ?? id}»`, category: catName }));
    }
    out.push({
      line: r.line,
      paperNumber: c.number.slice(0, 40),
      pollingPoint: c.point.slice(0, 100),
      date: date ?? c.date.slice(0, 20),
      voterKey,
      age,
      projectIds: ids,
      codes,
      outcome: problems.length ? 'error' : 'ok',
      problems,
    });
  }
  // Duplicates: earlier in this file, then already counted from any channel.
  const seen = new Map<string, number>();
  for (const r of out) {
    if (r.outcome !== 'ok' || !r.voterKey) continue;
    const first = seen.get(r.voterKey);
    if (first !== undefined) {
      r.outcome = 'duplicate';
      r.problems.push(uk ? `Повторно у файлі: ця людина вже є в рядку ${first}` : `Repeated in the file: this person is already on row ${first}`);
    } else seen.set(r.voterKey, r.line);
  }
  const keys = [...seen.keys()];
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys.slice(i, i + 5000);
    const existing = await tables(db)
      .selectFrom('budget_ballots')
      .select('voter_key')
      .where('contest_id', '=', a.contest.id)
      .where('voter_key', 'in', chunk)
      .execute();
    const byKey = new Map(existing.map((e) => [e.voter_key, e]));
    for (const r of out) {
      const e = r.outcome === 'ok' && r.voterKey ? byKey.get(r.voterKey) : undefined;
      if (!e) continue;
      // Only "already voted": the report names the person (the file does), so it never tells how or when they
      // voted. After confirmation the rejected duplicates are kept with the first ballot's channel and time.
      r.outcome = 'duplicate';
      r.problems.push(uk ? 'Уже проголосував(-ла)' : 'Already voted');
    }
  }
  const summary: ImportSummary = {
    rows: out.length,
    ok: out.filter((r) => r.outcome === 'ok').length,
    errors: out.filter((r) => r.outcome === 'error').length,
    duplicates: out.filter((r) => r.outcome === 'duplicate').length,
  };
  return { rows: out, summary };
}

export async function saveImport(
  db: Db,
  a: { contest: Contest; filename: string; file: Buffer; rows: ImportRow[]; summary: ImportSummary; actorUserId: number | null; now: Date },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const r = await tables(trx)
      .insertInto('budget_imports')
      .values({
        community_id: a.contest.communityId,
        contest_id: a.contest.id,
        filename: a.filename.slice(0, 200),
        file_sha256: createHash('sha256').update(a.file).digest('hex'),
        rows: JSON.stringify(a.rows),
        summary: JSON.stringify(a.summary),
        created_by: a.actorUserId,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.import.uploaded',
      subjectType: 'budget_import',
      subjectId: r.id,
      after: { contestId: a.contest.id, filename: a.filename, ...a.summary },
    });
    return r.id;
  });
}

/**
 * Counts an import: every valid row is cast as a paper ballot in one transaction (all or nothing). A person
 * who voted elsewhere since the report was made becomes a rejected duplicate, like the file's duplicates.
 */
export async function confirmImport(
  ctx: CoreContext,
  db: Db,
  a: { contest: Contest; importId: number; actorUserId: number | null; now: Date },
): Promise<ImportSummary | null> {
  return inTransaction(db, async (trx) => {
    const claimed = await tables(trx)
      .updateTable('budget_imports')
      .set({ status: 'confirmed', confirmed_at: a.now })
      .where('id', '=', a.importId)
      .where('contest_id', '=', a.contest.id)
      .where('status', '=', 'pending')
      .returning(['rows', 'summary'])
      .executeTakeFirst();
    if (!claimed) return null;
    const frame = await ballotFrame(trx, a.contest);
    let counted = 0;
    let lateDuplicates = 0;
    for (const r of claimed.rows) {
      if (r.outcome === 'error' || !r.voterKey) continue;
      const choices = r.projectIds.map((id) => ({ projectId: id, categoryId: frame.projects.get(id)!.categoryId }));
      const res = await castBallot(ctx, trx, {
        contest: a.contest,
        voterKey: r.voterKey,
        channel: 'paper',
        importId: a.importId,
        paperNumber: r.paperNumber,
        age: r.age,
        choices,
        now: a.now,
      });
      if (res.outcome === 'accepted') counted++;
      else if (r.outcome === 'ok') lateDuplicates++;
    }
    const summary: ImportSummary = { ...claimed.summary, counted, lateDuplicates };
    await tables(trx)
      .updateTable('budget_imports')
      .set({ summary: JSON.stringify(summary) })
      .where('id', '=', a.importId)
      .execute();
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.import.confirmed',
      subjectType: 'budget_import',
      subjectId: a.importId,
      before: { status: 'pending' },
      after: { status: 'confirmed', counted, lateDuplicates },
    });
    return summary;
  });
}

/** Annuls a confirmed import as a whole: its ballots stop counting and are kept as annulled rejects. */
export async function annulImport(
  ctx: CoreContext,
  db: Db,
  a: { contest: Contest; importId: number; reason: string; actorUserId: number | null; now: Date },
): Promise<number | null> {
  return inTransaction(db, async (trx) => {
    const claimed = await tables(trx)
      .updateTable('budget_imports')
      .set({ status: 'annulled', annulled_at: a.now, annul_reason: a.reason })
      .where('id', '=', a.importId)
      .where('contest_id', '=', a.contest.id)
      .where('status', '=', 'confirmed')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return null;
    // Each counted ballot's annulment is logged, naming its entry; the moderator's reason stays off the log.
    // Locked, so that the backfill neither logs these meanwhile nor is overtaken (it skips locked rows).
    const ballots = await tables(trx)
      .selectFrom('budget_ballots')
      .select(LOGGABLE_BALLOT)
      .where('import_id', '=', a.importId)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (ballots.length) {
      const { slug } = await trx.selectFrom('communities').select('slug').where('id', '=', a.contest.communityId).executeTakeFirstOrThrow();
      for (const b of ballots) {
        const log_leaf = await ballotLeaf((act) => logBackfilledAct(ctx, trx, act), trx, slug, a.contest, b);
        await logAct(ctx, trx, ballotAnnulledAct(slug, a.contest, { ...b, log_leaf }, a.now, 'annulled'));
      }
    }
    const moved = await sql<{ id: number }>`
        insert into budget_ballot_rejects (community_id, contest_id, voter_key, reason, channel, channel_id, import_id, paper_number, project_ids, age, cast_at, recorded_at)
        select b.community_id, b.contest_id, b.voter_key, 'annulled', b.channel, b.channel_id, b.import_id, b.paper_number,
               coalesce((select array_agg(c.project_id order by c.project_id) from budget_ballot_choices c where c.ballot_id = b.id), '{}'::int[]),
               b.age, b.cast_at, ${a.now}
        from budget_ballots b where b.import_id = ${a.importId}
        returning id`.execute(trx);
    await sql`delete from budget_ballot_choices where ballot_id in (select id from budget_ballots where import_id = ${a.importId})`.execute(trx);
    await sql`delete from budget_ballots where import_id = ${a.importId}`.execute(trx);
    const n = moved.rows.length;
    await recordAudit(trx, {
      communityId: a.contest.communityId,
      actorUserId: a.actorUserId,
      action: 'budget.import.annulled',
      subjectType: 'budget_import',
      subjectId: a.importId,
      before: { status: 'confirmed' },
      after: { status: 'annulled', ballots: n, reason: a.reason },
    });
    return n;
  });
}

/** The template's example row: a made-up person the moderator replaces. */
function exampleRow(exampleCodes: string[]): string[] {
  return [
    '000123',
    'Виборча дільниця № 1 (ЦНАП)',
    '15.05.2027',
    '3199912345',
    'Приклад Петро Петрович',
    '01.01.1987',
    'UA46060250010025047',
    exampleCodes.join(', '),
  ];
}

/** "15.05.2027" as a spreadsheet date: midnight UTC, which ExcelJS writes as that day with no time. */
function spreadsheetDay(ddmmyyyy: string): Date {
  return new Date(`${parseDate(ddmmyyyy)!}T00:00:00Z`);
}

/** The template: the header row and one example row the moderator replaces. */
export function templateCsv(exampleCodes: string[]): string {
  const example = exampleRow(exampleCodes);
  const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `\ufeff${TEMPLATE_COLUMNS.join(';')}\r\n${example.map(q).join(';')}\r\n`;
}

export async function templateXlsx(exampleCodes: string[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  const ws = wb.addWorksheet('Бюлетені');
  ws.addRow([...TEMPLATE_COLUMNS]);
  // The two date columns hold real dates (the reader takes them back as dates); the rest is text, so a
  // РНОКПП or a ballot number keeps its leading zeros.
  const dateColumns = new Set([TEMPLATE_COLUMNS.indexOf('Дата голосування'), TEMPLATE_COLUMNS.indexOf('Дата народження')]);
  ws.addRow(exampleRow(exampleCodes).map((v, i) => (dateColumns.has(i) ? spreadsheetDay(v) : v)));
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = 22;
    c.numFmt = dateColumns.has(i) ? 'dd.mm.yyyy' : '@';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
