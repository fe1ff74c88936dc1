// Benchmarks over real HTTP on the embedded database (or BENCH_DATABASE_URL): prints one table.
// Run: pnpm bench   (ITEMS=5000 by default)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer } from '@baton/backend';
import { createClient } from '@baton/client';
import { createApiKey, createInProcessBus } from '@baton/core';

const ITEMS = Number(process.env.ITEMS ?? 5000);
const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
const server = await startServer(
  readEnv({ ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent', ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }) }),
  { authRateLimit: 1_000_000 },
);
const { db } = server;
const rows: Array<[string, string]> = [];
const ms = (t: number) => `${t.toFixed(1)} ms`;
function pct(samples: number[], p: number) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
async function timeMany(n: number, concurrency: number, fn: (i: number) => Promise<unknown>) {
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

try {
  const org = await db.organization.create({ data: { name: 'Bench', slug: `bench-${Date.now()}` } });
  const product = await db.product.create({ data: { organizationId: org.id, key: 'BEN', name: 'Bench' } });
  const owner = await db.user.create({ data: { email: `bench-${Date.now()}@example.test`, name: 'Bench' } });
  await db.membership.create({ data: { userId: owner.id, organizationId: org.id, role: 'owner' } });
  const deps = { db, clock: () => new Date(), bus: createInProcessBus() };
  const { secret } = await createApiKey(
    { ...deps, principal: { kind: 'user', userId: owner.id, name: 'Bench', email: owner.email, sessionId: null } },
    { organizationId: org.id, name: 'bench-agent', role: 'agent', scopes: ['admin'], requestsPerMinute: 100_000 },
  );
  const client = createClient({ url: server.url, token: secret, productId: product.id });

  const creates = await timeMany(200, 4, (i) =>
    client.items.create.mutate({ productId: product.id, type: (['bug', 'feature', 'task'] as const)[i % 3]!, title: `Bench item ${i}`, labels: [`l${i % 5}`] }),
  );
  rows.push(['items.create over HTTP, 200 at concurrency 4', `p50 ${ms(pct(creates.samples, 50))}, p95 ${ms(pct(creates.samples, 95))}, ${(200 / (creates.wall / 1000)).toFixed(0)}/s`]);

  // fill the rest directly (the benchmark is about reads over a realistic table size)
  const t0 = performance.now();
  const statuses = ['open', 'in_progress', 'done', 'closed'] as const;
  const priorities = ['critical', 'high', 'medium', 'low'] as const;
  for (let start = 200; start < ITEMS; start += 1000) {
    const n = Math.min(1000, ITEMS - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => ({
        productId: product.id, number: start + k + 1000, type: 'task' as const, title: `Filler ${start + k} widget ${k % 17}`,
        status: statuses[k % 4]!, priority: priorities[k % 4]!, description: 'lorem ipsum '.repeat(10),
      })),
    });
  }
  rows.push([`bulk fill to ${ITEMS} items`, ms(performance.now() - t0)]);

  const list = await timeMany(200, 8, () => client.items.list.query({ productId: product.id, status: ['open'], limit: 50 }));
  rows.push([`items.list (status filter, 50/page, ${ITEMS} items), conc. 8`, `p50 ${ms(pct(list.samples, 50))}, p95 ${ms(pct(list.samples, 95))}, p99 ${ms(pct(list.samples, 99))}`]);
  const search = await timeMany(200, 8, () => client.items.search.query({ productId: product.id, query: 'is:open priority:>=high widget sort:priority-desc', limit: 50 }));
  rows.push([`items.search (query language + text), conc. 8`, `p50 ${ms(pct(search.samples, 50))}, p95 ${ms(pct(search.samples, 95))}, p99 ${ms(pct(search.samples, 99))}`]);
  const stats = await timeMany(50, 4, () => client.items.stats.query({ productId: product.id }));
  rows.push([`items.stats over ${ITEMS} items`, `p50 ${ms(pct(stats.samples, 50))}, p95 ${ms(pct(stats.samples, 95))}`]);

  const target = await client.items.create.mutate({ productId: product.id, type: 'task', title: 'Contended' });
  const race = await timeMany(50, 50, () => client.items.update.mutate({ productId: product.id, ref: target.id, expectedVersion: target.version, patch: { title: 'won' } }).catch(() => null));
  const after = await client.items.get.query({ productId: product.id, ref: target.id });
  rows.push(['50 racing updates, same expectedVersion', `${ms(race.wall)} wall; version ${target.version} -> ${after.version} (one winner)`]);
  rows.push(['server RSS after run', `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB (app + embedded database)`]);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${'benchmark'.padEnd(width)} | result\n${'-'.repeat(width)}-|-------`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
