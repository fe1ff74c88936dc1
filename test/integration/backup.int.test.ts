import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer, type RunningServer } from '@baton/backend';
import {
  adminSocketPath,
  archiveContents,
  backupInstallation,
  BackupError,
  diffAttachments,
  diffContents,
  migrateToPostgres,
  readArchive,
  readContents,
  restoreInstallation,
} from '@baton/backup';
import { createInProcessBus, createItem } from '@baton/core';
import { startEmbeddedDatabase } from '@baton/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../support/builders.ts';
import { emptyPostgresDatabase, withClient } from '../support/pg-client.ts';

// Backup, restore and migrate-to-postgres on real installations (RUNBOOK.md): an embedded server with the demo
// data and attachments, written to while the backup runs; the copy compared with the archive and the source table
// by table, row by row, and the attachments byte by byte.

const LONG = 600_000;
const pgAdminUrl = process.env.TEST_DATABASE_URL;

const emptyPostgres = () => emptyPostgresDatabase(pgAdminUrl!, 'baton_backup');

async function embeddedContents(dataDir: string) {
  const db = await startEmbeddedDatabase({ dataDir });
  try {
    return await withClient(db.url, readContents);
  } finally {
    await db.stop();
  }
}

describe('backup and restore of a busy embedded installation', () => {
  let root: string;
  let server: RunningServer | null = null;
  const source = () => join(root, 'source');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'baton-backup-'));
    server = await startServer(readEnv({ DATA_DIR: source(), PORT: '0', SEED_DEMO: 'true', LOG_LEVEL: 'silent' }));
    // attachments: files under DATA_DIR/attachments and their rows on a demo item
    const item = await server.db.item.findFirstOrThrow({ orderBy: { number: 'asc' } });
    for (let i = 0; i < 5; i++) {
      const key = randomBytes(24).toString('hex');
      const bytes = randomBytes(1000 + i * 5000);
      await mkdir(join(source(), 'attachments', key.slice(0, 2)), { recursive: true });
      await writeFile(join(source(), 'attachments', key.slice(0, 2), key), bytes);
      await server.db.attachment.create({ data: { itemId: item.id, fileName: `f${i}.bin`, contentType: 'application/octet-stream', size: bytes.length, storageKey: key } });
    }
  }, LONG);
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  }, LONG);

  it('takes a consistent backup while items are written, and restores it elsewhere identical, attachments included', async () => {
    const db = server!.db;
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' } });
    const user = await buildUser(db, product.organizationId, 'developer');
    const ctx = { db, clock: () => new Date(), bus: createInProcessBus(), principal: { kind: 'user' as const, userId: user.id, name: user.name, email: user.email, sessionId: 'backup-test' } };
    const before = await db.item.count();
    let writing = true;
    const failures: unknown[] = [];
    let written = 0;
    const writer = (async () => {
      while (writing) {
        try {
          await createItem(ctx, { productId: product.id, type: 'task', title: `written during the backup ${written}` });
          written++;
        } catch (e) {
          failures.push(e);
        }
      }
    })();
    while (written < 3) await new Promise((r) => setTimeout(r, 50));
    const file = join(root, 'busy.tar.gz');
    const figures = await backupInstallation({ dataDir: source() }, file);
    const afterBackup = written;
    while (written < afterBackup + 3) await new Promise((r) => setTimeout(r, 50));
    writing = false;
    await writer;
    expect(failures).toEqual([]);

    const archive = await readArchive(file);
    const items = archive.tables.get('Item')!.length;
    // a snapshot: some of the writes, not all of them, and every item with its creation in the activity
    expect(items).toBeGreaterThan(before);
    expect(items).toBeLessThan(before + written);
    expect(figures.rows).toBe(archive.manifest.tables.reduce((n, t) => n + t.rows, 0));
    expect(archive.manifest.attachments).toHaveLength(5);
    expect(archive.manifest.missingAttachments).toEqual([]);

    const target = join(root, 'restored');
    const restored = await restoreInstallation({ dataDir: target }, file);
    expect(restored.rows).toBe(figures.rows);
    expect(diffContents(await embeddedContents(target), archiveContents(archive))).toEqual([]);
    expect(await diffAttachments(archive, join(target, 'attachments'))).toEqual([]);
    expect(await diffAttachments(archive, join(source(), 'attachments'))).toEqual([]);

    // a second restore into the same place is refused: the target is not empty
    await expect(restoreInstallation({ dataDir: target }, file)).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    // nor into the running server's directory
    await expect(restoreInstallation({ dataDir: source() }, file)).rejects.toMatchObject({ code: 'SERVER_RUNNING' });
    // nor over an existing archive
    await expect(backupInstallation({ dataDir: source() }, file)).rejects.toMatchObject({ code: 'ARCHIVE_EXISTS' });
  }, LONG);

  it('refuses a backup from a newer Baton (a migration this version does not have) and a damaged archive', async () => {
    const { packTar, unpackTar } = await import('../../packages/backup/src/tar.ts');
    const { readFile } = await import('node:fs/promises');
    const entries = unpackTar(await readFile(join(root, 'busy.tar.gz')));
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString());
    manifest.migrations.push('29991231000000_from_the_future');
    const newer = entries.map((e) => (e.name === 'manifest.json' ? { ...e, data: Buffer.from(JSON.stringify(manifest)) } : e));
    await writeFile(join(root, 'newer.tar.gz'), packTar(newer));
    const error = await restoreInstallation({ dataDir: join(root, 'never') }, join(root, 'newer.tar.gz')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(error).toMatchObject({ code: 'DUMP_FROM_NEWER_VERSION', message: expect.stringContaining('29991231000000_from_the_future') });
    const item = entries.find((e) => e.name === 'tables/Item.jsonl')!;
    const damaged = entries.map((e) => (e === item ? { ...e, data: Buffer.concat([e.data, Buffer.from('\n"x"')]) } : e));
    await writeFile(join(root, 'damaged.tar.gz'), packTar(damaged));
    await expect(restoreInstallation({ dataDir: join(root, 'never') }, join(root, 'damaged.tar.gz'))).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
  }, LONG);

  it('keeps a second server off the data directory, and answers garbage on the admin socket without falling over', async () => {
    await expect(startServer(readEnv({ DATA_DIR: source(), PORT: '0', LOG_LEVEL: 'silent' }))).rejects.toMatchObject({ code: 'SERVER_RUNNING' });
    const reply = await new Promise<string>((resolve, reject) => {
      const s = createConnection(adminSocketPath(source()));
      let text = '';
      s.setEncoding('utf8');
      s.on('data', (c: string) => (text += c));
      s.once('end', () => resolve(text));
      s.once('error', reject);
      s.write('not json\n');
    });
    expect(JSON.parse(reply)).toEqual({ ok: false, message: 'unknown request' });
    expect((await fetch(`${server!.url}/health`)).status).toBe(200);
  }, LONG);

  it.runIf(pgAdminUrl)('moves the installation to PostgreSQL with nothing lost, and the sequences continue there', async () => {
    await expect(migrateToPostgres(source(), 'postgresql://127.0.0.1:1/none')).rejects.toMatchObject({ code: 'SERVER_RUNNING' });
    await server!.close();
    server = null;
    const target = await emptyPostgres();
    try {
      const moved = await migrateToPostgres(source(), target.url);
      const embedded = await embeddedContents(source());
      const onPostgres = await withClient(target.url, readContents);
      expect(diffContents(embedded, onPostgres)).toEqual([]);
      expect(moved.restore.rows).toBe([...embedded.tables.values()].reduce((n, r) => n + r.length, 0));
      // the server on PostgreSQL (same DATA_DIR, attachments where they were) takes new work after the old
      const env = readEnv({ DATA_DIR: source(), DATABASE_URL: target.url, PORT: '0', LOG_LEVEL: 'silent' });
      server = await startServer(env);
      const db = server.db;
      const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' } });
      const maxNumber = (await db.item.aggregate({ where: { productId: product.id }, _max: { number: true } }))._max.number!;
      const maxSeq = (await db.activityEvent.aggregate({ _max: { seq: true } }))._max.seq!;
      const user = await buildUser(db, product.organizationId, 'developer');
      const ctx = { db, clock: () => new Date(), bus: createInProcessBus(), principal: { kind: 'user' as const, userId: user.id, name: user.name, email: user.email, sessionId: 'backup-test' } };
      const item = await createItem(ctx, { productId: product.id, type: 'task', title: 'first on PostgreSQL' });
      expect(item.key).toBe(`BAT-${maxNumber + 1}`);
      const events = await db.activityEvent.findMany({ where: { itemId: item.id }, select: { seq: true } });
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.seq > maxSeq)).toBe(true);
      const attachment = await db.attachment.findFirstOrThrow();
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect(attachment.storageKey).toMatch(/^[0-9a-f]{48}$/);
    } finally {
      await server?.close();
      server = null;
      await target.drop();
    }
  }, LONG);
});
