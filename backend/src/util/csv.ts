/**
 * CSV for people: files someone opens in Excel, LibreOffice or Numbers and attaches to an e-mail.
 *
 * - RFC 4180: fields separated by `,`, records ended by CRLF (the last one too); a field holding a
 *   comma, a double quote, CR or LF is quoted, and its quotes doubled.
 * - UTF-8 with a byte-order mark, so Excel reads accents and non-Latin scripts instead of guessing a
 *   legacy code page.
 * - Formula injection (CWE-1236, OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
 *   a tab or a CR could be run as a formula by a spreadsheet; it gets a leading apostrophe, which
 *   spreadsheets show as text. Numbers are written as numbers (so `-3` stays a number); only text is
 *   neutralised, including headers. The apostrophe is visible to programs that read the file as plain
 *   CSV: that is the documented price of safety.
 * - null and undefined are empty cells; booleans are `true`/`false`; string arrays are joined with `; `.
 */

export type CsvCell = string | number | boolean | null | undefined | readonly string[];

export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

function text(value: CsvCell): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  const s = typeof value === 'string' ? value : value.join('; ');
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** One field, neutralised and quoted as needed. */
export function csvField(value: CsvCell): string {
  const s = text(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: BOM, header, rows, CRLF after every record. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
