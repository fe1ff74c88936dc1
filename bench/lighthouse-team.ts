// Lighthouse (performance and accessibility) on the team's pages, signed in, against Debian's Chromium:
// `pnpm bench:lighthouse`. Starts the real server with the demo data on a throw-away embedded database, signs in
// as the demo PM, and audits each page on a phone (Lighthouse's default: simulated slow 4G and CPU) and on a
// desktop. Works offline: Chromium is the system's, Lighthouse runs from node_modules. Target: 90 or more.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer } from '@baton/backend';
import { createClient } from '@baton/client';
import { DEMO_USERS } from '@baton/core';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config } from 'lighthouse';

const TARGET = 90;
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One line per page; pages answering 404 are not on this build yet and are reported as skipped. */
const PAGES: [name: string, path: string][] = [
  ['dashboard', '/p/BAT'],
  ['items list', '/p/BAT/items'],
  ['board', '/p/BAT/board'],
  ['item', '/p/BAT/items/BAT-1'],
  ['settings: members', '/p/BAT/settings/members'],
];
const FORM_FACTORS: [name: string, config: Config | undefined][] = [
  ['phone', undefined],
  ['desktop', desktopConfig],
];

type Score = { performance: number; accessibility: number; fcpMs: number; lcpMs: number; tbtMs: number; siMs: number; cls: number };

async function audit(url: string, port: number, cookie: string, config: Config | undefined): Promise<Score> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], extraHeaders: { Cookie: cookie } }, config);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, audits, finalDisplayedUrl, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`${url}: ${runtimeError.code} ${runtimeError.message}`);
  // a lost session would audit the login page instead
  if (new URL(finalDisplayedUrl).pathname.startsWith('/login')) throw new Error(`${url} redirected to the login page: the session cookie was not accepted`);
  const pct = (s: number | null | undefined) => Math.round((s ?? 0) * 100);
  // DETAILS=1: what cost points (failed accessibility audits, the main thread's biggest costs)
  if (process.env.DETAILS) {
    for (const ref of categories.accessibility?.auditRefs ?? []) {
      const a = audits[ref.id];
      if (a && a.score !== null && a.score < 1 && ref.weight > 0) console.error(`    a11y: ${a.id}: ${a.title} ${JSON.stringify(a.details?.type === 'table' ? (a.details as { items: unknown[] }).items.slice(0, 3) : '')}`);
    }
    for (const id of ['bootup-time', 'mainthread-work-breakdown', 'render-blocking-resources', 'unused-javascript']) {
      const a = audits[id];
      if (a) console.error(`    ${id}: ${a.displayValue ?? ''} ${JSON.stringify(((a.details as { items?: unknown[] } | undefined)?.items ?? []).slice(0, 4))}`);
    }
  }
  return {
    performance: pct(categories.performance?.score),
    accessibility: pct(categories.accessibility?.score),
    fcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? NaN),
    lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
    siMs: Math.round(audits['speed-index']?.numericValue ?? NaN),
    tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
    cls: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-lighthouse-'));
  const server = await startServer(readEnv({ ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'silent' }));
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
  const rows: string[][] = [];
  let below = 0;
  try {
    const pm = DEMO_USERS.find((u) => u.email === 'pm@baton.dev')!;
    const session = await createClient({ url: server.url }).auth.logIn.mutate({ email: pm.email, password: pm.password });
    const cookie = `baton_session=${session.token}`;
    for (const [name, path] of PAGES.filter(([n]) => !process.env.ONLY || n === process.env.ONLY)) {
      const url = server.url + path;
      const status = (await fetch(url, { headers: { cookie }, redirect: 'follow' })).status;
      if (status === 404) {
        rows.push([name, path, '-', 'not on this build', '', '', '', '']);
        continue;
      }
      for (const [factor, config] of FORM_FACTORS) {
        // Lighthouse now and then fails to record a trace (NO_NAVSTART): that is a failed measurement, run it again
        const once = () => audit(url, chrome.port, cookie, config);
        const s = await once().catch(once).catch(once);
        if (s.performance < TARGET || s.accessibility < TARGET) below++;
        rows.push([name, path, factor, String(s.performance), String(s.accessibility), `${s.lcpMs}`, `${s.tbtMs}`, `${s.cls}`]);
        console.error(`  ${name} (${factor}): performance ${s.performance}, accessibility ${s.accessibility}, FCP ${s.fcpMs} ms, LCP ${s.lcpMs} ms, TBT ${s.tbtMs} ms, SI ${s.siMs} ms`);
      }
    }
  } finally {
    chrome.kill();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(['page', 'path', 'device', 'performance', 'accessibility', 'LCP ms', 'TBT ms', 'CLS'], rows);
  console.log(`\ntarget: ${TARGET} or more for performance and accessibility; ${below === 0 ? 'all met' : `${below} audit(s) below`}`);
  process.exitCode = below === 0 ? 0 : 1;
}

function printTable(head: string[], rows: string[][]) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

await main();
