import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '@baton/db';
import { migrateDatabase, migrationsDir } from '@baton/migrate';
import { readArchive } from './archive.ts';
import { BackupError } from './backup-error.ts';
import { dumpDatabase, type DumpFigures } from './dump.ts';
import { checkArchiveVersion, checkTargetEmpty, knownMigrations, loadArchive, type LoadFigures } from './restore.ts';
import { claimDataDir, requestBackup, serverRunning } from './running-server.ts';

/** Where an installation keeps its data: PostgreSQL at `databaseUrl`, or the embedded database in `dataDir`; attachments in `dataDir/attachments` either way. */
export type Installation = { databaseUrl?: string; dataDir: string };

export const attachmentsDir = (i: Installation) => join(i.dataDir, 'attachments');

/** Runs `fn` with one connection to the installation's database; the embedded one is opened here (the server must be stopped). */
async function withDatabase<T>(i: Installation, fn: (client: pg.Client, url: string) => Promise<T>): Promise<T> {
  if (!i.databaseUrl) await mkdir(i.dataDir, { recursive: true });
  // the data directory is claimed first, so a server starting meanwhile refuses rather than opening it twice
  const claim = i.databaseUrl ? null : await claimDataDir(i.dataDir, 'a baton-admin command (backup, restore or migrate-to-postgres)');
  const embedded = i.databaseUrl ? null : await startEmbeddedDatabase({ dataDir: i.dataDir }).catch(async (e: unknown) => {
    await claim?.close();
    throw e;
  });
  const url = i.databaseUrl ?? embedded!.url;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return await fn(client, url);
  } finally {
    await client.end().catch(() => undefined);
    await embedded?.stop();
    await claim?.close();
  }
}

/**
 * Backs up an installation into `file` (.tar.gz), consistent while it runs: on PostgreSQL through its own
 * snapshot; on the embedded database the running server takes it (running-server.ts), or, when none runs, this
 * process opens the data directory.
 */
export async function backupInstallation(i: Installation, file: string): Promise<DumpFigures> {
  if (existsSync(file)) throw new BackupError('ARCHIVE_EXISTS', `${file} exists: choose a new file name (a backup never overwrites one)`);
  if (!i.databaseUrl) {
    if (await serverRunning(i.dataDir)) return (await requestBackup(i.dataDir, file)) as DumpFigures;
    if (!existsSync(join(i.dataDir, 'PG_VERSION'))) throw new BackupError('ARCHIVE_UNREADABLE', `${i.dataDir} holds no embedded database (no PG_VERSION): nothing to back up`);
  }
  return withDatabase(i, async (client) => (await dumpDatabase(client, { file, attachmentsDir: attachmentsDir(i), source: i.databaseUrl ? 'postgresql' : 'embedded' })).figures);
}

export type RestoreFigures = LoadFigures & { migrateMs: number; totalMs: number };

/**
 * Restores `file` into an empty installation: the schema the backup was taken on, the rows in one transaction,
 * the sequences, the attachments, then the migrations this version adds. Refuses a backup from a newer Baton,
 * a target with data, and (embedded) a target whose server is running.
 */
export async function restoreInstallation(i: Installation, file: string, clock: () => number = Date.now): Promise<RestoreFigures> {
  const started = clock();
  const archive = await readArchive(file);
  checkArchiveVersion(archive, await knownMigrations(migrationsDir));
  if (!i.databaseUrl && (await serverRunning(i.dataDir))) {
    throw new BackupError('SERVER_RUNNING', `a Baton server is running on ${i.dataDir}: stop it, and restore into an empty data directory`);
  }
  return withDatabase(i, async (client, url) => {
    await checkTargetEmpty(client, archive, attachmentsDir(i));
    const m0 = clock();
    await migrateDatabase(url, { through: archive.manifest.migrations.at(-1)! });
    let migrateMs = clock() - m0;
    const load = await loadArchive(client, archive, attachmentsDir(i), clock);
    const m1 = clock();
    await migrateDatabase(url);
    migrateMs += clock() - m1;
    return { ...load, migrateMs, totalMs: clock() - started };
  });
}

/**
 * Moves an embedded installation to PostgreSQL at `databaseUrl`: a backup of the data directory restored there.
 * The attachments stay in `dataDir/attachments` (the server on PostgreSQL keeps them there too) and are checked
 * byte for byte. Refused while the server runs: what it wrote after the copy would be lost.
 */
export async function migrateToPostgres(dataDir: string, databaseUrl: string): Promise<{ backup: DumpFigures; restore: RestoreFigures; archive: string }> {
  if (await serverRunning(dataDir)) {
    throw new BackupError('SERVER_RUNNING', `a Baton server is running on ${dataDir}: stop it first, or what it writes after the copy is lost`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'baton-move-'));
  const archive = join(dir, 'embedded.tar.gz');
  try {
    const backup = await backupInstallation({ dataDir }, archive);
    const restore = await restoreInstallation({ dataDir, databaseUrl }, archive);
    return { backup, restore, archive };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
