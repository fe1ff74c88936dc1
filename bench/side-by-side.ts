// Baton against a raw node:http + pg server (raw-server.ts) on the same PostgreSQL database and data: get with
// comments, list, create and status + comment at concurrency 8 and 32, ROUNDS rounds (default 3) of N requests
// (default 400) each, interleaved. Load comes from load-client.mjs in its own process; both servers run in this
// process, one at a time, so this process's CPU over a run is the server's (app), and the database's is the
// PostgreSQL backends' /proc time (cpu.ts). Then Baton on the embedded database (PGlite runs in a worker thread
// of this process: app and database CPU together), and cold start (a fresh built process until /health answers).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMeter, postgresBackends } from './cpu.ts';
import { benchFixture, loadTest, pct, printTable, startBenchServer, type Database, type LoadRequest, type Row } from './harness.ts';
import { startRawServer } from './raw-server.ts';

const ITEMS = Number(process.env.ITEMS ?? 10_000);
const N = Number(process.env.N ?? 400);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = [8, 32];
const OPS = ['get with comments', 'list 50 open', 'create', 'status + comment'] as const;
type Op = (typeof OPS)[number];
type Run = { rps: number; p50: number; p95: number; p99: number; app: number; db: number; rss: number };
type Target = { name: string; url: string; headers: Record<string, string>; requests(op: Op, n: number): LoadRequest[] };

// tRPC's batch format, as the typed client sends it: one HTTP request for the procedures a screen needs together
const batch = (paths: string[]) => `/trpc/${paths.join(',')}?batch=1`;
const getBatch = (paths: string[], inputs: unknown[]) =>
  `${batch(paths)}&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((json, i) => [i, { json }]))))}`;
const postBatch = (paths: string[], inputs: unknown[]): LoadRequest => ({
  method: 'POST', path: batch(paths), body: JSON.stringify(Object.fromEntries(inputs.map((json, i) => [i, { json }]))),
});

