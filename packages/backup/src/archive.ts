import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { BackupError } from './backup-error.ts';
import { packTar, unpackTar, type TarEntry } from './tar.ts';

/**
 * One backup = one .tar.gz: `manifest.json`, `tables/<Table>.jsonl` (one JSON string per line: the row as
 * PostgreSQL's text form of the record) and `attachments/<xx>/<key>` (the files, laid out as on disk).
 */
export const Manifest = z.strictObject({
  format: z.literal('baton-backup'),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  source: z.enum(['embedded', 'postgresql']),
  /** the migrations the database had applied: the schema the rows fit */
  migrations: z.array(z.string()).min(1),
  tables: z.array(z.strictObject({ name: z.string(), rows: z.number().int().min(0), bytes: z.number().int().min(0), sha256: z.string(), selfReferencing: z.boolean() })),
  sequences: z.array(z.strictObject({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
  attachments: z.array(z.strictObject({ key: z.string(), bytes: z.number().int().min(0), sha256: z.string() })),
  /** attachment rows whose file was gone when the files were read (deleted after the snapshot, or lost before it) */
  missingAttachments: z.array(z.string()),
});
export type Manifest = z.infer<typeof Manifest>;

export type Archive = { manifest: Manifest; tables: Map<string, string[]>; attachments: Map<string, Buffer> };

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
export const attachmentPath = (key: string) => `${key.slice(0, 2)}/${key}`;

export function encodeRows(rows: string[]): Buffer {
  return Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'), 'utf8');
}

function decodeRows(data: Buffer): string[] {
  const text = data.toString('utf8');
  return text ? text.split('\n').map((line) => JSON.parse(line) as string) : [];
}

/** Writes the archive next to `file` and renames it into place, so a crash never leaves half an archive there. */
export async function writeArchive(file: string, manifest: Manifest, tables: Map<string, Buffer>, attachments: Map<string, Buffer>): Promise<number> {
  const entries: TarEntry[] = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) }];
  for (const [name, data] of tables) entries.push({ name: `tables/${name}.jsonl`, data });
  for (const [key, data] of attachments) entries.push({ name: `attachments/${attachmentPath(key)}`, data });
  const packed = packTar(entries);
  const partial = `${file}.partial`;
  await writeFile(partial, packed, { flag: 'w' });
  await rename(partial, file);
  return packed.length;
}

/** Reads an archive and checks it against its manifest: every table's rows and every file's bytes. */
export async function readArchive(file: string): Promise<Archive> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    throw new BackupError('ARCHIVE_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
  }
  let entries: TarEntry[];
  try {
    entries = unpackTar(raw);
  } catch (e) {
    throw new BackupError('ARCHIVE_CORRUPT', `${file} is not a Baton backup (.tar.gz): ${(e as Error).message}`);
  }
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const manifestData = byName.get('manifest.json');
  if (!manifestData) throw new BackupError('ARCHIVE_CORRUPT', `${file} has no manifest.json: not a Baton backup`);
  const parsed = Manifest.safeParse(JSON.parse(manifestData.toString('utf8')));
  if (!parsed.success) throw new BackupError('ARCHIVE_CORRUPT', `${file}: manifest.json is not a Baton backup manifest (${parsed.error.issues[0]?.message})`);
  const manifest = parsed.data;
  const tables = new Map<string, string[]>();
  for (const t of manifest.tables) {
    const data = byName.get(`tables/${t.name}.jsonl`);
    if (!data || sha256(data) !== t.sha256) throw new BackupError('ARCHIVE_CORRUPT', `${file}: table ${t.name} is missing or does not match its checksum`);
    const rows = decodeRows(data);
    if (rows.length !== t.rows) throw new BackupError('ARCHIVE_CORRUPT', `${file}: table ${t.name} has ${rows.length} rows, the manifest says ${t.rows}`);
    tables.set(t.name, rows);
  }
  const attachments = new Map<string, Buffer>();
  for (const a of manifest.attachments) {
    const data = byName.get(`attachments/${attachmentPath(a.key)}`);
    if (!data || sha256(data) !== a.sha256) throw new BackupError('ARCHIVE_CORRUPT', `${file}: attachment ${a.key} is missing or does not match its checksum`);
    attachments.set(a.key, data);
  }
  return { manifest, tables, attachments };
}
