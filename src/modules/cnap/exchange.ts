/**
 * The catalogue as a table, out and in: one row per service, its life situation by code and name, its
 * offices by their codes. An import is checked row by row and column by column; with any error nothing is
 * imported. Services are matched by code: a known code is changed, a new one added, the rest left alone.
 */
import type ExcelJS from 'exceljs';
import type { Db } from '../../core/db/database.js';
import { toCsv } from '../../core/http/csv.js';
import { CHARACTERS_UP_TO, plural } from '../../core/i18n/index.js';
import { CsvSyntaxError, parseCsv } from '../../core/files/csv.js';
import { listOffices, listServices, listSituations, type ServiceFields } from './repository.js';
import { camel, columnsOf, SERVICE_TEXTS, textsOf, type ServiceText } from './tables.js';

export const COLUMNS = ['code', 'situation_code', 'situation', ...SERVICE_TEXTS, 'online_url', 'offices'] as const;
/** The English versions: exported, and imported when a file has them (an older file without them still imports). */
const ENGLISH_COLUMNS = ['situation_en', ...SERVICE_TEXTS.map((k) => `${k}_en` as const)] as const;
type Column = (typeof COLUMNS)[number] | (typeof ENGLISH_COLUMNS)[number];
const ALL_COLUMNS: Column[] = [...COLUMNS, ...ENGLISH_COLUMNS];

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

async function catalogueRows(db: Db, communityId: number): Promise<string[][]> {
  const [situations, offices, services] = await Promise.all([
    listSituations(db, communityId, true),
    listOffices(db, communityId, true),
    listServices(db, communityId),
  ]);
  return services.map((s) => {
    const sit = situations.find((x) => x.id === s.situationId);
    const row: Record<Column, string> = {
      code: s.code,
      situation_code: sit?.code ?? '',
      situation: sit?.name ?? '',
      situation_en: sit?.en.name ?? '',
      ...(columnsOf(s, SERVICE_TEXTS, '') as Record<ServiceText, string>),
      ...(columnsOf(s.en, SERVICE_TEXTS, '_en') as Record<`${ServiceText}_en`, string>),
      online_url: s.onlineUrl,
      offices: offices
        .filter((o) => s.officeIds.includes(o.id))
        .map((o) => o.code)
        .join(';'),
    };
    return ALL_COLUMNS.map((c) => row[c]);
  });
}

export async function catalogueCsv(db: Db, communityId: number): Promise<string> {
  return toCsv(ALL_COLUMNS, await catalogueRows(db, communityId));
}

export async function catalogueXlsx(db: Db, communityId: number): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  const ws = wb.addWorksheet('Послуги');
  ws.addRow(ALL_COLUMNS);
  for (const r of await catalogueRows(db, communityId)) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = 30;
    c.numFmt = '@';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A problem of the file as a whole (not a row): unreadable, empty, wrong header. */
