import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

// Prisma Migrate's own advisory lock key (`SELECT pg_advisory_lock(72707369)`): holding the same one, this applier
// and the Prisma CLI (migrate dev, resolve) never run at once, and two replicas starting together apply each
// migration once. The embedded database serves every connection from one PostgreSQL session, where an advisory
// lock excludes nobody; only this process can open it, so runs in this process also queue per database.
const PRISMA_MIGRATE_LOCK = 72707369;
const runs = new Map<string, Promise<unknown>>();

// The bookkeeping table exactly as Prisma's schema engine creates it, so the CLI reads what this applier wrote.
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Options = {
  /** stop at this migration (a restore builds the schema its backup was taken on, loads the rows, then migrates the rest) */
  through?: string;
  /** the migrations folder (tests point it at a copy) */
  dir?: string;
};

async function migrationsOnDisk(opts: Options): Promise<string[]> {
  const entries = await readdir(opts.dir ?? migrationsDir, { withFileTypes: true });
  return entries
    .filter((d) => d.isDirectory() && (!opts.through || d.name <= opts.through))
    .map((d) => d.name)
    .sort();
}

async function appliedMigrations(client: pg.Client): Promise<{ done: Set<string>; failed: string[] }> {
  const exists = await client.query(`SELECT to_regclass('public._prisma_migrations') AS t`);
  if (!exists.rows[0].t) return { done: new Set(), failed: [] };
  const rows = await client.query<{ migration_name: string; finished: boolean }>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
  );
  return {
    done: new Set(rows.rows.filter((r) => r.finished).map((r) => r.migration_name)),
    failed: rows.rows.filter((r) => !r.finished).map((r) => r.migration_name),
  };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // a connection lost mid-query rejects that query; without a listener it would also throw out of the process
  client.on('error', () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Migrations in the folder that the database has not finished applying. */
export async function pendingMigrations(url: string, opts: Options = {}): Promise<string[]> {
  const onDisk = await migrationsOnDisk(opts);
  const { done } = await withClient(url, appliedMigrations);
  return onDisk.filter((m) => !done.has(m));
}

/**
 * Applies the pending migrations of `prisma/migrations`, in name order, each in one transaction with its row in
 * `_prisma_migrations` (checksum = the SHA-256 of migration.sql, as Prisma computes it), so the Prisma CLI sees the
 * same history it would have written. Why not `prisma migrate deploy`: the CLI's WebAssembly schema engine took
 * ~30 s for an empty database, most of a first start (docs/database.md). A migration that fails leaves nothing
 * behind (its transaction rolls back) and stops the run with its name and the database's message. A migration the
 * Prisma CLI recorded as failed (started, never finished) is refused, as the CLI refuses it: resolve it first.
 */
export async function migrateDatabase(url: string, opts: Options = {}): Promise<{ applied: string[] }> {
  const previous = runs.get(url) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => migrateNow(url, opts));
  runs.set(url, run);
  try {
    return await run;
  } finally {
    if (runs.get(url) === run) runs.delete(url);
  }
}

async function migrateNow(url: string, opts: Options): Promise<{ applied: string[] }> {
  const onDisk = await migrationsOnDisk(opts);
  return withClient(url, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      // read after taking the lock: a replica that waited sees what the first one applied
      const { done, failed } = await appliedMigrations(client);
      if (failed.length) {
        throw new Error(`migration ${failed[0]} failed earlier and was never finished: resolve it (prisma migrate resolve) before migrating`);
      }
      const pending = onDisk.filter((m) => !done.has(m));
      if (pending.length) await client.query(BOOKKEEPING);
      for (const name of pending) await applyOne(client, opts.dir ?? migrationsDir, name);
      return { applied: pending };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  });
}

async function applyOne(client: pg.Client, dir: string, name: string): Promise<void> {
  const script = await readFile(join(dir, name, 'migration.sql'));
  const checksum = createHash('sha256').update(script).digest('hex');
  await client.query('BEGIN');
  try {
    // the whole script as one simple query: PL/pgSQL bodies ($$ ... $$) hold semicolons of their own
    await client.query(script.toString('utf8'));
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, $1, $2, now(), clock_timestamp(), 1)`,
      [checksum, name],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${name} failed: ${(e as Error).message}`, { cause: e });
  }
}
