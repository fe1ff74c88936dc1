import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { readOutbox } from '../support/outbox.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// Be told: a PM (B) assigns a developer (A) an item and mentions them in its description; A's bell counts both
// live, without a reload; A opens one, which reads it; one digest email for both lands in the outbox.

const { server, dataDir, openPage } = useServerAndBrowser({ env: { MAIL_SEND_SECONDS: '1', NOTIFY_EMAIL_DELAY_SECONDS: '2' } });

describe('notifications', () => {
  it('the bell updates live, opening reads, and one batched email arrives', async () => {
    const { url, db } = server();
    const a = await signIn(url, DEMO.developer);
    const b = await signIn(url, DEMO.manager);
    const dev = await db.user.findUniqueOrThrow({ where: { email: DEMO.developer.email } });
    await a.client.notifications.markAllRead.mutate();
    // the demo seed's own notifications go out first, so the one digest below is ours alone
    await expect.poll(() => db.notification.count({ where: { userId: dev.id, emailBatch: null, emailSince: { not: null } } }), { timeout: 20_000 }).toBe(0);

    const { page, errors } = await openPage();
    await useSession(page, url, a.token);
    await page.goto(`${url}/p/BAT`);
    const bell = page.locator('header a.bell');
    // the bell is listening once its stream sent the first count
    await page.locator('header a.bell[data-live="true"]').waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');

    const item = await b.client.items.create.mutate({ productId: b.productId, type: 'task', title: 'Wire the release checklist' });
    const assigned = await b.client.items.update.mutate({ productId: b.productId, ref: item.key, expectedVersion: item.version, patch: { assigneeUserId: dev.id } });
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 1 unread');
    await b.client.items.update.mutate({ productId: b.productId, ref: item.key, expectedVersion: assigned.version, patch: { description: 'Steps are in the wiki. @dev can you take the first pass?' } });
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 2 unread');

    const outbox = join(dataDir(), 'outbox');
    const ours = async () => (await readOutbox(outbox).catch(() => [])).filter((m) => m.to === DEMO.developer.email && m.text.includes(item.key));
    await expect.poll(async () => (await ours()).length, { timeout: 20_000 }).toBe(1);
    const [mail] = await ours();
    expect(mail!.subject).toBe('2 updates in Baton');
    expect(mail!.text).toContain(`${DEMO.manager.name} assigned you ${item.key}`);
    expect(mail!.text).toContain(`${DEMO.manager.name} mentioned you in the description of ${item.key}`);

    await bell.click();
    await page.waitForURL('**/notifications');
    await screenshot(page, 'notifications-desktop');
    await page.getByRole('link', { name: `${DEMO.manager.name} mentioned you in the description of ${item.key}` }).click();
    await page.waitForURL(`**/p/BAT/items/${item.key}`);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(await db.notification.count({ where: { userId: dev.id, itemId: item.id, readAt: { not: null } } })).toBe(1);

    // still one email, however many sends ran since
    await page.waitForTimeout(2_500);
    expect(await ours()).toHaveLength(1);
    await page.goto(`${url}/settings/notifications`);
    await screenshot(page, 'notification-settings-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'notification-settings-phone', { fullPage: true });
    await page.goto(`${url}/notifications`);
    await screenshot(page, 'notifications-phone', { fullPage: true });
    expect(errors).toEqual([]);
  });
});
