/**
 * CSV for open data and exports: RFC 4180 quoting, a BOM so spreadsheet programs read UTF-8, and cells
 * that a spreadsheet would run as a formula prefixed with an apostrophe (OWASP's advice on CSV injection).
 */

/** A plain number (-12.5, -12,5, +380501234567, 1e5) or a lone sign: a spreadsheet reads it as a value. */
const PLAIN_VALUE = /^[+-]?(?:\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?)?$/;

/**
 * True when a spreadsheet could run the text as a formula: it starts with =, +, -, @, tab or CR. A number
 * such as -12.5 and a lone «-» (a common «none» in a table) are values, so they are left as they are.
 */
export function couldBeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s) && !PLAIN_VALUE.test(s);
}

/** The text made inert for a spreadsheet: an apostrophe before anything that could be a formula. */
export function inertCell(s: string): string {
  return couldBeFormula(s) ? `'${s}` : s;
}

function cell(v: string | number | null | undefined): string {
  const s = inertCell(v === null || v === undefined ? '' : String(v));
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
