import { describe, expect, it } from 'vitest';
import { logIn, useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn } from '../support/session.ts';

// The dashboard a PM opens first: signing in lands on it, and it shows who (or which agent) holds the work in
// progress with the lease, what is blocked and by what, and the activity feed.

const { server, openPage } = useServerAndBrowser();

describe('dashboard', () => {
  it('is where the PM lands, with leases, blockers and activity', async () => {
    const { url } = server();
    const pm = await signIn(url, DEMO.manager);
    const blocker = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: 'Agree the export format' });
    const waiting = await pm.client.items.create.mutate({ productId: pm.productId, type: 'feature', title: 'Export the board', priority: 'critical' });
    await pm.client.items.links.add.mutate({ productId: pm.productId, ref: blocker.key, type: 'blocks', to: waiting.key });
    const held = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: 'Held by the PM', priority: 'critical' });
    await pm.client.claims.claim.mutate({ productId: pm.productId, ref: held.key });

    const { page, errors } = await openPage();
    await logIn(page, url, DEMO.manager.email, DEMO.manager.password);
    await page.waitForURL('**/p/BAT');
    const blocked = page.getByRole('region', { name: /^Blocked/ });
    await expect.poll(() => blocked.locator('li', { hasText: waiting.key }).innerText()).toContain(`blocked by ${blocker.key}`);
    const inProgress = page.getByRole('region', { name: /^In progress/ });
    expect(await inProgress.locator('li', { hasText: held.key }).innerText()).toMatch(new RegExp(`${DEMO.manager.name} holds it · lease ends in \\d+ min`));
    // the holder's last heartbeat, so a holder that went quiet shows before its lease runs out
    expect(await inProgress.locator('li', { hasText: held.key }).innerText()).toContain('last heartbeat just now');
    expect(await page.getByRole('region', { name: /^Activity/ }).innerText()).toContain(held.key);
    expect(await page.getByRole('region', { name: 'Items open by type' }).count()).toBe(1);
    await screenshot(page, 'dashboard-desktop', { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboard-phone', { fullPage: true });
    expect(errors).toEqual([]);
  });
});
