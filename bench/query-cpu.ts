// CPU per operation and per SQL statement, the app's and the database's apart: core's item read (with comments),
// a list page, a create, and a status change plus a comment, called in process (no HTTP) one at a time over
// ITEMS items (default 2,000). The database is the local PostgreSQL (`--pg`, a fresh database) or the embedded
// one in a process of its own; `--unnamed` turns PostgreSQL's named prepared statements off. ROUNDS (default 3)
// rounds of N (default 300) calls per operation, interleaved; the table shows the median round and the range.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { addComment, createItem, getItem, listItems, updateItem, createInProcessBus, type Ctx } from '@baton/core';
import { createDb } from '@baton/db';
import { migrateDatabase } from '@baton/migrate';
import pg from 'pg';
import { cpuMeter, postgresBackends } from './cpu.ts';
import { databaseFromArgs, printTable, type Row } from './harness.ts';

const ITEMS = Number(process.env.ITEMS ?? 2000);
const N = Number(process.env.N ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const database = databaseFromArgs();
const named = !process.argv.includes('--unnamed');

// every statement the app sends goes through pg.Client#query (adapter-pg's pool included): count them
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const admin = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `baton_qcpu_${process.pid}`;
let url: string;
let dbPids: () => Promise<number[]>;
let stopDatabase: () => Promise<void>;
if (database === 'postgresql') {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  url = admin.replace(/\/[^/]*$/, `/${dbName}`);
  dbPids = postgresBackends(admin, dbName);
  stopDatabase = async () => {
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  };
} else {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./embedded-process.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  dbPids = async () => [child.pid!];
  stopDatabase = async () => {
    child.stdin!.end();
    await new Promise((resolve) => child.once('close', resolve));
  };
}

await migrateDatabase(url);
const db = createDb(url, { embedded: database === 'embedded', preparedStatements: named });
const rows: Row[] = [];
try {
  const org = await db.organization.create({ data: { name: 'Bench', slug: `qcpu-${process.pid}` } });
  const product = await db.product.create({ data: { organizationId: org.id, key: 'QC', name: 'Bench' } });
  const owner = await db.user.create({ data: { email: `qcpu-${process.pid}@example.test`, name: 'Bench' } });
  await db.membership.create({ data: { userId: owner.id, organizationId: org.id, role: 'owner' } });
  const ctx: Ctx = {
    db,
    clock: () => new Date(),
    bus: createInProcessBus(),
    principal: { kind: 'user', userId: owner.id, name: 'Bench', email: owner.email, sessionId: null },
  };
  const statuses = ['open', 'in_progress', 'done', 'closed'] as const;
  for (let start = 0; start < ITEMS; start += 1000) {
    await db.item.createMany({
      data: Array.from({ length: Math.min(1000, ITEMS - start) }, (_, k) => ({
        productId: product.id, number: start + k + 100_000, type: 'task' as const, title: `Filler ${start + k}`,
        status: statuses[k % 4]!, description: 'lorem ipsum '.repeat(10),
      })),
    });
  }
  const target = await createItem(ctx, { productId: product.id, type: 'bug', title: 'Read me', labels: ['a', 'b'] });
  for (let i = 0; i < 10; i++) await addComment(ctx, { productId: product.id, ref: target.id, body: `Comment ${i}` });
  const moving = await createItem(ctx, { productId: product.id, type: 'task', title: 'Moves' });
  let version = moving.version;
  let n = 0;

  const ops: Record<string, () => Promise<unknown>> = {
    'get with comments': () => Promise.all([getItem(ctx, { productId: product.id, ref: target.id }), db.comment.findMany({ where: { itemId: target.id }, orderBy: { createdAt: 'asc' }, take: 50 })]),
    'list 50 open': () => listItems(ctx, { productId: product.id, status: ['open'], limit: 50 }),
    create: () => createItem(ctx, { productId: product.id, type: 'task', title: `Created ${n++}` }),
    'status + comment': async () => {
      const status = version % 2 ? 'in_progress' : 'open';
      version = (await updateItem(ctx, { productId: product.id, ref: moving.id, expectedVersion: version, patch: { status } })).version;
      await addComment(ctx, { productId: product.id, ref: moving.id, body: `Now ${status}` });
    },
  };
  const meter = cpuMeter(dbPids);
  const results: Record<string, Array<{ app: number; db: number; statements: number; wall: number }>> = {};
  for (const fn of Object.values(ops)) for (let i = 0; i < 50; i++) await fn(); // warm-up: plans cached, pool full
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(ops)) {
      await meter.lap();
      const s0 = statements;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await fn();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const dbMs = await meter.lap();
      (results[name] ??= []).push({ app: (cpu.user + cpu.system) / 1000 / N, db: dbMs / N, statements: (statements - s0) / N, wall: wall / N });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const range = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
  for (const [name, rs] of Object.entries(results)) {
    const perStatement = rs.map((r) => r.app / r.statements);
    rows.push([
      name,
      `app ${range(rs.map((r) => r.app))} ms, db ${range(rs.map((r) => r.db))} ms, ${rs[0]!.statements.toFixed(1)} statements, ` +
        `app per statement ${range(perStatement)} ms, wall ${range(rs.map((r) => r.wall))} ms`,
    ]);
  }
} finally {
  await db.$disconnect();
  await stopDatabase();
}
printTable(`CPU per call on ${database}${database === 'postgresql' ? (named ? ', named statements' : ', unnamed statements') : ''} (median round, range)`, rows);
