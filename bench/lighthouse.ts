// Lighthouse (the npm package) in Debian's Chromium: the four category scores of each URL.
// Reusable: `runLighthouse(urls, { cookie })` from other benchmarks (team pages pass a session cookie).
// Run directly, it starts a server with a 5,000-item public board and scores /roadmap/RDM and an idea page.
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

export type LighthouseScores = { url: string; performance: number; accessibility: number; 'best-practices': number; seo: number };

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
// the flags the browser tests use (test/support/browser.ts), headless on this machine
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Scores each URL in a fresh Chromium with Lighthouse's default (mobile, simulated throttling) or desktop
 * settings. Failed audits are listed so a score under target says why.
 */
export async function runLighthouse(
  urls: string[],
  opts: { cookie?: string; formFactor?: 'mobile' | 'desktop' } = {},
): Promise<(LighthouseScores & { failed: string[] })[]> {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: FLAGS });
  const results: (LighthouseScores & { failed: string[] })[] = [];
  try {
    for (const url of urls) {
      const desktop = opts.formFactor === 'desktop';
      const run = await lighthouse(
        url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          ...(opts.cookie && { extraHeaders: { cookie: opts.cookie } }),
          ...(desktop && {
            formFactor: 'desktop',
            screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          }),
        },
        desktop ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined,
      );
      if (!run) throw new Error(`lighthouse returned nothing for ${url}`);
      const { categories, audits } = run.lhr;
      const score = (c: string) => Math.round((categories[c]?.score ?? 0) * 100);
      const failed = Object.values(audits)
        .filter(
          (a) =>
            a.score !== null &&
            a.score < 0.9 &&
            a.scoreDisplayMode !== 'informative' &&
            a.scoreDisplayMode !== 'notApplicable' &&
            a.scoreDisplayMode !== 'manual',
        )
        .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
      results.push({
        url,
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
        seo: score('seo'),
        failed,
      });
    }
  } finally {
    chrome.kill();
  }
  return results;
}

export function printScores(title: string, results: (LighthouseScores & { failed: string[] })[]): void {
  console.log(`\n${title}\nurl | performance | accessibility | best practices | seo\n----|----|----|----|----`);
  for (const r of results) console.log(`${r.url} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo}`);
  for (const r of results) if (r.failed.length) console.log(`  ${r.url} below 90: ${r.failed.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startBenchServer } = await import('./harness.ts');
  const { seedPublicBoard } = await import('./roadmap-seed.ts');
  const { server, cleanup } = await startBenchServer('embedded');
  try {
    await seedPublicBoard(server.db, { key: 'RDM', name: 'Roadmap bench', count: 5000 });
    const urls = process.argv.slice(2).length
      ? process.argv.slice(2).map((p) => server.url + p)
      : [`${server.url}/roadmap/RDM`, `${server.url}/roadmap/RDM/7`];
    for (const url of urls) await fetch(url); // warm the server
    for (const formFactor of ['mobile', 'desktop'] as const)
      printScores(`Lighthouse (${formFactor}, Debian Chromium)`, await runLighthouse(urls, { formFactor }));
  } finally {
    await cleanup();
  }
}