export class ExchangeFileError extends Error {
  constructor(readonly text: { uk: string; en: string }) {
    super(text.en);
  }
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

/** The file's rows of cells with their line numbers (the header first), from CSV or XLSX by its name. */
export async function readTable(data: Buffer, filename: string): Promise<{ line: number; cells: string[] }[]> {
  if (/\.xlsx$/i.test(filename)) {
    const { default: Excel } = await import('exceljs');
    const wb: ExcelJS.Workbook = new Excel.Workbook();
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch {
      throw new ExchangeFileError({ uk: 'Не вдалося прочитати файл XLSX: він пошкоджений або це інший формат.', en: 'Could not read the XLSX file.' });
    }
    const ws = wb.worksheets[0];
    const rows: { line: number; cells: string[] }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = xlsxText(cell.value);
      });
      rows.push({ line: n, cells: Array.from(cells, (x) => x ?? '') });
    });
    return rows;
  }
  if (!/\.csv$/i.test(filename)) throw new ExchangeFileError({ uk: 'Завантажте файл CSV або XLSX.', en: 'Upload a CSV or XLSX file.' });
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = (text.split('\n')[0] ?? '').includes(';') && !(text.split('\n')[0] ?? '').includes(',') ? ';' : ',';
  try {
    // The export makes formula-like cells inert with an apostrophe; take it off again.
    return parseCsv(text, delimiter).map((r) => ({ line: r.line, cells: r.cells.map((x) => x.replace(/^'(?=[=+\-@\t\r])/, '')) }));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ExchangeFileError(e.text);
    throw e;
  }
}

export interface RowError {
  line: number;
  column: string;
  text: { uk: string; en: string };
}

export interface ImportPlan {
  /** Life situations the file names that the community does not have yet. */
  newSituations: { code: string; name: string; nameEn: string }[];
  rows: { line: number; fields: Omit<ServiceFields, 'situationId'> & { situationCode: string } }[];
}

const CODE_RE = /^[a-z0-9-]{1,40}$/;
const LIMITS: Partial<Record<Column, number>> = {
  name: 300,
  situation: 120,
  applicants: 2000,
  documents: 5000,
  legal_basis: 2000,
  name_en: 300,
  situation_en: 120,
  applicants_en: 2000,
  documents_en: 5000,
  legal_basis_en: 2000,
};

/** Checks every row; returns the plan, or every error found (by line and column). */
export async function planImport(db: Db, communityId: number, table: { line: number; cells: string[] }[]): Promise<{ plan: ImportPlan; errors: RowError[] }> {
  const [header, ...body] = table;
  if (!header || !body.length) throw new ExchangeFileError({ uk: 'У файлі немає рядків з послугами.', en: 'The file has no service rows.' });
  const index = new Map(header.cells.map((h, i) => [h.trim().toLowerCase(), i]));
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length)
    throw new ExchangeFileError({ uk: `У першому рядку бракує стовпців: ${missing.join(', ')}.`, en: `The header lacks columns: ${missing.join(', ')}.` });
  const [situations, offices] = await Promise.all([listSituations(db, communityId, true), listOffices(db, communityId, true)]);
  const errors: RowError[] = [];
  const plan: ImportPlan = { newSituations: [], rows: [] };
  const seen = new Map<string, number>();
  for (const r of body) {
    const get = (c: Column) => (index.has(c) ? (r.cells[index.get(c)!] ?? '') : '').trim();
    if (ALL_COLUMNS.every((c) => !get(c))) continue;
    const err = (column: Column, uk: string, en: string) => errors.push({ line: r.line, column, text: { uk, en } });
    const code = get('code');
    if (!CODE_RE.test(code))
      err('code', 'Код: малі латинські літери, цифри й дефіс, до 40 знаків', 'Code: lower-case Latin letters, digits and hyphens, up to 40');
    else if (seen.has(code)) err('code', `Код «${code}» уже є в рядку ${seen.get(code)}`, `Code «${code}» is already on line ${seen.get(code)}`);
    else seen.set(code, r.line);
    if (!get('name')) err('name', 'Вкажіть назву послуги', 'Give the name of the service');
    for (const [c, max] of Object.entries(LIMITS) as [Column, number][])
      if ([...get(c)].length > max) err(c, `Не більше ${plural(max, CHARACTERS_UP_TO, 'uk')}`, `At most ${plural(max, CHARACTERS_UP_TO, 'en')}`);
    const situationCode = get('situation_code');
    const known = situations.find((s) => s.code === situationCode) ?? plan.newSituations.find((s) => s.code === situationCode);
    if (!CODE_RE.test(situationCode))
      err('situation_code', 'Код життєвої ситуації: малі латинські літери, цифри й дефіс', 'Life situation code: lower-case Latin letters, digits and hyphens');
    else if (!known) {
      if (!get('situation')) err('situation', 'Нова життєва ситуація: вкажіть її назву', 'A new life situation: give its name');
      else plan.newSituations.push({ code: situationCode, name: get('situation'), nameEn: get('situation_en') });
    }
    const url = get('online_url');
    if (url && !/^https:\/\/[^\s]+$/.test(url)) err('online_url', 'Посилання має починатися з https://', 'The link must start with https://');
    const officeCodes = get('offices')
      .split(/[;,]/)
      .map((x) => x.trim())
      .filter(Boolean);
    const officeIds: number[] = [];
    for (const oc of officeCodes) {
      const o = offices.find((x) => x.code === oc);
      if (o) officeIds.push(o.id);
      else err('offices', `Немає офісу з кодом «${oc}»`, `No office with code «${oc}»`);
    }
    plan.rows.push({
      line: r.line,
      fields: {
        code,
        situationCode,
        ...textsOf(Object.fromEntries(SERVICE_TEXTS.map((k) => [k, get(k).replace(/\r\n?/g, '\n')])), SERVICE_TEXTS, ''),
        onlineUrl: url,
        officeIds,
        // Only the English columns the file has: an older file leaves the English versions as they are.
        en: Object.fromEntries(SERVICE_TEXTS.filter((k) => index.has(`${k}_en`)).map((k) => [camel(k), get(`${k}_en`).replace(/\r\n?/g, '\n')])),
      },
    });
  }
  if (!plan.rows.length && !errors.length) throw new ExchangeFileError({ uk: 'У файлі немає рядків з послугами.', en: 'The file has no service rows.' });
  return { plan, errors };
}
