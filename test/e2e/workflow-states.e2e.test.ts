import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerConfirm, hydrated, useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// Workflow states in Chromium against the real server (docs/status-changes.md "Workflow states"): a manager adds a
// state in settings, the board gives it a column, cards move only where the workflow allows, items show its name.

const { server, openPage } = useServerAndBrowser();

let pm: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  pm = await signIn(server().url, DEMO.manager);
});

async function open(path: string, viewport = { width: 1280, height: 860 }) {
  const { page, errors } = await openPage({ viewport });
  await useSession(page, server().url, pm.token);
  await page.goto(`${server().url}${path}`);
  return { page, errors };
}

const zone = (page: Page, state: string) => page.locator(`ul.zone[data-state="${state}"]`).first();
const cardIn = (page: Page, state: string, key: string) => zone(page, state).locator(`li.card[data-key="${key}"]`);
const stateOnServer = async (id: string) => (await pm.client.items.get.query({ productId: pm.productId, ref: id })).state?.name;

/** A state of the product, made through the API when an earlier test has not made it in settings. */
async function ensureState(name: string, category: 'open' | 'in_progress') {
  const states = await pm.client.workflowStates.list.query({ productId: pm.productId });
  if (!states.some((s) => s.name === name)) await pm.client.workflowStates.create.mutate({ productId: pm.productId, name, category });
}

async function itemIn(state: string) {
  const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `Flow ${randomUUID().slice(0, 8)}` });
  return pm.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: item.version, patch: { status: state } });
}

