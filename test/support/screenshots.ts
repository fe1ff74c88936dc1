import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

// Screenshots go to .e2e-tmp/ (git-ignored) for a person to look over after a run; no test compares them.
const SHOTS = join(import.meta.dirname, '../../.e2e-tmp');

/** Saves `<name>.png`, making the folder on first use so a test never depends on another having run. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });
}
