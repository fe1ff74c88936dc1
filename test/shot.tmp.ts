import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer } from '@baton/backend';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './support/browser.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'baton-shot-'));
const server = await startServer(readEnv({ ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn' }));
const browser = await chromium.launch(CHROMIUM);
for (const [name, opts] of [['desktop', { viewport: { width: 1280, height: 900 } }], ['phone', { viewport: { width: 390, height: 844 } }], ['dark', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }]] as const) {
  const ctx = await browser.newContext(opts as never);
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(server.url + '/login');
  await page.getByLabel('Email').fill('pm@baton.dev');
  await page.getByLabel('Password').fill(process.argv[2] ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/p/BAT/items');
  const res = await page.goto(server.url + '/p/BAT/items/' + (process.argv[3] ?? 'BAT-1'));
  console.log(name, res?.status());
  await page.screenshot({ path: `/tmp/detail-shots/${name}.png`, fullPage: true });
  await ctx.close();
}
await browser.close();
await server.close();
