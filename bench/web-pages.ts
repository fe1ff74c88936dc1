// Server-rendered web pages over real HTTP with a signed-in session, on a product of ITEMS items (default 10,000):
// latency per page, and the JavaScript each page makes the browser load (gzipped), read from web/build.
// Needs the built web app: `pnpm --filter @baton/web build` first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createClient } from '@baton/client';
import { benchFixture, databaseFromArgs, latency, printTable, startBenchServer, timeMany, type Row } from './harness.ts';

const ITEMS = Number(process.env.ITEMS ?? 10_000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const CLIENT_DIR = fileURLToPath(new URL('../web/build/client', import.meta.url));

/** The pages to measure: a name and the path for a product key. Add a page with one line. */
const PAGES: [name: string, path: (key: string) => string][] = [
  ['items list', (key) => `/p/${key}/items`],
  ['items list, query + grouped', (key) => `/p/${key}/items?q=${encodeURIComponent('is:open priority:>=high widget')}&group=status`],
  ['dashboard', (key) => `/p/${key}`],
];

if (!existsSync(CLIENT_DIR)) throw new Error('web/build is missing: run `pnpm --filter @baton/web build` first');
const database = databaseFromArgs();
const { server, cleanup } = await startBenchServer(database);
const rows: Row[] = [];
try {
  const { db, org, product } = await benchFixture(server, 'WEB');
  const email = `web-${Date.now()}@example.test`;
  const { token } = await createClient({ url: server.url }).auth.signUp.mutate({ email, name: 'Web Bench', password: 'web-bench-password' });
  const me = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await db.membership.create({ data: { userId: me.id, organizationId: org.id, role: 'manager' } });
  await seed(db, product.id, me.id);
  const cookie = `baton_session=${token}`;

  for (const [name, path] of PAGES) {
    const url = server.url + path(product.key);
    const get = async () => {
      const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return res.text();
    };
    const html = await get();
    await timeMany(20, 2, get); // warm-up: JIT, connection pools, the database's caches
    for (const c of [1, 4]) rows.push([`${name}: SSR, conc. ${c}`, latency(await timeMany(REQUESTS, c, get))]);
    rows.push([`${name}: HTML / JS loaded (gzipped)`, `${kb(gzipSync(html).length)} / ${javaScriptOf(html, url)}`]);
  }
} finally {
  await cleanup();
}
printTable(`Web pages, ${ITEMS} items, on ${database} (p50/p95/p99)`, rows);

/** Items spread over statuses, priorities, types, a few labels and assignees, as a real backlog would be. */
async function seed(db: Awaited<ReturnType<typeof benchFixture>>['db'], productId: string, userId: string) {
  const statuses = ['open', 'in_progress', 'done', 'closed'] as const;
  const priorities = ['critical', 'high', 'medium', 'low'] as const;
  const types = ['bug', 'feature', 'task'] as const;
  const labels = await Promise.all(['backend', 'frontend', 'agents', 'docs', 'security'].map((name) => db.label.create({ data: { productId, name } })));
  for (let start = 0; start < ITEMS; start += 1000) {
    const n = Math.min(1000, ITEMS - start);
    await db.item.createMany({
      data: Array.from({ length: n }, (_, k) => {
        const i = start + k;
        return {
          productId, number: i + 1, type: types[i % 3]!, status: statuses[i % 4]!, priority: priorities[(i >> 2) % 4]!,
          title: `Bench item ${i} widget ${i % 17}`, description: 'lorem ipsum '.repeat(10), ...(i % 3 === 0 && { assigneeUserId: userId }),
          ...(i % 7 === 0 && { dueDate: new Date(Date.now() + ((i % 20) - 10) * 86_400_000) }),
        };
      }),
    });
  }
  const items = await db.item.findMany({ where: { productId }, select: { id: true, number: true } });
  await db.itemLabel.createMany({ data: items.map((it) => ({ itemId: it.id, labelId: labels[it.number % labels.length]!.id })) });
  await db.product.update({ where: { id: productId }, data: { nextItemNumber: ITEMS + 1 } });
}

/**
 * The JavaScript a page makes the browser load, gzipped and summed: "N KB in M files". SvelteKit's bootstrap
 * imports the start and app entries, and app.js imports the route's nodes (`node_ids` in the page); each file's
 * static imports are followed from there. Lazy imports a page makes later are not counted.
 */
function javaScriptOf(html: string, pageUrl: string): string {
  const entries = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map((m) => new URL(m[1]!, pageUrl).pathname);
  const nodeIds = /node_ids: \[([\d, ]+)\]/.exec(html)?.[1]?.split(',').map((n) => n.trim()) ?? [];
  const app = entries.find((e) => e.includes('/entry/app.'));
  const nodes = app
    ? nodeIds.map((id) => new RegExp(`"\\.\\./nodes/${id}\\.[\\w-]+\\.js"`).exec(readFileSync(CLIENT_DIR + app, 'utf8'))?.[0]?.slice(1, -1))
    : [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(CLIENT_DIR + file, 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*"(\.{1,2}\/[^"]+\.js)"/g)) visit(new URL(m[1]!, `http://x${file}`).pathname);
  };
  for (const e of entries) visit(e);
  for (const n of nodes) if (n && app) visit(new URL(n, `http://x${app}`).pathname);
  let total = 0;
  for (const file of seen) total += gzipSync(readFileSync(CLIENT_DIR + file)).length;
  return `${kb(total)} in ${seen.size} files`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
