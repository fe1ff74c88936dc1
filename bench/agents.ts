// Agent operations over real HTTP: claim, heartbeat, ready (READY_ITEMS items, default 10,000), takeNext,
// context and list at concurrency 8 and 32, with a check that no item is ever claimed twice.
import { benchFixture, databaseFromArgs, latency, printTable, recorder, startBenchServer, timeMany, type Row } from './harness.ts';

const ITEMS = Number(process.env.READY_ITEMS ?? 10_000);
const database = databaseFromArgs();
const { server, cleanup } = await startBenchServer(database);
const rows: Row[] = [];
const record = recorder(rows);
try {
  const { db, product, newAgent } = await benchFixture(server, 'AGT');
  const priorities = ['critical', 'high', 'medium', 'low'] as const;
  for (let start = 0; start < ITEMS; start += 2000) {
    const n = Math.min(2000, ITEMS - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => ({
        productId: product.id, number: start + k + 1, type: 'task' as const, title: `Ready ${start + k}`,
        priority: priorities[(start + k) % 4]!, description: 'Do the thing. '.repeat(20),
      })),
    });
  }
  await db.product.update({ where: { id: product.id }, data: { nextItemNumber: ITEMS + 1 } });
  // a tenth of the items are blocked by another item, so the ready query does real work
  const ids = await db.item.findMany({ where: { productId: product.id }, select: { id: true }, orderBy: { number: 'asc' } });
  await db.itemLink.createMany({ data: ids.slice(0, ITEMS / 10).map((b, i) => ({ fromItemId: b.id, toItemId: ids[ITEMS - 1 - i]!.id, type: 'blocks' as const })) });

  const agents = await Promise.all(Array.from({ length: 32 }, (_, i) => newAgent(`agent-${i}`)));
  for (const c of [8, 32]) {
    record(`queue.ready 50 of ${ITEMS}, conc. ${c}`, latency(await timeMany(160, c, (i) => agents[i % c]!.queue.ready.query({ productId: product.id, limit: 50 }))));
  }
  for (const c of [8, 32]) {
    record(`items.list 50/page, conc. ${c}`, latency(await timeMany(160, c, (i) => agents[i % c]!.items.list.query({ productId: product.id, limit: 50 }))));
  }
  // claims on distinct items: every call should win
  let next = ITEMS;
  const leases: Array<{ ref: string; token: number; agent: number }> = [];
  for (const c of [8, 32]) {
    const r = await timeMany(160, c, async (i) => {
      const ref = `AGT-${next--}`;
      const lease = await agents[i % c]!.claims.claim.mutate({ productId: product.id, ref, ttlSeconds: 600 });
      leases.push({ ref, token: lease.fencingToken, agent: i % c });
    });
    record(`claims.claim distinct items, conc. ${c}`, latency(r));
  }
  for (const c of [8, 32]) {
    const mine = leases.filter((l) => l.agent < c).slice(0, 160);
    const r = await timeMany(mine.length, c, (i) => agents[mine[i]!.agent]!.claims.heartbeat.mutate({ productId: product.id, ref: mine[i]!.ref, fencingToken: mine[i]!.token }));
    record(`claims.heartbeat, conc. ${c}`, latency(r));
  }
  for (const c of [8, 32]) {
    record(`agent.context (8k budget), conc. ${c}`, latency(await timeMany(160, c, (i) => agents[i % c]!.agent.context.query({ productId: product.id, ref: `AGT-${1 + i}`, budget: 8000 }))));
  }
  // contention: 32 agents race for the same items through takeNext; every item must end with one claim
  const taken: string[] = [];
  const r = await timeMany(320, 32, async (i) => {
    const got = await agents[i % 32]!.queue.takeNext.mutate({ productId: product.id, ttlSeconds: 600 });
    if (got) taken.push(got.item.id);
  });
  record('queue.takeNext, 32 agents racing', latency(r));
  const doubles = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM (SELECT "itemId" FROM "Claim" WHERE "endedAt" IS NULL GROUP BY "itemId" HAVING count(*) > 1) d`;
  record('items claimed twice (must be 0)', `${Number(doubles[0]!.n)}; takeNext handed out ${taken.length} items, ${new Set(taken).size} distinct`);
} finally {
  await cleanup();
}
printTable(`Agent operations on ${database}`, rows);
