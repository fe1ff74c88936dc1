// The public roadmap over real HTTP: server-rendered pages over 5,000 public items (p50/p95/p99), and vote
// throughput at concurrency 32 from distinct confirmed voters (from a separate load process, and through the typed
// client in this process), with the counts checked afterwards.
import { createClient } from '@baton/client';
import { hashToken, randomToken } from '@baton/core';
import { databaseFromArgs, latency, loadTest, pct, printTable, recorder, startBenchServer, timeMany, trpcMutation, type Row } from './harness.ts';
import { seedPublicBoard } from './roadmap-seed.ts';

const ITEMS = Number(process.env.ITEMS ?? 5000);
const VOTES = Number(process.env.VOTES ?? 2000);
const WARMUP = 500;
/** every vote of the bench must count: a refusal or an error fails the run */
const COUNTED = '"state":"counted"';
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

  // confirmed voters, written directly: each vote then counts at once. Three sets: a warm-up (JIT, caches; not
  // recorded), the load process's and the typed client's.
  const now = new Date();
  const tokens = Array.from({ length: WARMUP + 2 * VOTES }, () => randomToken());
  await db.voterEmail.createMany({ data: tokens.map((_, i) => ({ email: `bench-${i}@example.test`, verifiedAt: now })) });
  await db.emailVerification.createMany({
    data: tokens.map((t, i) => ({ email: `bench-${i}@example.test`, tokenHash: hashToken(t), expiresAt: now, usedAt: now })),
  });
  const before = await db.item.aggregate({ where: { productId: product.id }, _sum: { voteCount: true } });
  const voteOf = (token: string, i: number) => ({ productKey: 'RDM', ref: (i % 500) + 1, voterToken: token });
  const votesBy = (from: number, n: number) => tokens.slice(from, from + n).map((t, i) => trpcMutation('public.vote', voteOf(t, i)));
  await loadTest(url, 32, votesBy(0, WARMUP), COUNTED);
  const votes = await loadTest(url, 32, votesBy(WARMUP, VOTES), COUNTED);
  record(`public.vote, ${VOTES} confirmed voters, conc. 32`, latency(votes));
  // the same through the typed client inside the bench's process: the client's own work (about as much CPU as the
  // server's) runs on the server's event loop, so this is slower than what remote voters see
  const client = createClient({ url });
  const typed = await timeMany(VOTES, 32, (i) => client.public.vote.mutate(voteOf(tokens[WARMUP + VOTES + i]!, i)));
  record(`public.vote, typed client in the server's process, conc. 32`, latency(typed));
  const after = await db.item.aggregate({ where: { productId: product.id }, _sum: { voteCount: true } });
  const cast = WARMUP + 2 * VOTES;
  record('votes counted (must equal the votes cast)', `${(after._sum.voteCount ?? 0) - (before._sum.voteCount ?? 0)} of ${cast}`);
  record('targets', `board SSR p95 ${sspP95.toFixed(1)} ms (< 100), vote p99 ${pct(votes.samples, 99).toFixed(1)} ms (< 50)`);
  record(
    `process RSS (server${database === 'embedded' ? ' + embedded db' : ''})`,
    `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
  );
} finally {
  await cleanup();
}
printTable(`Public roadmap (${database})`, rows);
