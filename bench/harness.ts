// Shared by the benchmarks: a real server on the embedded database or a fresh PostgreSQL database, a fixture
// organization with an admin API key, timing of concurrent calls, and the printed table.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnv, startServer, type RunningServer } from '@baton/backend';
import { createClient } from '@baton/client';
import { createApiKey, createInProcessBus } from '@baton/core';
import pg from 'pg';

export type Database = 'embedded' | 'postgresql';
export type Row = [string, string];

/** `--pg` (or BENCH_DATABASE=postgresql) benchmarks a fresh database on the local PostgreSQL instead. */
export const databaseFromArgs = (): Database =>
  process.argv.includes('--pg') || process.env.BENCH_DATABASE === 'postgresql' ? 'postgresql' : 'embedded';

export async function startBenchServer(database: Database): Promise<{ server: RunningServer; databaseUrl?: string; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  let dbName: string | null = null;
  const admin = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (database === 'postgresql') {
    dbName = `baton_bench_${process.pid}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
  }
  const url = dbName ? admin.replace(/\/[^/]*$/, `/${dbName}`) : undefined;
  const server = await startServer(
    readEnv({ ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', ...(url && { DATABASE_URL: url }) }),
    { authRateLimit: 1_000_000 },
  );
  return {
    server,
    ...(url && { databaseUrl: url }),
    async cleanup() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await c.end();
      }
    },
  };
}

/** An organization, a product and an admin-scoped agent key, with a client acting as that key. */
export async function benchFixture(server: RunningServer, key = 'BEN') {
  const { db } = server;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const org = await db.organization.create({ data: { name: 'Bench', slug: `bench-${stamp}` } });
  const product = await db.product.create({ data: { organizationId: org.id, key, name: 'Bench' } });
  const owner = await db.user.create({ data: { email: `bench-${stamp}@example.test`, name: 'Bench' } });
  await db.membership.create({ data: { userId: owner.id, organizationId: org.id, role: 'owner' } });
  const ctx = {
    db,
    clock: () => new Date(),
    bus: createInProcessBus(),
    principal: { kind: 'user' as const, userId: owner.id, name: 'Bench', email: owner.email, sessionId: null },
  };
  const newKey = async (name: string) =>
    (await createApiKey(ctx, { organizationId: org.id, name, role: 'agent', scopes: ['admin'], requestsPerMinute: 100_000 })).secret;
  const newAgent = async (name: string) => createClient({ url: server.url, token: await newKey(name), productId: product.id });
  return { db, org, product, client: await newAgent('bench-agent'), newAgent, newKey };
}

export function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Runs `n` calls with `concurrency` workers; returns each call's latency and the wall time. */
export async function timeMany(n: number, concurrency: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        samples.push(performance.now() - s);
      }
    }),
  );
  return { samples, wall: performance.now() - t0 };
}

export type LoadRequest = { method: 'GET' | 'POST'; path: string; body?: string };

/**
 * Sends `requests` to `url` from a separate process (load-client.mjs says why), `concurrency` at a time, each
 * answered before that worker sends its next. Every answer must be 2xx and contain `expect` when given.
 */
export async function loadTest(url: string, concurrency: number, requests: LoadRequest[], expect?: string, headers?: Record<string, string>) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./load-client.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify({ url, concurrency, requests, expect, headers }));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  const r = JSON.parse(out) as { samples: number[]; wall: number; failed: number; examples: string[] };
  if (r.failed) throw new Error(`${r.failed} of ${requests.length} requests failed, e.g. ${r.examples.join(' | ')}`);
  return { samples: r.samples, wall: r.wall };
}

/** A tRPC mutation as the typed client sends it: POST, the input in superjson's envelope (plain JSON values). */
export const trpcMutation = (procedure: string, input: unknown): LoadRequest => ({
  method: 'POST',
  path: `/trpc/${procedure}`,
  body: JSON.stringify({ json: input }),
});

const ms = (t: number) => `${t.toFixed(1)}`;
/** "p50 / p95 / p99 ms, N/s" for a timed run. */
export const latency = (r: { samples: number[]; wall: number }) =>
  `${ms(pct(r.samples, 50))} / ${ms(pct(r.samples, 95))} / ${ms(pct(r.samples, 99))} ms, ${(r.samples.length / (r.wall / 1000)).toFixed(0)}/s`;

/** Prints a row as soon as it is measured (long runs show progress), and keeps it for the final table. */
export function recorder(rows: Row[]) {
  return (name: string, result: string) => {
    rows.push([name, result]);
    console.error(`  ${name}: ${result}`);
  };
}

export function printTable(title: string, rows: Row[]): void {
  const width = Math.max(9, ...rows.map((r) => r[0].length));
  console.log(`\n${title}\n${'benchmark'.padEnd(width)} | result\n${'-'.repeat(width)}-|-------`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
}
