/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import type { BrowserContextOptions, Page } from 'playwright-core';
import { hydrated, logIn } from './browser.ts';
import { DEMO } from './session.ts';

// Opening and reading the items list in Chromium, shared by its journeys.

type OpenPage = (opts?: BrowserContextOptions) => Promise<{ page: Page; errors: string[] }>;

/**
 * A journey's way in: a fresh page signed in as the demo manager through the login form, on BAT's items list
 * (signing in lands on the dashboard first); with JavaScript, once the page is live.
 */
export function signedInToItemsList(server: () => { url: string }, openPage: OpenPage) {
  return async (opts: BrowserContextOptions = {}) => {
    const opened = await openPage(opts);
    await logIn(opened.page, server().url, DEMO.manager.email, DEMO.manager.password);
    await opened.page.waitForURL('**/p/BAT');
    await opened.page.goto(`${opened.page.url()}/items`);
    if (opts.javaScriptEnabled !== false) await hydrated(opened.page);
    return opened;
  };
}

export const rowKeys = (page: Page) => page.locator('table.items tbody tr[data-item] td:nth-child(2)').allInnerTexts();
export const rowOf = (page: Page, key: string) =>
  page.locator('table.items tr[data-item]').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${key}$`) }) });
export const groupNames = async (page: Page) => (await page.locator('table.items tr.group th').allInnerTexts()).map((g) => g.replace(/\s+\d+$/, ''));
export const focusedKey = (page: Page) => page.evaluate(() => document.activeElement?.closest('tr')?.querySelector('td:nth-child(2)')?.textContent ?? null);
/** Console errors other than the HTTP statuses a test provokes on purpose (a browser logs each as a failed resource). */
export const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

