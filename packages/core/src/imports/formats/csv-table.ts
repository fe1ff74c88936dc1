import { IMPORT_LIMITS } from '@baton/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { badField } from '../../errors.ts';

/** A CSV file as headers and rows; Jira repeats a header (Labels, Comment) once per value, so cells are read by all. */
export type CsvTable = { headers: string[]; rows: { line: number; cells: string[] }[] };

export function readCsv(content: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) throw badField('content', `is not a readable CSV file (${err.message})`);
    throw err;
  }
  const [head, ...body] = records;
  if (!head) throw badField('content', 'has no header row');
  if (body.length > IMPORT_LIMITS.rows) throw badField('content', `has ${body.length} rows; import at most ${IMPORT_LIMITS.rows} at a time`);
  // info.lines is where a record ends; a row is reported by the line it starts on (a cell may span lines)
  return { headers: head.record.map((h) => h.trim()), rows: body.map((r, i) => ({ line: records[i]!.info.lines + 1, cells: r.record })) };
}

/** Header lookups for one table, case-insensitive. */
export function columns(table: CsvTable) {
  const at = (name: string) => table.headers.flatMap((h, i) => (h.toLowerCase() === name.toLowerCase() ? [i] : []));
  return {
    has: (name: string) => at(name).length > 0,
    /** the first non-empty cell under any of the names */
    one: (cells: string[], ...names: string[]) => names.flatMap(at).map((i) => cells[i]?.trim() ?? '').find((v) => v !== '') ?? '',
    /** every non-empty cell under the name (repeated headers) */
    all: (cells: string[], name: string) => at(name).map((i) => cells[i]?.trim() ?? '').filter((v) => v !== ''),
  };
}

/** Fails clearly when a file chosen as one tool's export lacks that tool's columns. */
export function requireColumns(table: CsvTable, tool: string, names: string[]): void {
  const has = columns(table).has;
  const missing = names.filter((n) => !has(n));
  if (missing.length) throw badField('content', `is not a ${tool} CSV export: it has no ${missing.map((m) => `"${m}"`).join(', ')} column`);
}
