// Item API over real HTTP: create, list, search and stats over ITEMS items (default 5,000), and a write race.
import { benchFixture, databaseFromArgs, latency, printTable, startBenchServer, timeMany, type Row } from './harness.ts';

const ITEMS = Number(process.env.ITEMS ?? 5000);
const database = databaseFromArgs();
const { server, cleanup } = await startBenchServer(database);
const rows: Row[] = [];
try {
  const { db, product, client } = await benchFixture(server);
  const creates = await timeMany(200, 4, (i) =>
    client.items.create.mutate({ productId: product.id, type: (['bug', 'feature', 'task'] as const)[i % 3]!, title: `Bench item ${i}`, labels: [`l${i % 5}`] }),
  );
  rows.push(['items.create, conc. 4 (p50/p95/p99)', latency(creates)]);
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
  for (const c of [1, 8, 32]) {
    const list = await timeMany(200, c, () => client.items.list.query({ productId: product.id, status: ['open'], limit: 50 }));
    rows.push([`items.list 50/page of ${ITEMS}, conc. ${c}`, latency(list)]);
  }
  for (const c of [1, 8]) {
    const search = await timeMany(200, c, () => client.items.search.query({ productId: product.id, query: 'is:open priority:>=high widget sort:priority-desc', limit: 50 }));
    rows.push([`items.search (query + text), conc. ${c}`, latency(search)]);
  }
  rows.push([`items.stats over ${ITEMS}`, latency(await timeMany(50, 4, () => client.items.stats.query({ productId: product.id })))]);
  const target = await client.items.create.mutate({ productId: product.id, type: 'task', title: 'Contended' });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, () => client.items.update.mutate({ productId: product.id, ref: target.id, expectedVersion: target.version, patch: { title: 'won' } })),
  );
  const winners = outcomes.filter((o) => o.status === 'fulfilled').length;
  rows.push(['50 racing updates, one expectedVersion', `${winners} winner(s) (must be 1)`]);
  rows.push([`process RSS (server${database === 'embedded' ? ' + embedded db' : ''})`, `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`]);
} finally {
  await cleanup();
}
printTable(`Items API on ${database}`, rows);
