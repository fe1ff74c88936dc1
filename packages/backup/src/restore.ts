import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { appliedMigrations, fixTextFormats, ident, orderedTables, type Sql } from './catalog.ts';
import { attachmentPath, sha256, type Archive } from './archive.ts';
import { BackupError } from './backup-error.ts';

const BATCH = 2_000;

/** Refuses an archive whose schema this Baton does not know (taken by a newer version). */
export function checkArchiveVersion(archive: Archive, knownMigrations: string[]): void {
  const known = new Set(knownMigrations);
  const unknown = archive.manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new BackupError(
      'DUMP_FROM_NEWER_VERSION',
      `the backup was taken by a newer Baton: its schema has migrations this version does not know (${unknown.join(', ')}). Restore it with that version or a later one.`,
    );
  }
}

/**
 * Refuses a target that holds data: a database with rows in any table, or migrated past the backup's schema (the
 * rows would not fit), or an attachments folder with other bytes under a key the backup uses. An empty database
 * with no schema, or with the schema and no rows, is fine.
 */
export async function checkTargetEmpty(sql: Sql, archive: Archive, attachmentsDir: string): Promise<void> {
  const applied = await appliedMigrations(sql);
  const inDump = new Set(archive.manifest.migrations);
  const ahead = applied.filter((m) => !inDump.has(m));
  if (ahead.length) {
    throw new BackupError('TARGET_NOT_EMPTY', `the target database has migrations the backup does not (${ahead.join(', ')}): restore into an empty database`);
  }
  if (applied.length) {
    for (const t of await orderedTables(sql)) {
      const { rows } = await sql.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}) AS any`);
      if (rows[0]!.any) throw new BackupError('TARGET_NOT_EMPTY', `the target database is not empty (table ${t.name} has rows): restore into an empty database`);
    }
  }
  for (const [key, data] of archive.attachments) {
    const existing = await readFile(join(attachmentsDir, attachmentPath(key))).catch(() => null);
    if (existing && sha256(existing) !== sha256(data)) {
      throw new BackupError('TARGET_NOT_EMPTY', `${attachmentsDir} already holds a different file under ${attachmentPath(key)}: restore into an empty folder`);
    }
  }
}

export type LoadFigures = { tables: number; rows: number; attachments: number; attachmentBytes: number; loadMs: number };

/**
 * Loads the rows into a database migrated to the archive's schema, in one transaction (all or nothing), parents
 * before children; sets every sequence where it was, so new rows continue after the restored ones; then writes
 * the attachment files (a file already there with the same bytes is kept).
 */
export async function loadArchive(sql: Sql, archive: Archive, attachmentsDir: string, clock: () => number = Date.now): Promise<LoadFigures> {
  const started = clock();
  const order = (await orderedTables(sql)).map((t) => t.name);
  const missing = archive.manifest.tables.filter((t) => !order.includes(t.name));
  if (missing.length) throw new BackupError('ARCHIVE_CORRUPT', `the backup has tables the schema lacks: ${missing.map((t) => t.name).join(', ')}`);
  const selfRef = new Set(archive.manifest.tables.filter((t) => t.selfReferencing).map((t) => t.name));
  let rows = 0;
  await sql.query('BEGIN');
  try {
    await fixTextFormats(sql);
    for (const table of order) {
      const all = archive.tables.get(table) ?? [];
      // a table referencing itself goes in one statement: the foreign-key checks run at its end, so a child
      // may come before its parent; other tables go in batches
      const size = selfRef.has(table) ? Math.max(all.length, 1) : BATCH;
      for (let i = 0; i < all.length; i += size) {
        // each element is the row's text form; PostgreSQL parses it with the table's own row type
        await sql.query(`INSERT INTO ${ident(table)} SELECT * FROM unnest($1::${ident(table)}[])`, [all.slice(i, i + size)]);
      }
      rows += all.length;
    }
    for (const s of archive.manifest.sequences) {
      await sql.query(`SELECT setval($1::regclass, $2::bigint, $3::boolean)`, [ident(s.name), s.lastValue, s.isCalled]);
    }
    await sql.query('COMMIT');
  } catch (e) {
    await sql.query('ROLLBACK');
    throw e;
  }
  let attachmentBytes = 0;
  for (const [key, data] of archive.attachments) {
    const path = join(attachmentsDir, attachmentPath(key));
    await mkdir(dirname(path), { recursive: true });
    const existing = await readFile(path).catch(() => null);
    if (!existing) await writeFile(path, data, { flag: 'wx' });
    attachmentBytes += data.length;
  }
  return { tables: order.length, rows, attachments: archive.attachments.size, attachmentBytes, loadMs: clock() - started };
}

/** Migration folders shipped with this Baton (the names the manifest is checked against). */
export async function knownMigrations(migrationsDir: string): Promise<string[]> {
  return (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
