/** CSV as spreadsheets save it (RFC 4180 quoting), for the imports that accept CSV beside XLSX. */

export interface CsvRow {
  /** The 1-based line the row starts on (a quoted cell may span lines), for error messages. */
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into rows of cells. `unclosedQuoteLine` is the line of a quoted cell that never ends
 * (its text then runs to the end of the file): whether that is an error is the caller's rule.
 */
export function parseCsv(text: string, delimiter: string): { rows: CsvRow[]; unclosedQuoteLine: number | null } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  const unclosedQuoteLine = quoted ? start : null;
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ line: start, cells });
  }
  return { rows, unclosedQuoteLine };
}
