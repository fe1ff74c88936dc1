/**
 * CSV cells as spreadsheets read them safely (RFC 4180 quoting), with the OWASP guard against formula
 * injection: a cell starting with = + - @ (or a tab or carriage return, which some programs strip first) is
 * prefixed with a single quote, so `=HYPERLINK(...)` in a title is shown, not run.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line, CRLF-terminated as RFC 4180 asks. */
export const csvRow = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
