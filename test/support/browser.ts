import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer, type RunningServer } from '@baton/backend';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
export type { Page };
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

/** Debian's Chromium, started as this machine needs (no sandbox as root, no background network). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/**
 * Registers the hooks of a browser test file: the real server (backend + built web app, demo data; on
 * TEST_DATABASE_URL when set, where the demo seed may already exist and is then left as it is) and one Chromium,
 * with a fresh browser profile per page that is closed after each test.
 */
export function useServerAndBrowser(opts: { env?: Record<string, string>; authRateLimit?: number } = {}) {
  let dataDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-e2e-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'warn', ...opts.env };
    if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    else {
      // a copy of a directory a server already migrated (and seeded, unless this file starts empty): see e2e-templates.ts
      const templates = inject('e2eTemplates');
      if (templates) await cp(env.SEED_DEMO === 'false' ? templates.empty : templates.demo, dataDir, { recursive: true });
    }
    server = await startServer(readEnv(env), opts.authRateLimit ? { authRateLimit: opts.authRateLimit } : {});
    browser = await chromium.launch(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  return {
    server: () => server!,
    /** the server's data directory (the email outbox is its outbox/ folder) */
    dataDir: () => dataDir!,
    /** A fresh browser profile; every console error (CSP violations included) and page error is collected. */
    async openPage(opts: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 860 }, ...opts });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      return { page, errors };
    },
  };
}

/** Signs in through the login form, starting from `/` (which sends a signed-out visitor there). */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the page's scripts run (the root layout marks <html>): keyboard shortcuts do nothing before. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Log out sits in the header's account menu. */
export async function logOut(page: Page): Promise<void> {
  await page.getByLabel(/^Account menu/).click();
  await page.getByRole('button', { name: 'Log out' }).click();
}

/** Signs in through the login form and waits until the app has left /login. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await logIn(page, baseUrl, email, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Clicks through `act`, answering the confirmation it raises after checking its wording. */
export async function answerConfirm(page: Page, message: string, accept: boolean, act: () => Promise<void>) {
  const asked = page.waitForEvent('dialog').then(async (d) => {
    expect(d.message()).toBe(message);
    await (accept ? d.accept() : d.dismiss());
  });
  await act();
  await asked;
}
