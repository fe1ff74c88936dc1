// Runs inside VS Code's extension host (code-server), loaded through the workbench URL's `extensionTestsPath`.
// Contract: export run(): Promise<void>. Writes pass/fail counts for the test summary to BATON_E2E_REPORT.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { registerSuite } from './extension.test.ts';

export function run(): Promise<void> {
  const report = process.env.BATON_E2E_REPORT;
  if (report) {
    // once per e2e run: a reloaded workbench must not run the suite again over the first run's results
    try {
      closeSync(openSync(`${report}.started`, 'wx'));
    } catch {
      return Promise.resolve();
    }
  }
  // BATON_E2E_GREP: run only the tests whose full title matches (while working on some of them)
  const grep = process.env.BATON_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep && { grep }) });
  mocha.suite.emit('pre-require', globalThis, 'extension.test.ts', mocha);
  registerSuite();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats!;
      if (report) writeFileSync(report, JSON.stringify({ numPassedTests: stats.passes, numFailedTests: stats.failures, numPendingTests: stats.pending }));
      if (failures) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    // at once, not in the summary at the end: a run cut short by the outer timeout still says why a test failed
    runner.on('fail', (test, err: Error) => console.error(`FAILED: ${test.fullTitle()}\n${err.stack ?? err.message}`));
  });
}
