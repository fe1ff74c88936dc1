import type pg from 'pg';

/** Anything that runs SQL: a pg client, a pool's client. Only the simple protocol is needed for reads. */
export type Sql = Pick<pg.ClientBase, 'query'>;

/** Prisma's own bookkeeping: recorded in the manifest, recreated by the migrations on restore, never copied. */
export const MIGRATIONS_TABLE = '_prisma_migrations';

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export type TableInfo = { name: string; selfReferencing: boolean };

/**
 * The app's tables (schema public) in an order that satisfies every foreign key: parents before children.
 * Read from the catalog, so a new table or relation needs no change here. A cycle between tables is refused
 * (a restore could not load it with the constraints on); a table referencing itself is loaded in one statement.
 */
export async function orderedTables(sql: Sql): Promise<TableInfo[]> {
  const tables = (
    await sql.query<{ oid: number; name: string }>(
      `SELECT c.oid::int AS oid, c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname::text <> '${MIGRATIONS_TABLE}' ORDER BY c.relname::text`,
    )
  ).rows;
  const fks = (
    await sql.query<{ child: number; parent: number }>(
      `SELECT c.conrelid::int AS child, c.confrelid::int AS parent FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = 'public'`,
    )
  ).rows;
  const names = new Map(tables.map((t) => [t.oid, t.name]));
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  const selfRef = new Set<string>();
  for (const fk of fks) {
    const child = names.get(fk.child);
    const parent = names.get(fk.parent);
    if (!child || !parent) continue;
    if (child === parent) selfRef.add(child);
    else parents.get(child)!.add(parent);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p)));
    if (!ready.length) {
      const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new Error(`foreign keys form a cycle between tables: ${left.join(', ')}`);
    }
    for (const t of ready) {
      placed.add(t.name);
      ordered.push({ name: t.name, selfReferencing: selfRef.has(t.name) });
    }
  }
  return ordered;
}

/** The schema's sequences (an ActivityEvent's seq, ...): their names. */
export async function sequenceNames(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Migrations this database has applied, in order (empty when it has no schema yet). */
export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass('public.${MIGRATIONS_TABLE}')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await sql.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** Each row as PostgreSQL's own text form of the record: exact for every column type, both ways. */
export async function tableRows(sql: Sql, table: string): Promise<string[]> {
  const { rows } = await sql.query<{ r: string }>(`SELECT t::text AS r FROM ${ident(table)} t`);
  return rows.map((r) => r.r);
}

/**
 * Fixes how values are written as text for this transaction only (SET LOCAL: on the embedded database the
 * connection is the server's own session): the same bytes whatever the server's TimeZone or DateStyle.
 */
export async function fixTextFormats(sql: Sql): Promise<void> {
  await sql.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1`);
}
