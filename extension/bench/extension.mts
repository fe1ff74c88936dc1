// Benchmarks of the VS Code extension: bundle sizes, cold activation (load the bundle + activate(), in fresh
// processes, with a no-op `vscode` module), and My Items with 500 items (the tree provider's getChildren for
// the groups and each group, and getTreeItem for every row). Prints a table. Run: `npx tsx extension/bench/extension.mts`.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const require = createRequire(import.meta.url);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

execFileSync('node', ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
const size = (f: string) => statSync(path.join(root, f)).size;

// --- cold activation --------------------------------------------------------------------------------------------
const runs = Array.from({ length: 10 }, () => JSON.parse(execFileSync('node', [path.join(here, 'activate-once.cjs')], { encoding: 'utf8' })) as { load: number; activate: number; firstUse: number });

// --- My Items with 500 items ----------------------------------------------------------------------------------------
const out = path.join(root, 'dist', 'bench-tree.cjs');
await build({
  stdin: {
    contents: `export { ItemsTree } from './src/tree/items-tree.ts';`,
    resolveDir: root,
    sourcefile: 'bench-entry.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['vscode'],
  outfile: out,
  logLevel: 'warning',
});
const Module = require('node:module') as { _load: (r: string, ...a: unknown[]) => unknown };
const stub = require('./vscode-stub.cjs');
const load = Module._load;
Module._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
const { ItemsTree } = require(out);
const statuses = ['open', 'in_progress', 'done', 'open', 'open'] as const;
const priorities = ['critical', 'high', 'medium', 'low'] as const;
const items = Array.from({ length: 500 }, (_, i) => ({
  id: `item${i}`, key: `BAT-${i + 1}`, number: i + 1, productId: 'p', type: (['bug', 'feature', 'task'] as const)[i % 3],
  status: statuses[i % statuses.length], priority: priorities[i % 4], visibility: 'internal', title: `Item number ${i + 1} with a realistic title`,
  assignee: { kind: 'user', id: 'u1', name: 'Dev Eloper' }, labels: [], milestone: null, voteCount: 0, commentCount: 0, dueDate: null,
  version: 1, createdAt: new Date(), updatedAt: new Date(),
}));
const claims = new Map(items.filter((_, i) => i % 7 === 0).map((i) => [i.id, { itemId: i.id, itemKey: i.key, holder: { kind: 'agent', id: 'a', name: 'agent-7' }, leaseExpiresAt: new Date() }]));
const connection = { state: { kind: 'signedIn', identity: { userId: 'u1' } }, explain: () => ({ message: '' }) };
const tree = new ItemsTree(connection, { grouped: true, load: async () => ({ items, claims, truncated: false }) }, () => 'item14');
async function renderAll() {
  tree.refresh();
  const t0 = performance.now();
  const groups = await tree.getChildren();
  let rows = 0;
  for (const g of groups) {
    tree.getTreeItem(g);
    for (const child of await tree.getChildren(g)) {
      tree.getTreeItem(child);
      rows++;
    }
  }
  const ms = performance.now() - t0;
  if (rows !== 500) throw new Error(`rendered ${rows} rows`);
  return ms;
}
// the first render is cold (code not yet optimized): what a user sees when the view first opens
const cold = await renderAll();
const renders = [];
for (let i = 0; i < 50; i++) renders.push(await renderAll());

const rowsOut: [string, string, string][] = [
  ['bundle dist/extension.js (loaded at activation)', `${(size('dist/extension.js') / 1024).toFixed(0)} KB`, ''],
  ['bundle dist/main.js (loaded on first use)', `${(size('dist/main.js') / 1024).toFixed(0)} KB`, '< 1 MB'],
  ['bundle dist/webview/item.js', `${(size('dist/webview/item.js') / 1024).toFixed(0)} KB`, ''],
  ['activation: load bundle (median of 10 cold)', `${median(runs.map((r) => r.load)).toFixed(1)} ms`, ''],
  ['activation: activate() (median of 10 cold)', `${median(runs.map((r) => r.activate)).toFixed(1)} ms`, ''],
  ['activation: total (median / max of 10 cold)', `${median(runs.map((r) => r.load + r.activate)).toFixed(1)} / ${Math.max(...runs.map((r) => r.load + r.activate)).toFixed(1)} ms`, '< 100 ms'],
  ['first use: load main.js + start() (median of 10)', `${median(runs.map((r) => r.firstUse)).toFixed(1)} ms`, ''],
  ['My Items, 500 items: first (cold) render', `${cold.toFixed(1)} ms`, '< 150 ms'],
  ['My Items, 500 items: later renders, median / p95 of 50', `${median(renders).toFixed(1)} / ${p95(renders).toFixed(1)} ms`, '< 150 ms'],
];
const w = Math.max(...rowsOut.map((r) => r[0].length));
console.log(`\n${'measure'.padEnd(w)}  ${'result'.padEnd(16)}  target`);
for (const [m, r, t] of rowsOut) console.log(`${m.padEnd(w)}  ${r.padEnd(16)}  ${t}`);
