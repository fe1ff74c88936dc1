import { readFileSync } from 'node:fs';
import { slackSignature } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, useServerAndBrowser } from '../support/browser.ts';
import { DEMO } from '../support/session.ts';
import { startReceiver, waitUntil } from '../support/webhook-receiver.ts';

// Settings → Integrations → Slack in Debian's Chromium against the real server and its job queue (docs/slack.md):
// a manager pastes the app's signing secret and a channel's incoming-webhook URL (a receiver on this machine
// standing in for hooks.slack.com, allowed by WEBHOOK_ALLOW_ADDRESSES), neither shown again; a test message and
// then Slack's recorded slash command, signed, create an item whose Slack message shows delivered in the log.

const OWNER = DEMO.owner;
const SIGNING_SECRET = 'e2e0signing0secret0abcdef01234567';
const HOOK_PATH = '/services/T0001/B0002/e2eSecretPart0123456789';
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());
const { server, openPage } = useServerAndBrowser({ env: { WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1' } });

describe('Slack settings', () => {
  it('sets up Slack without showing its secrets again, sends a test message, and a /baton command creates an item posted to the channel', async () => {
    const { page, errors } = await openPage();
    await signIn(page, server().url, OWNER.email, OWNER.password);
    await page.goto(`${server().url}/p/BAT/settings/integrations`);
    await page.getByRole('navigation', { name: 'Forges' }).getByRole('link', { name: 'Slack' }).click();
    await page.getByLabel('Signing secret', { exact: true }).fill(SIGNING_SECRET);
    await page.getByLabel('Incoming-webhook URL').fill(`${receiver.url}${HOOK_PATH}`);
    await page.getByLabel('Who sees the command’s answer').selectOption('in_channel');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the Slack settings.').waitFor();
    await page.getByText(/^Signing secret: set /).waitFor();
    await page.reload();
    const html = await page.content();
    expect(html).not.toContain(SIGNING_SECRET);
    expect(html).not.toContain('e2eSecretPart');

    await page.getByRole('button', { name: 'Send a test message' }).click();
    await page.getByText(/Test message delivered: 200/).waitFor();
    expect(JSON.parse(receiver.at(HOOK_PATH)[0]!.body)).toMatchObject({ text: expect.stringMatching(/^:wave: A test event from Baton/) });

    // Slack's recorded command, as Slack would send it to the Request URL the page shows
    const commandUrl = await page.getByLabel('Slash command Request URL').inputValue();
    const form = new URLSearchParams(readFileSync(new URL('../fixtures/slack/slash-command.txt', import.meta.url), 'utf8'));
    form.set('command', '/baton');
    form.set('text', 'bug Checkout button does nothing');
    const body = form.toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(commandUrl, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, Buffer.from(body)),
      },
    });
    const answer = (await res.json()) as { response_type: string; text: string };
    expect(res.status).toBe(200);
    expect(answer).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringMatching(/^<http:\/\/127\.0\.0\.1:\d+\/p\/BAT\/items\/BAT-\d+\|BAT-\d+> created: Checkout button does nothing$/),
    });
    const key = /\|(BAT-\d+)>/.exec(answer.text)![1]!;
    await waitUntil('the Slack message', () => receiver.at(HOOK_PATH).length === 2);
    expect(JSON.parse(receiver.at(HOOK_PATH)[1]!.body).text).toContain(
      `|${key}> Checkout button does nothing (bug) created by Slack (@Steve)`,
    );
    const log = page.locator('table.log');
    await waitUntil('the log to show it delivered', async () => {
      await page.reload();
      return ((await log.locator('tr', { hasText: 'item.created' }).textContent()) ?? '').includes('Delivered');
    });
    await page.goto(`${server().url}/p/BAT/items/${key}`);
    expect(await page.title()).toBe(`${key} Checkout button does nothing · Baton`);
    expect(errors).toEqual([]);
  });
});