async function seed(database: Database) {
  const { server, databaseUrl, cleanup } = await startBenchServer(database);
  const { db, product, newKey } = await benchFixture(server, 'SBS');
  const secret = await newKey('side-by-side');
  const statuses = ['open', 'in_progress', 'done', 'closed'] as const;
  for (let start = 0; start < ITEMS; start += 1000) {
    await db.item.createMany({
      data: Array.from({ length: Math.min(1000, ITEMS - start) }, (_, k) => ({
        productId: product.id, number: start + k + 1_000_000, type: 'task' as const, title: `Filler ${start + k}`, status: statuses[k % 4]!, description: 'lorem ipsum '.repeat(10),
      })),
    });
  }
  const target = await db.item.create({ data: { productId: product.id, number: 999_999, type: 'bug', title: 'Read me' } });
  await db.comment.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ itemId: target.id, body: `Comment ${i}` })) });
  // statistics, as a default PostgreSQL's autovacuum takes them within a minute of a bulk load: this machine's
  // PostgreSQL runs with autovacuum off, and without statistics the planner takes the product's 10,000 items for
  // a handful and reads and sorts all of them for each list page (EXPLAIN ANALYZE: 10 ms; 1 ms of CPU with them)
  await db.$executeRawUnsafe('ANALYZE');
  // status + comment moves a fresh item each time (version 1), so no request loses an optimistic race
  let movers: string[] = [];
  const newMovers = async (n: number) => {
    const base = 2_000_000 + (await db.item.count({ where: { productId: product.id } }));
    const data = Array.from({ length: n }, (_, k) => ({ productId: product.id, number: base + k, type: 'task' as const, title: `Mover ${base + k}` }));
    await db.item.createMany({ data });
    movers = (await db.item.findMany({ where: { productId: product.id, number: { gte: base } }, select: { id: true } })).map((r) => r.id);
  };
  const baton: Target = {
    name: 'Baton', url: server.url, headers: { authorization: `Bearer ${secret}` },
    requests: (op, n) => Array.from({ length: n }, (_, i): LoadRequest => {
      const p = product.id;
      if (op === 'get with comments') return { method: 'GET', path: getBatch(['items.get', 'items.comments.list'], [{ productId: p, ref: target.id }, { productId: p, ref: target.id }]) };
      if (op === 'list 50 open') return { method: 'GET', path: getBatch(['items.list'], [{ productId: p, status: ['open'], limit: 50 }]) };
      if (op === 'create') return postBatch(['items.create'], [{ productId: p, type: 'task', title: `Created ${i}` }]);
      return postBatch(['items.update', 'items.comments.add'], [{ productId: p, ref: movers[i], expectedVersion: 1, patch: { status: 'in_progress' } }, { productId: p, ref: movers[i], body: 'Now in progress' }]);
    }),
  };
  const raw: Target = {
    name: 'raw node+pg', url: '', headers: baton.headers,
    requests: (op, n) => Array.from({ length: n }, (_, i): LoadRequest => {
      if (op === 'get with comments') return { method: 'GET', path: `/items/${target.id}` };
      if (op === 'list 50 open') return { method: 'GET', path: `/items?productId=${product.id}&status=open` };
      if (op === 'create') return { method: 'POST', path: '/items', body: JSON.stringify({ productId: product.id, type: 'task', title: `Raw ${i}` }) };
      return { method: 'POST', path: `/items/${movers[i]}/status`, body: JSON.stringify({ status: 'in_progress', expectedVersion: 1, body: 'Now in progress' }) };
    }),
  };
  return { server, databaseUrl, cleanup, baton, raw, newMovers, dbName: databaseUrl?.replace(/.*\//, '') };
}

async function measure(t: Target, op: Op, concurrency: number, dbCpu: () => Promise<number>, prepare: (n: number) => Promise<void>): Promise<Run> {
  if (op === 'status + comment') await prepare(N);
  const requests = t.requests(op, N);
  await dbCpu();
  const cpu0 = process.cpuUsage();
  // peak RSS of this process (the server, and on the embedded database PGlite's worker with it)
  let rss = process.memoryUsage().rss;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
  const r = await loadTest(t.url, concurrency, requests, undefined, t.headers).finally(() => clearInterval(sampler));
  const cpu = process.cpuUsage(cpu0);
  const db = await dbCpu();
  return { rps: N / (r.wall / 1000), p50: pct(r.samples, 50), p95: pct(r.samples, 95), p99: pct(r.samples, 99), app: (cpu.user + cpu.system) / 1000 / N, db: db / N, rss: rss / 2 ** 20 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[], d = 1) => `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}-${Math.max(...xs).toFixed(d)})`;
const summary = (rs: Run[], withDb: boolean) =>
  `${spread(rs.map((r) => r.rps), 0)}/s, p50/95/99 ${median(rs.map((r) => r.p50)).toFixed(1)}/${median(rs.map((r) => r.p95)).toFixed(1)}/${median(rs.map((r) => r.p99)).toFixed(1)} ms, ` +
  `CPU/req app ${spread(rs.map((r) => r.app), 2)}${withDb ? ` + db ${spread(rs.map((r) => r.db), 2)}` : ' (app + db)'} ms`;

async function runAll(database: Database, rows: Row[]) {
  const s = await seed(database);
  const admin = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const meter = database === 'postgresql' ? cpuMeter(postgresBackends(admin, s.dbName!)) : null;
  const dbCpu = async () => (meter ? meter.lap() : 0);
  const raw = s.databaseUrl ? await startRawServer(s.databaseUrl) : null;
  if (raw) s.raw.url = raw.url;
  const targets = raw ? [s.baton, s.raw] : [s.baton];
  const results = new Map<string, Run[]>();
  try {
    // warm-up: plans cached, pools full, caches filled
    for (const t of targets) for (const op of OPS) await measure(t, op, 8, dbCpu, s.newMovers);
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of OPS) for (const c of CONCURRENCY) for (const t of targets) {
        const key = `${op}, conc. ${c} | ${t.name}`;
        results.set(key, [...(results.get(key) ?? []), await measure(t, op, c, dbCpu, s.newMovers)]);
        console.error(`  ${database} round ${round + 1}: ${key}: ${summary(results.get(key)!.slice(-1), meter !== null)}`);
      }
    }
  } finally {
    await raw?.close();
    await s.cleanup();
  }
  const baton = [...results].filter(([k]) => k.endsWith('| Baton')).flatMap(([, rs]) => rs);
  rows.push([`${database}: Baton process peak RSS under load`, `${Math.max(...baton.map((r) => r.rss)).toFixed(0)} MiB`]);
  for (const op of OPS) for (const c of CONCURRENCY) {
    const b = results.get(`${op}, conc. ${c} | Baton`)!;
    rows.push([`${database}: ${op}, conc. ${c}, Baton`, summary(b, meter !== null)]);
    const r = results.get(`${op}, conc. ${c} | raw node+pg`);
    if (r) {
      rows.push([`${database}: ${op}, conc. ${c}, raw node+pg`, summary(r, true)]);
      rows.push([`${database}: ${op}, conc. ${c}, Baton / raw`, `${((100 * median(b.map((x) => x.rps))) / median(r.map((x) => x.rps))).toFixed(0)}% of the throughput`]);
    }
  }
}

/**
 * A fresh Baton process on the embedded database until /health answers: first start (migrations), then again. It
 * runs the built backend (backend/dist/main.js, built here first), as scripts/start.sh does.
 */
async function coldStart(rows: Row[]) {
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['backend/scripts/build.mjs'], { stdio: 'inherit' }).once('close', (code) => (code === 0 ? resolve() : reject(new Error(`backend build exited with ${code}`)))),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-cold-'));
  try {
    for (const label of ['first start (empty data dir, migrations)', 'second start (same data dir)']) {
      const port = Number(process.env.BENCH_COLD_PORT ?? 4310);
      const t0 = performance.now();
      const { DATABASE_URL: _pg, ...env } = process.env;
      const child = spawn(process.execPath, ['backend/dist/main.js'], {
        env: { ...env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'],
      });
      let exited = false;
      child.once('exit', () => (exited = true));
      while (!(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false))) {
        if (exited) throw new Error('Baton exited before it answered /health');
        await new Promise((r) => setTimeout(r, 20));
      }
      rows.push([`cold start, ${label}`, `${((performance.now() - t0) / 1000).toFixed(2)} s`]);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
if (!process.argv.includes('--embedded-only')) await runAll('postgresql', rows);
if (!process.argv.includes('--pg-only')) await runAll('embedded', rows);
if (!process.argv.includes('--pg-only')) await coldStart(rows);
printTable(`Baton side by side with raw node:http + pg (${ITEMS} items, ${N} requests a run, median of ${ROUNDS} rounds (range))`, rows);
