import { randomUUID } from 'node:crypto';
import type { BatonClient } from '@baton/client';
import type { ItemStatus } from '@baton/contracts';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// The board in Chromium against the real server: drag and drop, keyboard moves, conflicts, live updates.

const { server, openPage } = useServerAndBrowser();

let pm: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  pm = await signIn(server().url, DEMO.manager);
});

/** A fresh item (the newest change, so it is on the first page of its column). */
async function freshItem(client: BatonClient = pm.client, title = `Board ${randomUUID().slice(0, 8)}`) {
  return client.items.create.mutate({ productId: pm.productId, type: 'feature', title, priority: 'high', labels: ['board'] });
}

async function openBoard(query = '', opts: { javaScriptEnabled?: boolean; live?: boolean } = {}) {
  const { page, errors } = await openPage({ javaScriptEnabled: opts.javaScriptEnabled ?? true });
  await useSession(page, server().url, pm.token);
  // without the live stream, the board keeps what it loaded: a change made elsewhere meets the drop as a CONFLICT
  if (opts.live === false) await page.route('**/trpc/events.items**', (route) => route.fulfill({ status: 204 }));
  await page.goto(`${server().url}/p/BAT/board${query}`);
  if (opts.javaScriptEnabled !== false) await page.locator('li.card[tabindex]').first().waitFor();
  return { page, errors };
}

const zone = (page: Page, status: ItemStatus) => page.locator(`ul.zone[data-status="${status}"]`).first();
const card = (page: Page, key: string) => page.locator(`li.card[data-key="${key}"]`);
const cardIn = (page: Page, status: ItemStatus, key: string) => zone(page, status).locator(`li.card[data-key="${key}"]`);

async function statusOnServer(id: string) {
  return (await pm.client.items.get.query({ productId: pm.productId, ref: id })).status;
}

/** A real pointer drag: press on the card, move in steps to the target, release. */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 30, { steps: 12 });
  // svelte-dnd-action notices the zone under the pointer on a timer: drop once it marks that zone as the target
  await expect.poll(() => to.getAttribute('class')).toContain('drop-target');
  await page.mouse.up();
}

