/**
 * Reads the КАТОТТГ codifier as the ministry publishes it: a sheet (XLSX) or its CSV export whose columns
 * are «Перший рівень», «Другий рівень», «Третій рівень», «Четвертий рівень», «Додатковий рівень»,
 * «Категорія об’єкта», «Назва об’єкта». Each row is one unit: its own code is the last filled level, the
 * levels before it are its ancestors. An optional «Колишні назви» column (ours, not the ministry's) lists
 * former names separated by «|», for addresses that still use them.
 */
import { CsvSyntaxError, parseCsv } from '../files/csv.js';
import type ExcelJS from 'exceljs';
import { categoryOf, normaliseName, type Category } from './names.js';

export interface CodifierUnit {
  code: string;
  /** 1 oblast (or Kyiv, Sevastopol), 2 raion, 3 community, 4 settlement, 5 district of a city. */
  level: 1 | 2 | 3 | 4 | 5;
  parentCode: string | null;
  oblastCode: string;
  raionCode: string | null;
  hromadaCode: string | null;
  category: Category;
  name: string;
  formerNames: string[];
}

/** A file the import refuses, with the line (1-based, as a spreadsheet shows it) where it went wrong. */
export class CodifierFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodifierFileError';
  }
}

const LEVEL_COLUMNS = ['перший рівень', 'другий рівень', 'третій рівень', 'четвертий рівень', 'додатковий рівень'] as const;
const CATEGORY_COLUMN = "категорія об'єкта";
const NAME_COLUMN = "назва об'єкта";
const FORMER_COLUMN = 'колишні назви';
const CODE = /^UA\d{17}$/;
/** The official file has about 31 000 rows; far more means it is not the codifier. */
const MAX_ROWS = 200_000;
/** The header is looked for this far down: the official sheet has a title above it. */
const HEADER_SEARCH_ROWS = 10;

interface Line {
  line: number;
  cells: string[];
}

function csvLines(text: string, delimiter: string): Line[] {
  try {
    return parseCsv(text, delimiter);
  } catch (e) {
    // The CLI's messages start with a lower-case «line N:», as every other refusal of this file does.
    if (e instanceof CsvSyntaxError) throw new CodifierFileError(e.text.en.replace(/^Line /, 'line '));
    throw e;
  }
}

function decodeCsv(buf: Buffer): Line[] {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new CodifierFileError('the file is UTF-16: save it as CSV UTF-8');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new CodifierFileError('the file is not UTF-8 (Windows-1251?): save it as CSV UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new CodifierFileError('the file holds binary data: it is neither CSV nor XLSX');
  // The delimiter is the one the header line uses: the ministry's exports use «;», others «,».
  const headerLine = text.split(/\r?\n/).find((l) => normaliseName(l).includes(LEVEL_COLUMNS[0])) ?? '';
  const delimiter = headerLine.includes(';') ? ';' : headerLine.includes('\t') ? '\t' : ',';
  return csvLines(text, delimiter);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v && v.result !== undefined && v.result !== null) return String(v.result);
    return '';
  }
  return String(v);
}

async function xlsxLines(buf: Buffer): Promise<Line[]> {
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new CodifierFileError('the XLSX file could not be read: it is damaged or of another format');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new CodifierFileError('the workbook has no sheets');
  const out: Line[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    out.push({ line: n, cells: Array.from(cells, (c) => c ?? '') });
  });
  return out;
}

function headerIndex(lines: Line[]): { at: number; columns: Map<string, number> } {
  for (let i = 0; i < Math.min(lines.length, HEADER_SEARCH_ROWS); i++) {
    const names = lines[i]!.cells.map((c) => normaliseName(c));
    if (!names.includes(LEVEL_COLUMNS[0])) continue;
    const columns = new Map<string, number>();
    names.forEach((n, col) => {
      if (!columns.has(n)) columns.set(n, col);
    });
    const missing = [...LEVEL_COLUMNS, CATEGORY_COLUMN, NAME_COLUMN].filter((c) => !columns.has(c));
    if (missing.length) throw new CodifierFileError(`line ${lines[i]!.line}: the header lacks the column(s) ${missing.map((m) => `«${m}»`).join(', ')}`);
    return { at: i, columns };
  }
  throw new CodifierFileError(
    `no header row with «Перший рівень», «Категорія об’єкта», «Назва об’єкта» among the first rows (${HEADER_SEARCH_ROWS} looked at)`,
  );
}

/** Turns the rows under the header into units, refusing anything that is not the codifier's shape. */
function unitsOf(lines: Line[]): CodifierUnit[] {
  const { at, columns } = headerIndex(lines);
  const body = lines.slice(at + 1).filter((l) => l.cells.some((c) => c.trim() !== ''));
  if (body.length === 0) throw new CodifierFileError('the file has a header but no units');
  if (body.length > MAX_ROWS) throw new CodifierFileError(`too many rows (${body.length}): the codifier has far fewer`);
  const col = (l: Line, name: string) => (l.cells[columns.get(name) ?? -1] ?? '').trim();
  const seen = new Map<string, number>();
  return body.map((l) => {
    const levels = LEVEL_COLUMNS.map((c) => col(l, c).toUpperCase());
    const last = levels.reduce((acc, v, i) => (v !== '' ? i : acc), -1);
    if (last < 0) throw new CodifierFileError(`line ${l.line}: no code in any level column`);
    for (const [i, v] of levels.entries()) {
      if (v !== '' && !CODE.test(v)) throw new CodifierFileError(`line ${l.line}: «${v}» in «${LEVEL_COLUMNS[i]}» is not a code (UA and 17 digits)`);
    }
    if (levels[0] === '') throw new CodifierFileError(`line ${l.line}: «${LEVEL_COLUMNS[0]}» is empty`);
    const code = levels[last]!;
    const rawCategory = col(l, CATEGORY_COLUMN);
    const category = categoryOf(rawCategory);
    if (!category) throw new CodifierFileError(`line ${l.line}: unknown category «${rawCategory}»`);
    const name = col(l, NAME_COLUMN);
    if (name === '') throw new CodifierFileError(`line ${l.line}: the name is empty`);
    const before = seen.get(code);
    if (before !== undefined) throw new CodifierFileError(`line ${l.line}: code ${code} already appears on line ${before}`);
    seen.set(code, l.line);
    const parent =
      levels
        .slice(0, last)
        .reverse()
        .find((v) => v !== '') ?? null;
    return {
      code,
      level: (last + 1) as CodifierUnit['level'],
      parentCode: parent,
      oblastCode: levels[0]!,
      raionCode: last >= 1 && levels[1] ? levels[1] : null,
      hromadaCode: last >= 2 && levels[2] ? levels[2] : null,
      category,
      name,
      formerNames: col(l, FORMER_COLUMN)
        .split('|')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  });
}

/** Parses a codifier file: XLSX when it is a zip (or named .xlsx), CSV otherwise. */
export async function parseCodifierFile(buf: Buffer, filename: string): Promise<CodifierUnit[]> {
  if (buf.length === 0) throw new CodifierFileError('the file is empty');
  const zip = buf[0] === 0x50 && buf[1] === 0x4b;
  const lines = zip || /\.xlsx$/i.test(filename) ? await xlsxLines(buf) : decodeCsv(buf);
  return unitsOf(lines);
}
