import { createClient } from '@baton/client';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, useServerAndBrowser } from '../support/browser.ts';
import { DEMO } from '../support/session.ts';
import { startReceiver, waitUntil } from '../support/webhook-receiver.ts';

// Settings → Webhooks in Debian's Chromium against the real server and its job queue (docs/webhooks-out.md):
// a manager adds a webhook to a receiver on this machine (allowed by WEBHOOK_ALLOW_ADDRESSES), copies its secret,
// sends a test event, and sees an item's event delivered in the log.

const OWNER = DEMO.owner;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());
const { server, openPage } = useServerAndBrowser({ env: { WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1' } });

describe('webhooks settings', () => {
  it('adds a webhook, shows its secret once, sends a test event and logs a delivered item event', async () => {
    const { page, errors } = await openPage();
    await signIn(page, server().url, OWNER.email, OWNER.password);
    await page.goto(`${server().url}/p/BAT/settings/webhooks`);
    await page.getByLabel('URL').fill(`${receiver.url}/e2e`);
    await page.getByLabel('Description').fill('Team bot');
    await page.getByLabel('item.created').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole('button', { name: /Send test event/ }).click();
    await page.getByText(/Test event delivered: 200/).waitFor();
    const [test] = receiver.at('/e2e');
    expect(new Webhook(secret).verify(test!.body, test!.headers)).toMatchObject({ type: 'webhook.test' });
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    const session = await createClient({ url: server().url }).auth.logIn.mutate({ email: OWNER.email, password: OWNER.password });
    const owner = createClient({ url: server().url, token: session.token });
    const bat = (await owner.products.list.query({})).find((p) => p.key === 'BAT')!;
    const item = await owner.items.create.mutate({ productId: bat.id, type: 'bug', title: 'Seen by the team bot' });
    await waitUntil('the item event', () => receiver.at('/e2e').length === 2);
    expect(new Webhook(secret).verify(receiver.at('/e2e')[1]!.body, receiver.at('/e2e')[1]!.headers)).toMatchObject({ type: 'item.created', data: { item: { key: item.key } } });
    // the receiver answers before the attempt is recorded: reload until the log shows it
    const log = page.locator('table.log');
    await waitUntil('the log to show it delivered', async () => {
      await page.reload();
      return ((await log.locator('tr', { hasText: 'item.created' }).textContent()) ?? '').includes('Delivered');
    });
    expect(await log.locator('tr', { hasText: 'webhook.test' }).textContent()).toContain('Delivered');
    expect(errors).toEqual([]);
  });
});