describe('the board', () => {
  it('shows a column per status and moves a card by dragging it with the mouse', async () => {
    const item = await freshItem();
    const { page, errors } = await openBoard();
    expect(await page.locator('.column-title').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Open/), expect.stringMatching(/^In progress/), expect.stringMatching(/^Won't fix/)]),
    );
    await expect.poll(() => cardIn(page, 'open', item.key).count()).toBe(1);
    const shown = card(page, item.key);
    expect(await shown.innerText()).toContain(item.title);
    expect(await shown.innerText()).toContain('High');
    expect(await shown.innerText()).toContain('Feature');
    await screenshot(page, 'board');

    await drag(page, shown, zone(page, 'in_progress'));
    await expect.poll(() => cardIn(page, 'in_progress', item.key).count()).toBe(1);
    await expect.poll(() => statusOnServer(item.id), { timeout: 5_000 }).toBe('in_progress');
    expect(errors).toEqual([]);
  });

  it('moves a card with the keyboard and announces it', async () => {
    const item = await freshItem();
    const { page, errors } = await openBoard();
    await card(page, item.key).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => cardIn(page, 'in_progress', item.key).count()).toBe(1);
    // focus stays on the moved card, so the next press carries it on
    expect(await page.locator('li.card:focus').getAttribute('data-key')).toBe(item.key);
    await expect.poll(() => statusOnServer(item.id), { timeout: 5_000 }).toBe('in_progress');
    await expect.poll(() => page.locator('[role="status"][aria-live="polite"]').last().innerText()).toContain(`${item.key} moved to In progress`);
    expect(errors).toEqual([]);
  });

  it('moves a card twice with two quick Shift+→ presses: no conflict with its own first move, the server\'s state shown', async () => {
    const item = await freshItem();
    const { page, errors } = await openBoard();
    await card(page, item.key).focus();
    // the second press goes before the first move's answer: it waits for it and carries the version it produced
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => statusOnServer(item.id), { timeout: 10_000 }).toBe('done');
    const stored = await pm.client.items.get.query({ productId: pm.productId, ref: item.id });
    expect(stored.version).toBe(item.version + 2);
    await expect.poll(() => cardIn(page, 'done', item.key).count()).toBe(1);
    expect(await card(page, item.key).count()).toBe(1);
    expect(await page.locator('.notice').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('rolls a move back on a CONFLICT, shows what changed, and re-applies it on request', async () => {
    const item = await freshItem();
    const { page, errors } = await openBoard('', { live: false });
    await cardIn(page, 'open', item.key).waitFor();
    // someone else renames it after the board loaded
    await pm.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: item.version, patch: { title: `${item.title} (renamed)`, priority: 'low' } });

    await drag(page, card(page, item.key), zone(page, 'done'));
    const alert = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(`Title: ${item.title} → ${item.title} (renamed)`);
    expect(await alert.innerText()).toContain('Priority: high → low');
    // rolled back, and showing the item as it is now
    await expect.poll(() => cardIn(page, 'open', item.key).count()).toBe(1);
    expect(await card(page, item.key).innerText()).toContain('(renamed)');
    expect(await statusOnServer(item.id)).toBe('open');
    await screenshot(page, 'board-conflict');

    await alert.getByRole('button', { name: 'Move to Done anyway' }).click();
    await expect.poll(() => cardIn(page, 'done', item.key).count()).toBe(1);
    await expect.poll(() => statusOnServer(item.id), { timeout: 5_000 }).toBe('done');
    expect(errors).toEqual([]);
  });

  it('offers only the moves the workflow allows, and puts a card back with the reason when the server refuses one', async () => {
    const created = await freshItem();
    await pm.client.items.update.mutate({ productId: pm.productId, ref: created.id, expectedVersion: created.version, patch: { status: 'done' } });
    const { page, errors } = await openBoard();
    const shown = cardIn(page, 'done', created.key);
    await shown.getByText('Move', { exact: true }).first().click();
    const select = shown.getByLabel(`Move ${created.key} to`);
    // done → in progress is no move of the workflow: it is not offered
    expect(await select.locator('option').allInnerTexts()).toEqual(['Open', 'Closed']);
    // a page that offers it anyway (as one loaded before a workflow change would): the server refuses, the card stays
    await select.evaluate((el) => el.append(new Option('In progress', 'In progress')));
    await select.selectOption('In progress');
    await shown.getByRole('button', { name: 'Move' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Cannot move an item from done to in_progress' });
    await alert.waitFor();
    // an error, not a success message
    expect(await alert.getAttribute('class')).toContain('alert');
    expect(await alert.getAttribute('class')).not.toContain('notice');
    await expect.poll(() => cardIn(page, 'done', created.key).count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe(created.key);
    expect(await statusOnServer(created.id)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('moves a card when someone else changes the item, without a reload', async () => {
    const item = await freshItem();
    const { page, errors } = await openBoard();
    await cardIn(page, 'open', item.key).waitFor();
    // a marker on the page's window survives only if the page is never reloaded
    await page.evaluate('window.stayed = true');
    const dev = await signIn(server().url, DEMO.developer);
    await dev.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'in_progress' } });
    await expect.poll(() => cardIn(page, 'in_progress', item.key).count(), { timeout: 5_000 }).toBe(1);
    expect(await page.evaluate('window.stayed')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('filters with the query language, groups into swimlanes and pages long columns', async () => {
    const label = `lane-${randomUUID().slice(0, 6)}`;
    const made = [];
    for (let i = 0; i < 27; i++) made.push(await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `Many ${i}`, labels: [label], priority: i % 2 ? 'low' : 'critical' }));
    const { page, errors } = await openBoard(`?q=${encodeURIComponent(`label:${label}`)}&lanes=priority`);
    expect(await page.locator('.lane-title').allInnerTexts()).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(await page.locator('li.card').count()).toBe(25);
    await page.getByRole('link', { name: 'Show more in Open' }).click();
    await expect.poll(() => page.locator('li.card').count()).toBe(27);
    expect(await zone(page, 'open').locator('li.card').count()).toBeGreaterThan(0);
    expect(await page.locator('section[aria-label="Critical lane"] li.card').count()).toBe(14);
    await screenshot(page, 'board-lanes');
    expect(errors).toEqual([]);
  });

  it('renders on the server and moves cards with a plain form when JavaScript is off', async () => {
    const item = await freshItem();
    const { page } = await openBoard('', { javaScriptEnabled: false });
    const shown = cardIn(page, 'open', item.key);
    await shown.locator('summary').click();
    await shown.getByLabel(`Move ${item.key} to`).selectOption("Won't fix");
    await shown.getByRole('button', { name: 'Move' }).click();
    await page.waitForLoadState('load');
    expect(await statusOnServer(item.id)).toBe('wont_fix');
    await page.goto(`${server().url}/p/BAT/board`);
    expect(await cardIn(page, 'wont_fix', item.key).count()).toBe(1);
  });

  it('looks right in dark mode', async () => {
    const { page, errors } = await openBoard();
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'board-dark');
    expect(errors).toEqual([]);
  });

  it("shows due dates with an overdue mark on cards, and folds the closed and won't-fix columns away and back", async () => {
    const late = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `Late ${randomUUID().slice(0, 6)}`, dueDate: '2020-02-03' });
    const closed = await freshItem();
    await pm.client.items.update.mutate({ productId: pm.productId, ref: closed.id, expectedVersion: closed.version, patch: { status: 'closed' } });
    const { page, errors } = await openBoard();
    expect(await card(page, late.key).locator('.due').innerText()).toBe('Due 2020-02-03 · Overdue');
    await cardIn(page, 'closed', closed.key).waitFor();
    await page.getByRole('link', { name: 'Collapse the Closed column' }).click();
    await page.waitForURL((u) => u.searchParams.get('collapse') === 'closed');
    await page.getByRole('link', { name: "Collapse the Won't fix column" }).click();
    await page.waitForURL((u) => u.searchParams.get('collapse') === 'closed,wont_fix');
    expect(await cardIn(page, 'closed', closed.key).isVisible()).toBe(false);
    expect(await zone(page, 'open').boundingBox().then((b) => b!.width)).toBeGreaterThan(250);
    await screenshot(page, 'board-collapsed');
    await page.getByRole('link', { name: 'Expand the Closed column' }).click();
    await page.waitForURL((u) => u.searchParams.get('collapse') === 'wont_fix');
    await cardIn(page, 'closed', closed.key).waitFor();
    expect(errors).toEqual([]);
  });
});
