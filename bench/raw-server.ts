// The yardstick for side-by-side.ts: the four operations the bench times, served by node:http and pg with no
// framework, validation or ORM. It sends the statements a hand-written server needs for the same result on
// Baton's tables (the same rows read and written, the same indexes, reads joined as Baton joins them, each write
// one transaction as Baton's is), authenticates the same Bearer API key (looked up once, as Baton's cache
// does), and answers JSON. What it leaves out (input checks, permissions per product, activity fan-out, public
// status mail) is Baton's own work: the gap between the two is what that work and the framework cost.
import { randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const ITEM = `SELECT i.*, p.key AS "productKey",
  COALESCE((SELECT jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name)
    FROM "ItemLabel" il JOIN "Label" l ON l.id = il."labelId" WHERE il."itemId" = i.id), '[]') AS labels,
  (SELECT u.name FROM "User" u WHERE u.id = i."assigneeUserId") AS "assigneeUser",
  (SELECT k.name FROM "ApiKey" k WHERE k.id = i."assigneeAgentId") AS "assigneeAgent"
  FROM "Item" i JOIN "Product" p ON p.id = i."productId"`;
const COMMENTS = `SELECT c.id, c.body, c."createdAt", c."editedAt", u.name AS "authorUser", k.name AS "authorAgent"
  FROM "Comment" c LEFT JOIN "User" u ON u.id = c."authorUserId" LEFT JOIN "ApiKey" k ON k.id = c."authorAgentId"
  WHERE c."itemId" = $1 AND c."deletedAt" IS NULL ORDER BY c."createdAt", c.id LIMIT 50`;
const ACTIVITY = `INSERT INTO "ActivityEvent" ("productId", "itemId", "actorAgentId", "actorName", action, field, after, "updatedAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING seq`;

type Agent = { id: string; name: string };
type Handler = (agent: Agent, url: URL, body: Record<string, unknown>, match: RegExpMatchArray) => Promise<unknown>;

export function startRawServer(databaseUrl: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const keys = new Map<string, Agent>();
  async function agentOf(header: string | undefined): Promise<Agent | null> {
    const secret = header?.replace(/^Bearer\s+/i, '') ?? '';
    const hash = createHash('sha256').update(secret).digest('hex');
    const known = keys.get(hash);
    if (known) return known;
    const r = await pool.query<Agent>('SELECT id, name FROM "ApiKey" WHERE "secretHash" = $1 AND "revokedAt" IS NULL', [hash]);
    if (r.rows[0]) keys.set(hash, r.rows[0]);
    return r.rows[0] ?? null;
  }
  async function transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
  }
  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', /^\/items\/([^/]+)$/, async (_a, _u, _b, [, id]) => {
      const [item, comments] = await Promise.all([pool.query(`${ITEM} WHERE i.id = $1 AND i."deletedAt" IS NULL`, [id]), pool.query(COMMENTS, [id])]);
      return { ...item.rows[0], comments: comments.rows };
    }],
    ['GET', /^\/items$/, async (_a, url) => {
      const r = await pool.query(`${ITEM} WHERE i."productId" = $1 AND i."deletedAt" IS NULL AND i.status = $2::"ItemStatus" ORDER BY i."updatedAt" DESC, i.id DESC LIMIT 50`, [
        url.searchParams.get('productId'), url.searchParams.get('status') ?? 'open',
      ]);
      return { items: r.rows };
    }],
    ['POST', /^\/items$/, (agent, _u, b) => transaction(async (c) => {
      const { rows: [p] } = await c.query<{ next: number }>('UPDATE "Product" SET "nextItemNumber" = "nextItemNumber" + 1, "updatedAt" = now() WHERE id = $1 RETURNING "nextItemNumber" - 1 AS next', [b.productId]);
      const { rows: [item] } = await c.query<{ id: string; number: number }>(
        `INSERT INTO "Item" (id, "productId", number, type, title, "reporterAgentId", "updatedAt") VALUES ($1, $2, $3, $4::"ItemType", $5, $6, now()) RETURNING *`,
        [`r${randomBytes(12).toString('hex')}`, b.productId, p!.next, b.type, b.title, agent.id],
      );
      await c.query(ACTIVITY, [b.productId, item!.id, agent.id, agent.name, 'created', null, null]);
      return item;
    })],
    ['POST', /^\/items\/([^/]+)\/status$/, async (agent, _u, b, [, id]) => {
      const item = await transaction(async (c) => {
        const r = await c.query<{ productId: string }>(
          `UPDATE "Item" SET status = $2::"ItemStatus", version = version + 1, "updatedAt" = now() WHERE id = $1 AND version = $3 AND "deletedAt" IS NULL RETURNING *`,
          [id, b.status, b.expectedVersion],
        );
        if (!r.rows[0]) throw Object.assign(new Error('version conflict'), { status: 409 });
        await c.query(ACTIVITY, [r.rows[0].productId, id, agent.id, agent.name, 'status_changed', 'status', JSON.stringify(b.status)]);
        return r.rows[0];
      });
      const comment = await transaction(async (c) => {
        const { rows: [row] } = await c.query(`INSERT INTO "Comment" (id, "itemId", "authorAgentId", body, "updatedAt") VALUES ($1, $2, $3, $4, now()) RETURNING *`, [
          `r${randomBytes(12).toString('hex')}`, id, agent.id, b.body,
        ]);
        await c.query('UPDATE "Item" SET "commentCount" = "commentCount" + 1, "updatedAt" = now() WHERE id = $1', [id]);
        await c.query(ACTIVITY, [item.productId, id, agent.id, agent.name, 'commented', null, null]);
        return row;
      });
      return { item, comment };
    }],
  ];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (c: string) => (raw += c)).on('end', () => {
      const url = new URL(req.url ?? '/', 'http://raw');
      const route = routes.flatMap(([method, re, handler]) => {
        const m = method === req.method ? url.pathname.match(re) : null;
        return m ? [{ handler, m }] : [];
      })[0];
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!route) return answer(404, { error: 'not found' });
      agentOf(req.headers.authorization)
        .then((agent) => (agent ? route.handler(agent, url, raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, route.m).then((out) => answer(200, out)) : answer(401, { error: 'unauthenticated' })))
        .catch((e: { status?: number; message?: string }) => answer(e.status ?? 500, { error: e.message }));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${bound}`, close: async () => (server.closeAllConnections(), await new Promise((r) => server.close(r)), await pool.end()) });
    });
  });
}
