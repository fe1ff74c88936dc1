import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { observeStatements, type Statement } from './statement-log.ts';
import { statementNames } from './statement-names.ts';

export type Db = PrismaClient;

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
  opts: { max?: number; embedded?: boolean; preparedStatements?: boolean; onStatement?: (s: Statement) => void } = {},
): Db {
  const max = opts.embedded ? 1 : (opts.max ?? 10);
  // preparedStatements: false for a pooler that cannot keep named statements (PgBouncer before 1.21)
  const named = !opts.embedded && (opts.preparedStatements ?? true);
  const adapter = new PrismaPg({ connectionString: url, max }, named ? { statementNameGenerator: statementNames() } : {});
  // onStatement: the query budget test counts what each request sends (statement-log.ts)
  return new PrismaClient({ adapter: opts.onStatement ? observeStatements(adapter, opts.onStatement) : adapter });
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
