import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { rowKeys, rowOf, signedInToItemsList, unexpected } from '../support/items-list.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn as apiSignIn } from '../support/session.ts';

// The items list a PM trusts: counts over the whole result, a typed key, sortable headers, due dates, the filter menu.

const PM = DEMO.manager;
const { server, openPage } = useServerAndBrowser();

const signedIn = signedInToItemsList(server, openPage);

describe('the items list, counted and sorted', () => {
  it('counts the whole result in group headers and the pager, finds a typed key, sorts by a header, filters from the menu', async () => {
    const pm = await apiSignIn(server().url, PM);
    const tag = `cnt${Date.now().toString(36)}`;
    const made: { key: string }[] = [];
    for (let i = 0; i < 53; i++) {
      made.push(await pm.client.items.create.mutate({ productId: pm.productId, type: i === 7 ? 'bug' : 'task', title: `${tag} ${i}`, priority: i === 3 ? 'critical' : 'low', ...(i === 5 && { dueDate: '2020-03-01' }) }));
    }
    const { page, errors } = await signedIn();
    await page.goto(`${server().url}/p/BAT/items?${new URLSearchParams({ q: tag, group: 'status' })}`);
    // the page shows 50, the header and the pager speak of all 53
    expect(await page.locator('table.items tr.group th').innerText()).toBe('Open 53');
    expect(await page.locator('.pager .total').innerText()).toBe('1–50 of 53 items');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.locator('.pager .total', { hasText: '51–53 of 53 items' }).waitFor();

    // a header sorts, and says how (aria-sort); a second click turns the order round
    await page.goto(`${server().url}/p/BAT/items?${new URLSearchParams({ q: tag })}`);
    const priority = page.getByRole('columnheader', { name: 'Priority' });
    await priority.getByRole('link').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'priority-desc');
    expect(await priority.getAttribute('aria-sort')).toBe('descending');
    expect((await rowKeys(page))[0]).toBe(made[3]!.key);
    await priority.getByRole('link').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'priority-asc');
    expect(await priority.getAttribute('aria-sort')).toBe('ascending');
    // the due date, marked overdue
    expect(await rowOf(page, made[5]!.key).locator('td.due').innerText()).toBe('2020-03-01 · Overdue');
    await screenshot(page, 'items-sorted-due');

    // a typed key finds its item
    await page.getByLabel('Search items').fill(made[9]!.key.toLowerCase());
    await page.getByLabel('Search items').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === made[9]!.key.toLowerCase());
    expect(await rowKeys(page)).toEqual([made[9]!.key]);

    // the filter menu writes terms into the query; they show as chips
    await page.goto(`${server().url}/p/BAT/items?${new URLSearchParams({ q: tag })}`);
    await page.locator('summary', { hasText: 'Filter' }).click();
    const menu = page.getByRole('form', { name: 'Add filters to the query' });
    await menu.getByLabel('Type').selectOption('type:bug');
    await menu.getByRole('button', { name: 'Add to query' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === `${tag} type:bug`);
    expect(await page.getByLabel('Search items').inputValue()).toBe(`${tag} type:bug`);
    await page.getByRole('list', { name: 'Filters' }).getByText('type: bug').waitFor();
    expect(await rowKeys(page)).toEqual([made[7]!.key]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'items-filtered-phone', { fullPage: true });
    expect(unexpected(errors)).toEqual([]);
  });
});
