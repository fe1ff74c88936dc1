/**
 * Names for PostgreSQL prepared statements, for adapter-pg's `statementNameGenerator`. With a name, pg parses a
 * statement once per connection and PostgreSQL keeps its plan: planning the relation-join reads costs ~2 ms of
 * database CPU per query, and the item read went from 1.9 to 0.3 ms with names. Without a name every query is
 * parsed and planned again.
 *
 * The same SQL text always gets the same name (pg refuses one name for two texts), and at most `limit` texts are
 * named: each named statement stays in every connection's session for the connection's life, and some SQL varies
 * with its input (an `IN (...)` per list length), so past the limit new texts run unnamed, as before. Hot queries
 * are met first and keep their names. Not for the embedded database: PGlite is one session under every
 * connection, so connections would collide on names ("prepared statement ... already exists").
 * Statements without parameters (BEGIN, COMMIT, savepoints) stay unnamed: pg then sends them as one simple query.
 * The empty name is PostgreSQL's unnamed statement, which is what pg uses when no name is given.
 */
export function statementNames(limit = 1000): (query: { sql: string; args: unknown[] }) => string {
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    if (args.length === 0) return '';
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= limit) return '';
      name = `baton_${names.size.toString(36)}`;
      names.set(sql, name);
    }
    return name;
  };
}
