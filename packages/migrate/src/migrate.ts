import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/** Migrations in the folder that the database has not finished applying. */
export async function pendingMigrations(url: string, opts: { through?: string } = {}): Promise<string[]> {
  const onDisk = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && (!opts.through || d.name <= opts.through))
    .map((d) => d.name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('public._prisma_migrations') AS t`);
    if (!exists.rows[0].t) return onDisk.sort();
    const done = await client.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(done.rows.map((r: { migration_name: string }) => r.migration_name));
    return onDisk.filter((m) => !applied.has(m)).sort();
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with the 6.19 CLI's `prisma migrate deploy` (this package's prisma.config.ts), run only when something is pending because the
 * CLI's WASM schema engine lingers ~10 s after success. Async child: the embedded database may live in this
 * process, and a synchronous child would starve it.
 */
export async function migrateDatabase(url: string, opts: { through?: string } = {}): Promise<{ applied: string[] }> {
  const pending = await pendingMigrations(url, opts);
  if (pending.length === 0) return { applied: [] };
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  // `through`: a restore first builds the schema its backup was taken on (the rows fit it), then migrates the rest;
  // deploy applies a whole folder, so it gets a copy holding the migrations up to that one (prisma.config.ts)
  const partial = opts.through ? await migrationsThrough(opts.through) : null;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [cli, 'migrate', 'deploy'],
        { cwd: packageDir, env: { ...process.env, DATABASE_URL: url, ...(partial && { BATON_MIGRATIONS_DIR: partial }) }, encoding: 'utf8' },
        (err, stdout, stderr) => (err ? reject(new Error(`prisma migrate deploy failed:\n${stdout}\n${stderr}`)) : resolve()),
      );
    });
  } finally {
    if (partial) await rm(partial, { recursive: true, force: true });
  }
  return { applied: pending };
}

async function migrationsThrough(last: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-migrations-'));
  for (const d of await readdir(migrationsDir, { withFileTypes: true })) {
    if (!d.isDirectory() && d.name !== 'migration_lock.toml') continue;
    if (d.isDirectory() && d.name > last) continue;
    await cp(join(migrationsDir, d.name), join(dir, d.name), { recursive: true });
  }
  return dir;
}
