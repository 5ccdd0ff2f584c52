/**
 * CSV for open data and exports: RFC 4180 quoting, a BOM so spreadsheet programs read UTF-8, and cells
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
 */
function cell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
