// Backup, restore and migrate-to-postgres on an embedded installation with the demo data and ITEMS items (default
// 10,000) plus attachments: a backup while a writer creates items, a restore into a fresh embedded directory, the
// move to a fresh PostgreSQL database, and a backup and restore on PostgreSQL; each copy compared with its source
// table by table and row by row. Prints time, rows and size per step. Needs the local PostgreSQL (BENCH_PG_ADMIN_URL).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer, type RunningServer } from '@baton/backend';
import { archiveContents, backupInstallation, diffAttachments, diffContents, migrateToPostgres, readArchive, readContents, restoreInstallation, type Contents } from '@baton/backup';
import { createInProcessBus, createItem } from '@baton/core';
import { startEmbeddedDatabase } from '@baton/db';
import { withClient } from '../test/support/pg-client.ts';
import { printTable, type Row } from './harness.ts';

const ITEMS = Number(process.env.ITEMS ?? 10_000);
const ATTACHMENTS = Number(process.env.ATTACHMENTS ?? 20);
const admin = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const root = await mkdtemp(join(tmpdir(), 'baton-bench-backup-'));
const source = join(root, 'source');
const databases: string[] = [];

async function emptyPostgres(name: string): Promise<string> {
  const db = `baton_backup_bench_${name}_${process.pid}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${db}`));
  databases.push(db);
  return admin.replace(/\/[^/]*$/, `/${db}`);
}
async function embeddedContents(dataDir: string): Promise<Contents> {
  const db = await startEmbeddedDatabase({ dataDir });
  try {
    return await withClient(db.url, readContents);
  } finally {
    await db.stop();
  }
}
const rowCount = (c: Contents) => [...c.tables.values()].reduce((n, r) => n + r.length, 0);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const same = (diff: string[]) => (diff.length ? `NO: ${diff.slice(0, 3).join('; ')}` : 'identical');

const rows: Row[] = [];
let server: RunningServer | null = null;
try {
  server = await startServer(readEnv({ PORT: '0', DATA_DIR: source, SEED_DEMO: 'true', LOG_LEVEL: 'silent' }));
  const db = server.db;
  const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' } });
  const first = product.nextItemNumber;
  for (let start = 0; start < ITEMS; start += 1000) {
    const n = Math.min(1000, ITEMS - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => ({ productId: product.id, number: first + start + k, type: 'task' as const, title: `Bench item ${start + k}`, description: 'lorem ipsum '.repeat(10) })),
    });
  }
  await db.product.update({ where: { id: product.id }, data: { nextItemNumber: first + ITEMS } });
  const item = await db.item.findFirstOrThrow({ where: { productId: product.id }, orderBy: { number: 'asc' } });
  for (let i = 0; i < ATTACHMENTS; i++) {
    const key = randomBytes(24).toString('hex');
    const bytes = randomBytes(100 * 1024);
    await mkdir(join(source, 'attachments', key.slice(0, 2)), { recursive: true });
    await writeFile(join(source, 'attachments', key.slice(0, 2), key), bytes);
    await db.attachment.create({ data: { itemId: item.id, fileName: `a${i}.bin`, contentType: 'application/octet-stream', size: bytes.length, storageKey: key } });
  }
  const owner = await db.user.findFirstOrThrow({ where: { email: 'admin@baton.dev' } });
  const ctx = { db, clock: () => new Date(), bus: createInProcessBus(), principal: { kind: 'user' as const, userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };

  // 1. backup while a writer creates items through core (the server's own connection: writes wait for the snapshot)
  let writing = true;
  const writes: number[] = [];
  let failed = 0;
  const writer = (async () => {
    while (writing) {
      const t = performance.now();
      try {
        await createItem(ctx, { productId: product.id, type: 'task', title: 'written during the backup' });
        writes.push(performance.now() - t);
      } catch {
        failed++;
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const busyFile = join(root, 'busy.tar.gz');
  const before = writes.length;
  const b = await backupInstallation({ dataDir: source }, busyFile);
  writing = false;
  await writer; // the write waiting on the snapshot ends after it: its time is the pause a user saw
  const during = writes.slice(before);
  rows.push(['backup, embedded, running + writer', `${s(b.totalMs)} (snapshot ${s(b.snapshotMs)}) | ${b.rows.toLocaleString('en-US')} rows in ${b.tables} tables, ${b.attachments} files | ${mib(b.archiveBytes)} | ${during.length} writes during or just after it, slowest ${Math.max(0, ...during).toFixed(0)} ms, ${failed} failed`]);

  // 2. restore elsewhere (embedded) and compare with the archive
  const archive = await readArchive(busyFile);
  const r = await restoreInstallation({ dataDir: join(root, 'restored') }, busyFile);
  const restored = await embeddedContents(join(root, 'restored'));
  const diff = [...diffContents(restored, archiveContents(archive)), ...(await diffAttachments(archive, join(root, 'restored', 'attachments')))];
  rows.push(['restore, embedded', `${s(r.totalMs)} (migrations ${s(r.migrateMs)}, load ${s(r.loadMs)}) | ${r.rows.toLocaleString('en-US')} rows, ${r.attachments} files | | ${same(diff)}`]);

  // 3. stop, move to PostgreSQL, compare every table with the embedded source
  await server.close();
  server = null;
  const pgUrl = await emptyPostgres('moved');
  const t0 = performance.now();
  const m = await migrateToPostgres(source, pgUrl);
  const moveMs = performance.now() - t0;
  const embedded = await embeddedContents(source);
  const moved = await withClient(pgUrl, readContents);
  rows.push(['migrate-to-postgres', `${s(moveMs)} (dump ${s(m.backup.totalMs)}, restore ${s(m.restore.totalMs)}) | ${rowCount(moved).toLocaleString('en-US')} rows, ${m.restore.attachments} files | ${mib(m.backup.archiveBytes)} | ${same(diffContents(embedded, moved))}`]);

  // 4. the same round trip on PostgreSQL
  const pgFile = join(root, 'pg.tar.gz');
  const pb = await backupInstallation({ dataDir: source, databaseUrl: pgUrl }, pgFile);
  rows.push(['backup, PostgreSQL', `${s(pb.totalMs)} (snapshot ${s(pb.snapshotMs)}) | ${pb.rows.toLocaleString('en-US')} rows, ${pb.attachments} files | ${mib(pb.archiveBytes)} |`]);
  const pgUrl2 = await emptyPostgres('restored');
  const pr = await restoreInstallation({ dataDir: join(root, 'pg-restored'), databaseUrl: pgUrl2 }, pgFile);
  const pgDiff = [...diffContents(await withClient(pgUrl2, readContents), moved), ...(await diffAttachments(await readArchive(pgFile), join(root, 'pg-restored', 'attachments')))];
  rows.push(['restore, PostgreSQL', `${s(pr.totalMs)} (migrations ${s(pr.migrateMs)}, load ${s(pr.loadMs)}) | ${pr.rows.toLocaleString('en-US')} rows, ${pr.attachments} files | | ${same(pgDiff)}`]);
  printTable(`backup / restore / migrate-to-postgres: demo data + ${ITEMS.toLocaleString('en-US')} items, ${ATTACHMENTS} attachments of 100 KiB (time | rows | archive | check)`, rows);
} finally {
  await server?.close();
  for (const d of databases) await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`));
  await rm(root, { recursive: true, force: true });
}
