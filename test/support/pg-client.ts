import { randomUUID } from 'node:crypto';
import pg from 'pg';

// Plain connections for tests and benches that look at a database beside the app (its catalog, a fresh database):
// each call has a connection of its own, closed afterwards.

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The rows one statement answers. */
export const queryRows = <R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> =>
  withClient(url, (c) => c.query<R>(sql, values)).then((r) => r.rows);

/** A new empty database on the PostgreSQL server of `adminUrl` (named `<prefix>_<random>`), and how to drop it. */
export async function emptyPostgresDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}
