// The board page over real HTTP: SSR latency of /p/KEY/board with ITEMS items (default 10,000) and a signed-in
// session cookie, and the JavaScript the page loads, gzipped. Needs the built web app (pnpm --filter @baton/web build).
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createInProcessBus, createSession } from '@baton/core';
import { benchFixture, databaseFromArgs, latency, pct, printTable, startBenchServer, timeMany, type Row } from './harness.ts';

const ITEMS = Number(process.env.ITEMS ?? 10_000);
const TARGET_P95_MS = 100;
const database = databaseFromArgs();
const { server, cleanup } = await startBenchServer(database);
const rows: Row[] = [];
try {
  const { db, org, product } = await benchFixture(server);
  const owner = await db.membership.findFirstOrThrow({ where: { organizationId: org.id }, select: { userId: true } });
  const statuses = ['open', 'in_progress', 'done', 'closed', 'wont_fix'] as const;
  const priorities = ['critical', 'high', 'medium', 'low'] as const;
  for (let start = 0; start < ITEMS; start += 1000) {
    const n = Math.min(1000, ITEMS - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => ({
        productId: product.id, number: start + k + 1, type: (['bug', 'feature', 'task'] as const)[k % 3]!, title: `Board item ${start + k}`,
        status: statuses[k % 5]!, priority: priorities[k % 4]!, assigneeUserId: k % 3 ? owner.userId : null, description: 'lorem ipsum '.repeat(10),
      })),
    });
  }
  const { token } = await createSession({ db, clock: () => new Date(), bus: createInProcessBus() }, owner.userId, { twoFactorVerified: true });
  const get = async (path: string) => {
    const res = await fetch(server.url + path, { headers: { cookie: `baton_session=${token}` }, redirect: 'manual' });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return body;
  };

  const html = await get(`/p/${product.key}/board`);
  const cards = (html.match(/<li class="card/g) ?? []).length;
  // warm-up, then measure one at a time (what a user sees) and under load
  await timeMany(20, 2, () => get(`/p/${product.key}/board`));
  for (const c of [1, 4]) {
    const r = await timeMany(200, c, () => get(`/p/${product.key}/board`));
    rows.push([`GET /p/KEY/board SSR, ${ITEMS} items, conc. ${c} (p50/p95/p99)`, `${latency(r)}${c === 1 ? (pct(r.samples, 95) < TARGET_P95_MS ? ' (p95 within 100 ms)' : ' (p95 OVER 100 ms)') : ''}`]);
  }
  const lanes = await timeMany(100, 1, () => get(`/p/${product.key}/board?lanes=assignee&q=${encodeURIComponent('priority:>=high')}`));
  rows.push(['GET board, assignee lanes + filter, conc. 1', latency(lanes)]);
  rows.push(['cards rendered (5 columns, capped per column)', String(cards)]);

  // the page's JavaScript: every script Chromium loads for it (the entry imports the page's chunks lazily), gzipped
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'baton_session', value: token, url: server.url }]);
    const page = await context.newPage();
    const scripts: Promise<Buffer>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body());
    });
    await page.goto(`${server.url}/p/${product.key}/board`, { waitUntil: 'networkidle' });
    const bodies = await Promise.all(scripts);
    const raw = bodies.reduce((n, b) => n + b.length, 0);
    const gz = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
    rows.push([`board page JavaScript (${bodies.length} files)`, `${(gz / 1024).toFixed(1)} KiB gzipped (${(raw / 1024).toFixed(1)} KiB raw; budget 150 KiB)`]);
  } finally {
    await browser.close();
  }
  rows.push(['HTML size', `${(Buffer.byteLength(html) / 1024).toFixed(1)} KiB`]);
} finally {
  await cleanup();
}
printTable(`Board page on ${database}`, rows);
