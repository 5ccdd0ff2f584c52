/**
 * CSV as spreadsheets save it (RFC 4180 quoting), for the imports that accept CSV beside XLSX. Read by
 * csv-parse; a broken file (a quote never closed, text after a closing quote) is refused with the line it
 * starts on, never read with rows run together.
 */
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRow {
  /** The 1-based line the row starts on (a quoted cell may span lines), for error messages. */
  line: number;
  cells: string[];
}

/** A file that is not valid CSV, with the line to look at and the reason in both languages. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly text: { uk: string; en: string },
  ) {
    super(text.en);
  }
}

function syntaxError(e: CsvError, rowStart: number): CsvSyntaxError {
  const at = typeof e.lines === 'number' && e.lines > 0 ? e.lines : rowStart;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvSyntaxError(rowStart, {
        uk: `Рядок ${rowStart}: лапки, відкриті в цьому рядку, ніде не закрито. Закрийте їх або приберіть, інакше всі наступні рядки злилися б в одну клітинку.`,
        en: `Line ${rowStart}: a quote opened on this line is never closed. Close or remove it; otherwise every following line would run into one cell.`,
      });
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvSyntaxError(rowStart, {
        uk: `Рядок ${rowStart}: лапки в клітинці закрито не там (після них у рядку ${at} іде текст, а не розділювач). Перевірте лапки в цьому рядку.`,
        en: `Line ${rowStart}: a quoted cell is closed in the wrong place (on line ${at} text follows the closing quote instead of a separator). Check the quotes on this line.`,
      });
    case 'INVALID_OPENING_QUOTE':
      return new CsvSyntaxError(at, {
        uk: `Рядок ${at}: лапки посеред клітинки. Візьміть усю клітинку в лапки й подвойте лапки всередині, як це робить табличний редактор.`,
        en: `Line ${at}: a quote in the middle of a cell. Put the whole cell in quotes and double the quotes inside, as a spreadsheet program does.`,
      });
    default:
      return new CsvSyntaxError(at, { uk: `Рядок ${at}: файл CSV пошкоджено (${e.code}).`, en: `Line ${at}: the CSV file is broken (${e.code}).` });
  }
}

/** Splits CSV text into rows of cells; throws CsvSyntaxError for a file that is not valid CSV. */
export function parseCsv(text: string, delimiter: string): CsvRow[] {
  // One line break everywhere, so csv-parse's line count is the line a person sees in an editor.
  const lf = text.replace(/\r\n?/g, '\n');
  const rows: CsvRow[] = [];
  let lastEnd = 0;
  try {
    parse(lf, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      // Called per record with the line it ends on; the next record starts on the line after.
      on_record: (cells: string[], ctx) => {
        rows.push({ line: lastEnd + 1, cells });
        lastEnd = ctx.lines;
        return null;
      },
    });
  } catch (e) {
    if (e instanceof CsvError) throw syntaxError(e, lastEnd + 1);
    throw e;
  }
  return rows;
}
