import { allowedStates } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { hydrated, useServerAndBrowser, type Page } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// The command palette (Ctrl+K), used with the keyboard only: find an item by key, act on it (status, assignee,
// label, milestone), create, and go elsewhere; axe-clean while open.

const { server, openPage } = useServerAndBrowser();

/** Opens the palette, types, waits for `option` to be the active choice, and presses Enter. */
async function runCommand(page: Page, typed: string, option: string | RegExp): Promise<void> {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: /Type a command/ });
  await box.waitFor();
  await box.fill(typed);
  const first = page.getByRole('listbox', { name: 'Commands and items' }).getByRole('option').first();
  await expect.poll(() => first.innerText()).toMatch(option);
  expect(await first.getAttribute('aria-selected')).toBe('true');
  await box.press('Enter');
  // the palette closes once the command ran; if it says why not, the failure shows what it said
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  const alert = dialog.getByRole('alert');
  await expect.poll(async () => ((await alert.count()) ? await alert.innerText() : (await dialog.isVisible()) ? 'open' : 'closed')).toBe('closed');
}

describe('command palette', () => {
  it('goes to an item by key and runs actions on it, keyboard only', async () => {
    const { url } = server();
    const pm = await signIn(url, DEMO.manager);
    const tag = `pal${Date.now().toString(36)}`;
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `${tag} palette target` });
    const [label] = await pm.client.labels.list.query({ productId: pm.productId });
    const milestone = (await pm.client.milestones.list.query({ productId: pm.productId, state: 'open', limit: 1 })).items[0]!;
    const { page, errors } = await openPage({ bypassCSP: true });
    await useSession(page, url, pm.token);
    await page.goto(`${url}/p/BAT/items`);
    await hydrated(page);

    // Ctrl+K works while typing in a field too; an item's key, typed in lower case, finds it
    await page.getByLabel('Search items').focus();
    await runCommand(page, item.key.toLowerCase(), new RegExp(`${item.key} ${tag} palette target`));
    await page.waitForURL(`**/p/BAT/items/${item.key}`);
    await hydrated(page);

    // the arrow keys move the active option, and axe finds nothing serious with the palette open; the moves are
    // the product's states, in board order
    // (other files' states too, where the e2e files share a database)
    const states = await pm.client.workflowStates.list.query({ productId: pm.productId });
    const [first, second] = allowedStates(states, { status: 'open', stateId: null }).map((s) => `palette-cmd-status:${s.id}`);
    expect(states.find((s) => `palette-cmd-status:${s.id}` === first)?.name).toBe('In progress');
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: /Type a command/ });
    const searched = page.waitForResponse((r) => r.url().includes('/palette?'));
    await box.fill('set status');
    expect(await box.getAttribute('aria-activedescendant')).toBe(first);
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe(second);
    // the item search answering afterwards does not take the choice away
    await searched;
    await page.waitForTimeout(100);
    expect(await box.getAttribute('aria-activedescendant')).toBe(second);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'command-palette');
    await box.press('Escape');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'hidden' });

    await runCommand(page, 'status in prog', 'Set status: In progress');
    await expect.poll(async () => (await pm.client.items.get.query({ productId: pm.productId, ref: item.key })).status).toBe('in_progress');
    await runCommand(page, `assign ${DEMO.developer.name}`, `Assign to ${DEMO.developer.name}`);
    await expect.poll(async () => (await pm.client.items.get.query({ productId: pm.productId, ref: item.key })).assignee?.name).toBe(DEMO.developer.name);
    await runCommand(page, `add label ${label!.name}`, `Add label ${label!.name}`);
    await runCommand(page, `milestone ${milestone.name}`, `Move to milestone ${milestone.name}`);
    const saved = await pm.client.items.get.query({ productId: pm.productId, ref: item.key });
    expect(saved.labels.map((l) => l.name)).toEqual([label!.name]);
    expect(saved.milestone?.id).toBe(milestone.id);
    // the page shows what the palette did, without a reload
    await expect.poll(() => page.locator('.prop-labels').innerText()).toContain(label!.name);

    // a move the workflow does not allow is not offered: an item in progress cannot go to in progress
    await page.keyboard.press('Control+k');
    await box.fill('set status in progress');
    expect(await page.getByRole('option', { name: /Set status: In progress/ }).count()).toBe(0);
    await box.press('Escape');

    await runCommand(page, 'create', 'Create an item');
    await page.waitForURL('**/p/BAT/items/new');
    await runCommand(page, 'go board', 'Go to Board');
    await page.waitForURL('**/p/BAT/board');
    expect(errors).toEqual([]);
  });
});
