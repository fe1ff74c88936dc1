import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedDatabase } from '@baton/db';
import { migrateDatabase, migrationsDir, pendingMigrations } from '@baton/migrate';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { emptyPostgresDatabase, queryRows } from '../support/pg-client.ts';

// The migrations applier (packages/migrate/src/migrate.ts) on an empty database of the run's kind: what it writes
// must be the history the Prisma CLI would have written, since developers keep using the CLI to author migrations.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An empty database: a new one on the test PostgreSQL server, else an in-memory embedded one. */
async function emptyDatabase(): Promise<string> {
  if (inject('databaseKind') === 'embedded') {
    const db = await startEmbeddedDatabase({ maxConnections: 8 });
    cleanups.push(() => db.stop());
    return db.url;
  }
  const fresh = await emptyPostgresDatabase(inject('databaseUrl'), 'baton_migrate');
  cleanups.push(fresh.drop);
  return fresh.url;
}
const query = queryRows;

const folders = async (dir = migrationsDir) => (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const history = (url: string) =>
  query<{ migration_name: string; checksum: string; steps: number; finished: boolean }>(
    url,
    `SELECT migration_name, checksum, applied_steps_count AS steps, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
  );

/** The Prisma CLI's view of the database (`prisma migrate status`): its exit code and what it printed. */
function prismaStatus(url: string): Promise<{ code: number; out: string }> {
  const packageDir = fileURLToPath(new URL('../../packages/migrate/', import.meta.url));
  const cli = createRequire(join(packageDir, 'package.json')).resolve('prisma/build/index.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'migrate', 'status'], { cwd: packageDir, env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/** migrateDatabase in a process of its own, as a second replica starting would run it. */
function migrateInChild(url: string): Promise<{ applied: string[] }> {
  const script = `import { migrateDatabase } from '@baton/migrate'; console.log(JSON.stringify(await migrateDatabase(process.env.DATABASE_URL)));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../backend/', import.meta.url)), env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!)),
    );
  });
}

describe('migrating a database', () => {
  it('applies every migration once with the row Prisma writes for it, and the Prisma CLI finds nothing pending', { timeout: 120_000 }, async () => {
    const url = await emptyDatabase();
    const all = await folders();
    expect(await pendingMigrations(url)).toEqual(all);
    expect((await migrateDatabase(url)).applied).toEqual(all);
    const rows = await history(url);
    const checksums = await Promise.all(all.map(async (m) => createHash('sha256').update(await readFile(join(migrationsDir, m, 'migration.sql'))).digest('hex')));
    expect(rows).toEqual(all.map((m, i) => ({ migration_name: m, checksum: checksums[i], steps: 1, finished: true })));
    expect((await migrateDatabase(url)).applied).toEqual([]);
    expect(await pendingMigrations(url)).toEqual([]);
    const status = await prismaStatus(url);
    expect(status.out).toContain('Database schema is up to date');
    expect(status.code).toBe(0);
  });

  it('applies each migration once when two servers start on one empty database together', async () => {
    const url = await emptyDatabase();
    // PostgreSQL: another process, excluded by the advisory lock; the embedded database opens in one process only
    const other = inject('databaseKind') === 'postgresql' ? migrateInChild(url) : migrateDatabase(url);
    const [a, b] = await Promise.all([migrateDatabase(url), other]);
    expect([...a.applied, ...b.applied].sort()).toEqual(await folders());
    expect((await history(url)).map((r) => r.migration_name)).toEqual(await folders());
  });

  it('stops at `through`, then applies the rest', async () => {
    const url = await emptyDatabase();
    const all = await folders();
    expect((await migrateDatabase(url, { through: all[2] })).applied).toEqual(all.slice(0, 3));
    expect(await pendingMigrations(url)).toEqual(all.slice(3));
    expect((await migrateDatabase(url)).applied).toEqual(all.slice(3));
  });

  it('leaves nothing of a failing migration behind, names it, and applies it once it is fixed', async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'baton-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(migrationsDir, dir, { recursive: true });
    const broken = '29990101000000_broken';
    await cp(join(dir, (await folders(dir))[0]!), join(dir, broken), { recursive: true });
    await writeFile(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\nSELECT 1 / 0;\n');
    await expect(migrateDatabase(url, { dir })).rejects.toThrow(`migration ${broken} failed: division by zero`);
    expect(await query(url, `SELECT to_regclass('public."Half"') AS t`)).toEqual([{ t: null }]);
    expect((await history(url)).map((r) => r.migration_name)).toEqual(await folders());
    await writeFile(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\n');
    expect((await migrateDatabase(url, { dir })).applied).toEqual([broken]);
  });

  it('refuses to go on past a migration the Prisma CLI recorded as started and never finished', async () => {
    const url = await emptyDatabase();
    await migrateDatabase(url);
    await query(url, `UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, [(await folders()).at(-1)]);
    await expect(migrateDatabase(url)).rejects.toThrow(/failed earlier and was never finished: resolve it/);
  });
});