describe('workflow states', () => {
  it('a manager adds, reorders and deletes states in settings, without JavaScript too', async () => {
    const { page, errors } = await open('/p/BAT/settings/workflow');
    await page.getByRole('link', { name: 'Workflow' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('In review');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
    await page.getByRole('button', { name: 'Add state' }).click();
    await page.getByRole('status').filter({ hasText: 'Added In review.' }).waitFor();
    const inProgress = page.locator('section[aria-labelledby="cat-in_progress"] li');
    expect(await inProgress.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')))).toEqual(['In progress', 'In review']);

    await page.getByLabel('Name', { exact: true }).fill('Parked');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Open' });
    await page.getByRole('button', { name: 'Add state' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Parked.' }).waitFor();
    await page.getByRole('button', { name: 'Up Parked' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved Parked up.' }).waitFor();
    const open_ = page.locator('section[aria-labelledby="cat-open"] li');
    expect(await open_.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')))).toEqual(['Parked', 'Open']);
    // in use: its items go to the state chosen, of the same category
    const parked = await itemIn('Parked');
    await answerConfirm(page, 'Delete Parked?', true, () => page.getByRole('button', { name: 'Delete state Parked' }).click());
    await page.getByRole('status').filter({ hasText: 'Deleted Parked; 1 item moved.' }).waitFor();
    expect(await stateOnServer(parked.id)).toBe('Open');
    await screenshot(page, 'workflow-settings');
    expect(errors).toEqual([]);

    // the same forms post as they are without JavaScript
    const plain = await openPage({ javaScriptEnabled: false });
    await useSession(plain.page, server().url, pm.token);
    await plain.page.goto(`${server().url}/p/BAT/settings/workflow`);
    await plain.page.getByLabel('Name of state In review').fill('Reviewing');
    await plain.page.getByRole('button', { name: 'Rename state In review' }).click();
    await plain.page.getByRole('status').filter({ hasText: 'Renamed to Reviewing.' }).waitFor();
    await plain.page.getByLabel('Name of state Reviewing').fill('In review');
    await plain.page.getByRole('button', { name: 'Rename state Reviewing' }).click();
    await plain.page.getByRole('status').filter({ hasText: 'Renamed to In review.' }).waitFor();
  });

  it('gives each state a column and moves a card only where the workflow allows', async () => {
    await ensureState('In review', 'in_progress');
    const item = await itemIn('in_progress');
    const { page, errors } = await open('/p/BAT/board');
    await page.locator('li.card[tabindex]').first().waitFor();
    const titles = await page.locator('.column-title .name').allInnerTexts();
    expect(titles.slice(0, 4)).toEqual(['Open', 'In progress', 'In review', 'Done']);
    await cardIn(page, 'In progress', item.key).waitFor();

    // the keyboard move: the next column is the new state of the same category
    await cardIn(page, 'In progress', item.key).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await cardIn(page, 'In review', item.key).waitFor();
    await expect.poll(() => stateOnServer(item.id), { timeout: 5_000 }).toBe('In review');
    expect(await page.locator('li.card:focus').getAttribute('data-key')).toBe(item.key);
    // after a reload too: the default state's column reads its category without the other states' items
    await page.reload();
    await page.locator('li.card[tabindex]').first().waitFor();
    await cardIn(page, 'In review', item.key).waitFor();
    expect(await cardIn(page, 'In progress', item.key).count()).toBe(0);
    await cardIn(page, 'In review', item.key).focus();

    // the menu move
    const shown = cardIn(page, 'In review', item.key);
    await shown.locator('summary').click();
    await shown.getByLabel(`Move ${item.key} to`).selectOption('Done');
    await shown.getByRole('button', { name: 'Move' }).click();
    await cardIn(page, 'Done', item.key).waitFor();
    await expect.poll(() => stateOnServer(item.id), { timeout: 5_000 }).toBe('Done');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe(item.key);

    // done → in progress is no move of the workflow (ITEM_TRANSITIONS): neither of its states is offered
    const done = cardIn(page, 'Done', item.key);
    await done.locator('summary').click();
    const offered = await done.getByLabel(`Move ${item.key} to`).locator('option').allInnerTexts();
    expect(offered).toEqual(['Open', 'Closed']);
    await done.locator('summary').click();
    expect(await page.locator('.alert').count()).toBe(0);

    // nor taken by a drag: the column does not become a drop target, and the card stays where it was
    const from = (await done.boundingBox())!;
    const to = (await zone(page, 'In review').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 12);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + 30, { steps: 12 });
    // the drag is under way (the columns it may not enter are marked), and the pointer rests on a forbidden one
    await expect.poll(() => zone(page, 'In review').getAttribute('class')).toContain('no-drop');
    // svelte-dnd-action looks for the zone under the pointer on a timer: give it a few turns to (not) find it
    await page.waitForTimeout(500);
    expect(await zone(page, 'In review').getAttribute('class')).not.toContain('drop-target');
    await page.mouse.up();
    await cardIn(page, 'Done', item.key).waitFor();
    expect(await stateOnServer(item.id)).toBe('Done');
    await screenshot(page, 'workflow-board');
    expect(errors).toEqual([]);
  });

  it('shows the state name on the item page and in the list', async () => {
    await ensureState('In review', 'in_progress');
    const item = await itemIn('In review');
    const { page, errors } = await open(`/p/BAT/items/${item.key}`);
    expect(await page.getByLabel('Status', { exact: true }).locator('option:checked').innerText()).toBe('In review');
    await page.goto(`${server().url}/p/BAT/items?q=${encodeURIComponent('status:"In review"')}`);
    const row = page.locator('tr', { hasText: item.key });
    expect(await row.locator('.status').innerText()).toBe('In review');
    expect(errors).toEqual([]);
  });

  it("the item page's picker lists the states by name, only the allowed moves, and moves the item to one", async () => {
    await ensureState('In review', 'in_progress');
    const item = await itemIn('open');
    const { page, errors } = await open(`/p/BAT/items/${item.key}`);
    await hydrated(page);
    const picker = page.getByLabel('Status', { exact: true });
    const names = await picker.locator('option').allInnerTexts();
    expect(names.indexOf('Open')).toBe(0);
    expect(names.indexOf('In review')).toBe(names.indexOf('In progress') + 1);
    expect(await picker.inputValue()).toBe('Open');
    await screenshot(page, 'workflow-item-picker');
    // a native select's open list is drawn outside the page: shown as a list box for the screenshot
    await picker.evaluate((el) => el.setAttribute('size', String((el as HTMLSelectElement).options.length)));
    await screenshot(page, 'workflow-item-picker-open');
    await picker.evaluate((el) => el.removeAttribute('size'));

    await picker.selectOption('In review');
    await expect.poll(() => stateOnServer(item.id), { timeout: 10_000 }).toBe('In review');
    await expect.poll(() => page.locator('form.prop:not(.pending)', { has: picker }).count(), { timeout: 10_000 }).toBe(1);
    expect(await picker.inputValue()).toBe('In review');
    // the palette offers the same moves by name: not the state the item is in
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: /Type a command/ }).fill('set status');
    const labels = page.getByRole('listbox', { name: 'Commands and items' }).locator('.label');
    await expect.poll(() => labels.allInnerTexts()).toContain('Set status: In progress');
    expect(await labels.allInnerTexts()).not.toContain('Set status: In review');
    await page.keyboard.press('Escape');

    // in done, going back to progress is no move of the workflow: neither of its states is offered
    await pm.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: (await pm.client.items.get.query({ productId: pm.productId, ref: item.id })).version, patch: { status: 'done' } });
    await page.reload();
    expect(await picker.locator('option').allInnerTexts()).toEqual(['Open', 'Done', 'Closed']);
    expect(errors).toEqual([]);
  });

  it('the bulk bar moves the selection to a state by name, and the filter menu finds a state', async () => {
    await ensureState('In review', 'in_progress');
    const tag = `bulk${randomUUID().slice(0, 6)}`;
    const items = await Promise.all(['one', 'two'].map((n) => pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `${tag} ${n}` })));
    const { page, errors } = await open(`/p/BAT/items?q=${tag}`);
    await hydrated(page);
    for (const i of items) await page.getByLabel(`Select ${i.key}`).check();
    const bar = page.getByRole('form', { name: 'Change the selected items' });
    // the product's states, grouped by their status
    const groups = await bar.getByLabel('New status').locator('optgroup').evaluateAll((gs) => gs.map((g) => [g.getAttribute('label'), Array.from(g.querySelectorAll('option'), (o) => o.textContent)]));
    expect(groups).toContainEqual(['In progress', expect.arrayContaining(['In progress', 'In review'])]);
    await bar.getByLabel('New status').selectOption('In review');
    await bar.getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('status').filter({ hasText: 'Changed 2 items.' }).waitFor();
    for (const i of items) expect(await stateOnServer(i.id)).toBe('In review');

    await page.locator('details.filter summary').click();
    const status = page.getByRole('form', { name: 'Add filters to the query' }).getByLabel('Status');
    expect(await status.locator('option', { hasText: 'In review' }).getAttribute('value')).toBe('status:"In review"');
    await status.selectOption({ label: 'In review' });
    await page.getByRole('button', { name: 'Add to query' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === `${tag} status:"In review"`);
    expect(await page.locator('table.items tbody tr', { hasText: tag }).count()).toBe(2);
    await screenshot(page, 'workflow-bulk-and-filter');
    expect(errors).toEqual([]);
  });

  it('lays the columns out side by side on a desktop and a phone', async () => {
    await ensureState('In review', 'in_progress');
    await itemIn('In review');
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 860 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const { page, errors } = await open('/p/BAT/board', viewport);
      await page.locator('li.card[tabindex]').first().waitFor();
      const boxes = await page.locator('ul.zone').evaluateAll((zs) => zs.map((z) => z.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width })));
      // one row: every column starts at the same height, each to the right of the one before
      expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBe(1);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.w - 1);
      expect(boxes[0]!.w).toBeGreaterThan(200);
      await screenshot(page, `workflow-board-${name}`);
      expect(errors).toEqual([]);
    }
  });
});
