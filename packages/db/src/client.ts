import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { observeStatements, type Statement } from './statement-log.ts';
import { statementNames } from './statement-names.ts';

export type Db = PrismaClient;
export type DbPool = pg.Pool;

/**
 * A Prisma client over adapter-pg; the same code path for PostgreSQL and the embedded database.
 * `embedded: true` uses ONE pooled connection: pglite-socket 0.2.17 interleaves extended-protocol messages of
 * concurrent connections while a transaction is open ("portal does not exist", rows vanishing mid-transaction;
 * reproduced with 4 concurrent writers). PGlite runs one query at a time anyway, so one connection costs little,
 * and queries simply queue in the pg pool. Inside `$transaction` use `tx` only, or the call waits for itself.
 * On PostgreSQL, statements are prepared once per connection under a name (see statement-names.ts); never on the
 * embedded database, where every connection is the same single session underneath.
 */
export function createDb(
  url: string,
  opts: { max?: number; embedded?: boolean; preparedStatements?: boolean; onStatement?: (s: Statement) => void; pool?: pg.Pool } = {},
): Db {
  const max = opts.embedded ? 1 : (opts.max ?? 10);
  // preparedStatements: false for a pooler that cannot keep named statements (PgBouncer before 1.21)
  const named = !opts.embedded && (opts.preparedStatements ?? true);
  // pool: the embedded database's one connection, shared with the job queue (see createEmbeddedPool)
  // the pool is made here (not by the adapter) so that /metrics can read its use; the adapter still ends it
  const pool = opts.pool ?? new pg.Pool({ connectionString: url, max });
  const adapter = new PrismaPg(pool, { ...(named && { statementNameGenerator: statementNames() }), disposeExternalPool: !opts.pool });
  // onStatement: the query budget test counts what each request sends (statement-log.ts)
  const db = new PrismaClient({ adapter: opts.onStatement ? observeStatements(adapter, opts.onStatement) : adapter });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Db, pg.Pool>();

/** How the pool behind a client is used now (open, idle, calls waiting for a connection, its maximum); null if unknown. */
export function poolUse(db: Db): { total: number; idle: number; waiting: number; max: number } | null {
  const pool = pools.get(db);
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 } : null;
}

/**
 * The embedded database's one connection, for the app's client and the job queue together: a second connection
 * would interleave its extended-protocol messages with the first (see createDb). Whoever creates it ends it.
 */
export function createEmbeddedPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 1 });
}

/** True when the database answers a trivial query within the timeout. */
export async function isDatabaseReachable(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
