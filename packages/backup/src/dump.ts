import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appliedMigrations, fixTextFormats, ident, orderedTables, sequenceNames, tableRows, type Sql } from './catalog.ts';
import { attachmentPath, encodeRows, sha256, writeArchive, type Manifest } from './archive.ts';

export type DumpFigures = { tables: number; rows: number; attachments: number; attachmentBytes: number; archiveBytes: number; snapshotMs: number; totalMs: number };

/**
 * Reads every table and sequence in one REPEATABLE READ transaction (one snapshot: consistent while the server
 * writes; on the embedded database the caller holds its only connection, so the server's queries wait for the
 * snapshot instead), then the attachment files its rows name, and writes the archive.
 * `sql` must be one connection (a pool's client), not a pool: the transaction has to stay on it.
 */
export async function dumpDatabase(
  sql: Sql,
  opts: { file: string; attachmentsDir: string; source: Manifest['source']; clock?: () => number },
): Promise<{ manifest: Manifest; figures: DumpFigures }> {
  const now = opts.clock ?? Date.now;
  const started = now();
  const tables = new Map<string, Buffer>();
  const manifest: Manifest = {
    format: 'baton-backup',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    source: opts.source,
    migrations: [],
    tables: [],
    sequences: [],
    attachments: [],
    missingAttachments: [],
  };
  let keys: string[] = [];
  await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await fixTextFormats(sql);
    manifest.migrations = await appliedMigrations(sql);
    if (!manifest.migrations.length) throw new Error('the database has no Baton schema (no migrations applied): nothing to back up');
    for (const t of await orderedTables(sql)) {
      const rows = await tableRows(sql, t.name);
      const data = encodeRows(rows);
      tables.set(t.name, data);
      manifest.tables.push({ name: t.name, rows: rows.length, bytes: data.length, sha256: sha256(data), selfReferencing: t.selfReferencing });
    }
    for (const name of await sequenceNames(sql)) {
      const { rows } = await sql.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${ident(name)}`);
      manifest.sequences.push({ name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
    }
    keys = (await sql.query<{ k: string }>(`SELECT "storageKey" AS k FROM "Attachment" ORDER BY 1`)).rows.map((r) => r.k);
  } finally {
    // read-only: COMMIT and ROLLBACK are the same; ROLLBACK also ends a transaction a failed statement aborted
    await sql.query('ROLLBACK');
  }
  const snapshotMs = now() - started;
  // files are read after the snapshot: an upload's file is written before its row commits, so every row in the
  // snapshot has its file unless it was deleted since (then it is listed as missing, and the restore says so)
  const attachments = new Map<string, Buffer>();
  for (const key of keys) {
    try {
      const data = await readFile(join(opts.attachmentsDir, attachmentPath(key)));
      attachments.set(key, data);
      manifest.attachments.push({ key, bytes: data.length, sha256: sha256(data) });
    } catch {
      manifest.missingAttachments.push(key);
    }
  }
  const archiveBytes = await writeArchive(opts.file, manifest, tables, attachments);
  const figures: DumpFigures = {
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
    attachments: manifest.attachments.length,
    attachmentBytes: manifest.attachments.reduce((n, a) => n + a.bytes, 0),
    archiveBytes,
    snapshotMs,
    totalMs: now() - started,
  };
  return { manifest, figures };
}
