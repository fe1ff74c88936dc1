import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentPath, sha256, type Archive } from './archive.ts';
import { fixTextFormats, orderedTables, sequenceNames, ident, tableRows, type Sql } from './catalog.ts';

/** Every table's rows (text form, sorted) and every sequence's value, read in one snapshot: what a copy must equal. */
export type Contents = { tables: Map<string, string[]>; sequences: Map<string, string> };

export async function readContents(sql: Sql): Promise<Contents> {
  const tables = new Map<string, string[]>();
  const sequences = new Map<string, string>();
  await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await fixTextFormats(sql);
    for (const t of await orderedTables(sql)) tables.set(t.name, (await tableRows(sql, t.name)).sort());
    for (const s of await sequenceNames(sql)) {
      const { rows } = await sql.query<{ v: string }>(`SELECT last_value::text || '/' || is_called::text AS v FROM ${ident(s)}`);
      sequences.set(s, rows[0]!.v);
    }
  } finally {
    await sql.query('ROLLBACK');
  }
  return { tables, sequences };
}

/** An archive's rows in the same shape. */
export function archiveContents(archive: Archive): Contents {
  return {
    tables: new Map([...archive.tables].map(([t, rows]) => [t, [...rows].sort()])),
    sequences: new Map(archive.manifest.sequences.map((s) => [s.name, `${s.lastValue}/${s.isCalled}`])),
  };
}

/** What differs, table by table (empty = identical): rows only in `a`, only in `b`, and sequences. */
export function diffContents(a: Contents, b: Contents): string[] {
  const out: string[] = [];
  for (const t of new Set([...a.tables.keys(), ...b.tables.keys()])) {
    const ra = a.tables.get(t);
    const rb = b.tables.get(t);
    if (!ra || !rb) {
      out.push(`${t}: table only on one side`);
      continue;
    }
    const inB = new Set(rb);
    const inA = new Set(ra);
    const onlyA = ra.filter((r) => !inB.has(r));
    const onlyB = rb.filter((r) => !inA.has(r));
    if (onlyA.length || onlyB.length || ra.length !== rb.length) out.push(`${t}: ${onlyA.length} rows only in the first, ${onlyB.length} only in the second (${ra.length} vs ${rb.length}); e.g. ${onlyA[0] ?? onlyB[0]}`);
  }
  for (const s of new Set([...a.sequences.keys(), ...b.sequences.keys()])) {
    if (a.sequences.get(s) !== b.sequences.get(s)) out.push(`sequence ${s}: ${a.sequences.get(s)} vs ${b.sequences.get(s)}`);
  }
  return out;
}

/** Attachments of the archive missing from `dir` or with other bytes there. */
export async function diffAttachments(archive: Archive, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [key, data] of archive.attachments) {
    const file = await readFile(join(dir, attachmentPath(key))).catch(() => null);
    if (!file) out.push(`${key}: missing`);
    else if (sha256(file) !== sha256(data)) out.push(`${key}: different bytes`);
  }
  return out;
}
