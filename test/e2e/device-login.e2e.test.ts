import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer, type RunningServer } from '@baton/backend';
import { createClient } from '@baton/client';
import { DEMO_USERS } from '@baton/core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The /device approval page in Debian's Chromium against the real server (backend + built web app, web/build):
// a device starts a login, a person follows the link, signs in, checks the code and approves or denies it.

const SHOTS = join(import.meta.dirname, '../../.e2e-tmp');
const DEV = DEMO_USERS.find((u) => u.email === 'dev@baton.dev')!;

let dataDir: string;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-e2e-device-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn' };
  if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  server = await startServer(readEnv(env));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function openPage(opts: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...opts });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

async function signIn(page: Page) {
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel('Email').fill(DEV.email);
  await page.getByLabel('Password').fill(DEV.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const device = () => createClient({ url: server.url });

describe('approving a device login in the browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`follows the link through sign-in, shows the device and code, and approves (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const start = await device().device.start.mutate({ clientName: 'baton CLI on e2e-laptop' });
      const { page, errors } = await openPage({ javaScriptEnabled });
      await page.goto(new URL(start.verificationUriComplete, server.url).href);
      await signIn(page);
      // back on the page the link named, code and all
      await page.waitForURL((u) => u.pathname === '/device' && u.searchParams.get('code') === start.userCode);
      await page.getByRole('heading', { name: 'Connect a device' }).waitFor();
      expect(await page.getByLabel('Device code').innerText()).toBe(start.userCode);
      expect(await page.locator('main').innerText()).toContain('baton CLI on e2e-laptop wants to sign in to Baton as');
      if (javaScriptEnabled) {
        await mkdir(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, 'device.png') });
      }

      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      const result = await device().device.poll.mutate({ deviceCode: start.deviceCode });
      expect(result).toMatchObject({ status: 'approved', user: { email: DEV.email } });
      expect(errors).toEqual([]);
    });
  }

  it('takes a code typed by hand, and denies', async () => {
    const start = await device().device.start.mutate({ clientName: 'Suspicious device' });
    const { page, errors } = await openPage();
    await page.goto(server.url + '/device');
    await signIn(page);
    await page.waitForURL((u) => u.pathname === '/device');
    await page.getByLabel('Code').fill(start.userCode.replace('-', '').toLowerCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Device code').waitFor();
    expect(await page.getByLabel('Device code').innerText()).toBe(start.userCode);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.getByRole('heading', { name: 'Request denied' }).waitFor();
    expect(await device().device.poll.mutate({ deviceCode: start.deviceCode })).toEqual({ status: 'access_denied' });

    // a mistyped code is explained on the page
    await page.goto(server.url + '/device?code=AAAA-1111');
    expect(await page.getByRole('alert').innerText()).toMatch(/8 letters, like WDJB-MJHT/);
    await page.goto(server.url + '/device?code=BBBB-BBBB');
    expect(await page.getByRole('alert').innerText()).toMatch(/No login is waiting for code BBBB-BBBB/);
    expect(errors).toEqual([]);
  });
});
