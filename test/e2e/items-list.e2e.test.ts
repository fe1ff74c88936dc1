/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hydrated, useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { focusedKey, groupNames, rowKeys, rowOf, signedInToItemsList, unexpected } from '../support/items-list.ts';

// The team's app shell and items list in Chromium: create, search, group, page, save a view, bulk-change,
// export, the keyboard, the dark theme and a phone's width. The tests share one server and run in order.

const TRICKY_TITLE = '=SUM(1), "quoted" title';

const { server, openPage } = useServerAndBrowser();

const signedIn = signedInToItemsList(server, openPage);

describe('the items list', () => {
  it('creates an item with c: type, title, Enter; the full form one click away keeps what was typed', async () => {
    const { page, errors } = await signedIn();
    const quick = page.getByRole('dialog', { name: 'New item' });
    await page.locator('body').press('c');
    await quick.getByLabel('Type').selectOption('feature');
    const quickTitle = `Quick ${Date.now().toString(36)}`;
    await quick.getByLabel('Title').fill(quickTitle);
    await quick.getByLabel('Title').press('Enter');
    const toast = page.getByRole('status').filter({ hasText: /^Created BAT-\d+/ }).last();
    await toast.waitFor();
    await quick.waitFor({ state: 'hidden' });
    const quickKey = await toast.getByRole('link').innerText();
    // the list shows it without a reload, and the page stays where it was
    await rowOf(page, quickKey).waitFor();
    expect(new URL(page.url()).pathname).toBe('/p/BAT/items');
    expect(await rowOf(page, quickKey).locator('a.title').innerText()).toBe(quickTitle);

    // the full form, with what the dialog had
    await page.locator('body').press('c');
    await quick.getByLabel('Type').selectOption('bug');
    await quick.getByLabel('Title').fill('Typed in the dialog');
    await quick.getByRole('link', { name: 'Full form' }).click();
    await page.waitForURL('**/p/BAT/items/new?**');
    expect(await page.getByLabel('Title').inputValue()).toBe('Typed in the dialog');
    await page.getByLabel('Title').fill('   ');
    await page.getByLabel('Description').fill('Typed before the error');
    await page.getByLabel('Type').selectOption('bug');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.locator('#field-title-error').waitFor();
    expect(await page.locator('#field-title-error').innerText()).toBe('Title is required');
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Description').inputValue()).toBe('Typed before the error');
    expect(await page.getByLabel('Type').inputValue()).toBe('bug');

    await page.getByLabel('Title').fill(TRICKY_TITLE);
    await page.getByLabel('Labels').fill('export, csv');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.waitForURL((u) => u.pathname === '/p/BAT/items' && u.searchParams.has('created'));
    const key = new URL(page.url()).searchParams.get('created')!;
    expect(key).toMatch(/^BAT-\d+$/);
    await page.getByRole('status').filter({ hasText: `Created ${key}` }).waitFor();
    const row = rowOf(page, key);
    expect(await row.locator('a.title').innerText()).toBe(TRICKY_TITLE);
    expect(await row.locator('a.title').getAttribute('href')).toBe(`/p/BAT/items/${key}`);
    expect(unexpected(errors, 400)).toEqual([]);
  });

  it('searches with the query language as chips, explains a parse error inline, groups and pages', async () => {
    const { page, errors } = await signedIn();
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('type:bug priority:>=high');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'type:bug priority:>=high');
    const chips = page.getByRole('list', { name: 'Filters' });
    expect(await chips.locator('li span').allInnerTexts()).toEqual(['type: bug', 'priority: >=high']);
    for (const type of await page.locator('table.items tbody td:nth-child(4)').allInnerTexts()) expect(type).toBe('Bug');
    // removing a chip is a link to the same list without that term
    await page.getByRole('link', { name: 'Remove filter type: bug' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'priority:>=high');
    expect(new Set(await page.locator('table.items tbody td:nth-child(6)').allInnerTexts())).toEqual(new Set(['Critical', 'High']));

    await page.getByLabel('Search items').fill('is:open status:nope');
    await page.getByLabel('Search items').press('Enter');
    const alert = page.locator('#query-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Unknown status "nope" at position 15');
    expect(await alert.locator('mark').innerText()).toBe('nope');
    expect(await page.getByLabel('Search items').getAttribute('aria-describedby')).toBe('query-error');

    // grouped by priority: the groups in urgency order, each whole, and the grouping kept across pages
    await page.goto(`${server().url}/p/BAT/items`);
    await hydrated(page);
    await page.getByLabel('Group').selectOption('priority');
    await page.waitForURL((u) => u.searchParams.get('group') === 'priority');
    const URGENCY = ['Critical', 'High', 'Medium', 'Low'];
    const firstGroups = await groupNames(page);
    expect(firstGroups.slice(0, 2)).toEqual(['Critical', 'High']);
    const firstPage = await rowKeys(page);
    expect(firstPage).toHaveLength(50);
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((u) => u.searchParams.has('cursor') && u.searchParams.get('group') === 'priority');
    await page.getByRole('link', { name: 'First page' }).waitFor();
    const secondPage = await rowKeys(page);
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((k) => firstPage.includes(k))).toEqual([]);
    // sorted by priority underneath, so the groups run on across the page break in urgency order
    const ranks = [...firstGroups, ...(await groupNames(page))].map((g) => URGENCY.indexOf(g));
    expect(ranks).toEqual([...ranks].sort());
    expect(ranks.at(-1)).toBe(3);
    expect(errors).toEqual([]);
  });

  it('saves a view, which the sidebar pins, and bulk-changes the status of two selected items', async () => {
    const { page, errors } = await signedIn();
    await page.getByLabel('Search items').fill('is:open type:feature');
    await page.getByLabel('Search items').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'is:open type:feature');
    await page.locator('summary', { hasText: 'Save view' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Open features');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.waitForURL((u) => u.searchParams.has('view'));
    const pinned = page.getByRole('navigation', { name: 'Pinned views' });
    const link = pinned.getByRole('link', { name: 'Open features' });
    await link.waitFor();
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Open features');

    // from anywhere, the pinned view opens the same list
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL((u) => u.pathname === '/p/BAT');
    await link.click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'is:open type:feature');

    // select two rows (a checkbox, and x on a row reached with j), then change their status in one go
    const [first, second] = (await rowKeys(page)).slice(0, 2);
    await page.getByLabel(`Select ${first}`).check();
    // the ticked checkbox holds focus, so its row is the current one
    await page.keyboard.press('j');
    expect(await focusedKey(page)).toBe(second);
    await page.keyboard.press('x');
    expect(await page.getByLabel(`Select ${second}`).isChecked()).toBe(true);
    const bar = page.getByRole('form', { name: 'Change the selected items' });
    expect(await bar.getByText('2 selected').count()).toBe(1);
    await bar.getByLabel('New status').selectOption('In progress');
    await bar.getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('status').filter({ hasText: 'Changed 2 items.' }).waitFor();
    for (const key of [first, second]) {
      expect(await rowOf(page, key!).locator('td:nth-child(5)').innerText()).toBe('In progress');
    }
    expect(await bar.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('exports the filtered list as CSV, quoted and guarded against formulas', async () => {
    const { page, errors } = await signedIn();
    await page.goto(`${server().url}/p/BAT/items?q=${encodeURIComponent('label:export')}`);
    await hydrated(page);
    await page.locator('summary', { hasText: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^BAT-items-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('key,title,type,status,priority,assignee,labels,milestone,due,created,updated');
    expect(lines).toHaveLength(3); // header, the one item, and the empty string after the last CRLF
    expect(lines[1]).toMatch(/^BAT-\d+,"'=SUM\(1\), ""quoted"" title",bug,open,medium,,csv; export,,,/);

    // all of it: every item of the product, across pages of the API
    const all = await page.request.get(`${server().url}/p/BAT/items/export?format=json&q=`);
    const items = (await all.json()) as { key: string }[];
    expect(items.length).toBeGreaterThan(60);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    const bad = await page.request.get(`${server().url}/p/BAT/items/export?format=csv&q=colour:red`);
    expect(bad.status()).toBe(400);
    expect(errors).toEqual([]);
  });

  it('moves through rows with j/k, opens with Enter and shows the shortcuts with ?', async () => {
    const { page, errors } = await signedIn();
    const keys = await rowKeys(page);
    await page.keyboard.press('j');
    expect(await focusedKey(page)).toBe(keys[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await focusedKey(page)).toBe(keys[1]);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.innerText()).toMatch(/Next item[\s\S]*Create an item/);
    // each page's keys under one heading, even when the page and its table both register some
    const sections = await help.getByRole('heading', { level: 3 }).allInnerTexts();
    expect(sections).toContain('Items list');
    expect(new Set(sections).size).toBe(sections.length);
    // the dialog owns the keyboard: j does nothing behind it, Escape closes it
    await page.keyboard.press('j');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await focusedKey(page)).toBe(keys[1]);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/p/BAT/items/${keys[1]}`);
    // the item page belongs to another part of the app: until it is there, the router's "not found" is allowed
    expect(unexpected(errors, 404).filter((e) => !e.includes(`Not found: /p/BAT/items/${keys[1]}`))).toEqual([]);
  });

  it('switches to the dark theme, remembered by the server, and fits a phone', async () => {
    const { page, errors } = await signedIn({ colorScheme: 'light' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await background()).not.toBe(light);
    await page.mouse.move(0, 0);
    await screenshot(page, 'items-dark');
    // a fresh load is rendered dark by the server (no light flash first)
    const html = await (await page.request.get(`${server().url}/p/BAT/items`)).text();
    expect(html).toMatch(/<html lang="en" data-theme="dark">/);
    await page.reload();
    expect(await background()).not.toBe(light);
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.getByRole('button', { name: 'Switch to dark theme' }).waitFor();
    expect(await background()).toBe(light);
    await screenshot(page, 'items-light');
    expect(errors).toEqual([]);

    const phone = await signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const sidebar = phone.page.getByRole('complementary', { name: 'BAT navigation' });
    expect(await sidebar.isVisible()).toBe(false);
    // nothing wider than the screen but the table, which scrolls in its own box
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // a row keeps its title, status and priority in view on a phone
    const firstRow = phone.page.locator('table.items tr[data-item]').first();
    for (const cell of [firstRow.locator('a.title'), firstRow.locator('td').nth(4), firstRow.locator('td').nth(5)]) {
      const box = (await cell.boundingBox())!;
      expect(box.width).toBeGreaterThan(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await screenshot(phone.page, 'items-phone');
    await phone.page.getByRole('button', { name: 'Open navigation' }).click();
    await sidebar.waitFor();
    await screenshot(phone.page, 'items-phone-nav');
    await sidebar.getByRole('link', { name: 'Dashboard' }).click();
    await phone.page.waitForURL((u) => u.pathname === '/p/BAT');
    await sidebar.waitFor({ state: 'hidden' });
    await phone.page.getByRole('heading', { name: 'My open items' }).waitFor();
    expect(phone.errors).toEqual([]);
  });

  it('lists, searches, groups and pages without JavaScript', async () => {
    const { page, errors } = await signedIn({ javaScriptEnabled: false });
    await page.getByLabel('Search items').fill('is:open');
    await page.getByLabel('Group').selectOption('status');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'is:open' && u.searchParams.get('group') === 'status');
    expect((await page.locator('table.items tr.group th').allInnerTexts()).length).toBeGreaterThan(0);
    // a bulk change is a plain form post that comes back to the same list
    const [key] = await rowKeys(page);
    await page.getByLabel(`Select ${key}`).check();
    await page.getByLabel('New status').selectOption('In progress');
    await page.getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('status').filter({ hasText: 'Changed 1 item.' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('is:open');
    expect(await rowOf(page, key!).locator('td:nth-child(5)').innerText()).toBe('In progress');
    await page.getByRole('link', { name: 'Remove filter is: open' }).click();
    await page.waitForURL((u) => !u.searchParams.has('q') && u.searchParams.get('group') === 'status');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((u) => u.searchParams.has('cursor'));
    expect((await rowKeys(page)).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
