// The public roadmap over real HTTP: server-rendered pages over 5,000 public items (p50/p95/p99), and vote
// throughput at concurrency 32 from distinct confirmed voters, with the counts checked afterwards.
import { createClient } from '@baton/client';
import { hashToken, randomToken } from '@baton/core';
import { databaseFromArgs, latency, pct, printTable, recorder, startBenchServer, timeMany, type Row } from './harness.ts';
import { seedPublicBoard } from './roadmap-seed.ts';

const ITEMS = Number(process.env.ITEMS ?? 5000);
const VOTES = Number(process.env.VOTES ?? 2000);
// the benchmark is one address hammering the server: lift the per-visitor limits it would otherwise hit
Object.assign(process.env, { PUBLIC_VOTES_PER_MINUTE: '10000000', PUBLIC_VOTES_PER_EMAIL_HOUR: '10000000' });

const database = databaseFromArgs();
const { server, cleanup } = await startBenchServer(database);
const rows: Row[] = [];
const record = recorder(rows);
try {
  const { db, url } = server;
  const { product } = await seedPublicBoard(db, { key: 'RDM', name: 'Roadmap bench', count: ITEMS });
  const page = async (path: string) => {
    const res = await fetch(url + path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.text();
  };
  for (let i = 0; i < 20; i++) await page('/roadmap/RDM'); // warm-up: JIT, caches, the similarity index is not involved
  let sspP95 = 0;
  for (const [name, path] of [
    ['board', '/roadmap/RDM'],
    ['board, searched', '/roadmap/RDM?q=dark+mode'],
    ['list, recent, planned', '/roadmap/RDM?view=list&status=planned&sort=recent'],
    ['idea page', '/roadmap/RDM/1234'],
  ] as const) {
    const r = await timeMany(200, 1, () => page(path));
    if (path === '/roadmap/RDM') sspP95 = pct(r.samples, 95);
    record(`GET ${path} (${name}) of ${ITEMS}, conc. 1`, latency(r));
  }
  record(`GET /roadmap/RDM of ${ITEMS}, conc. 8`, latency(await timeMany(400, 8, () => page('/roadmap/RDM'))));

  // confirmed voters, written directly: each vote then counts at once
  const now = new Date();
  const tokens = Array.from({ length: VOTES }, () => randomToken());
  await db.voterEmail.createMany({ data: tokens.map((_, i) => ({ email: `bench-${i}@example.test`, verifiedAt: now })) });
  await db.emailVerification.createMany({
    data: tokens.map((t, i) => ({ email: `bench-${i}@example.test`, tokenHash: hashToken(t), expiresAt: now, usedAt: now })),
  });
  const before = await db.item.aggregate({ where: { productId: product.id }, _sum: { voteCount: true } });
  const client = createClient({ url });
  // the floor under any public call on this machine: the same HTTP and tRPC path around one small indexed read
  const floor = await timeMany(VOTES, 32, () => client.public.boards.query());
  record(`public.boards (HTTP floor: one small read), conc. 32`, latency(floor));
  const votes = await timeMany(VOTES, 32, (i) =>
    client.public.vote.mutate({ productKey: 'RDM', ref: (i % 500) + 1, voterToken: tokens[i]! }),
  );
  record(`public.vote, ${VOTES} confirmed voters, conc. 32`, latency(votes));
  const after = await db.item.aggregate({ where: { productId: product.id }, _sum: { voteCount: true } });
  record('votes counted (must equal the votes cast)', `${(after._sum.voteCount ?? 0) - (before._sum.voteCount ?? 0)} of ${VOTES}`);
  record('targets', `board SSR p95 ${sspP95.toFixed(1)} ms (< 100), vote p99 ${pct(votes.samples, 99).toFixed(1)} ms (< 50)`);
  record(
    `process RSS (server${database === 'embedded' ? ' + embedded db' : ''})`,
    `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  );
} finally {
  await cleanup();
}
printTable(`Public roadmap (${database})`, rows);
