import { branchName } from '@baton/contracts';
import type { ItemStatus } from '@baton/contracts';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { deliverGitlab, gitlabMergeRequest } from '../support/forge-payloads.ts';
import { deliver, failedCheckRun, pullRequest } from '../support/github-payloads.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// A manager sets GitHub up in settings; recorded PR deliveries then move an item on the open board, live.

const { server, openPage } = useServerAndBrowser();

let pm: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  pm = await signIn(server().url, DEMO.manager);
});

const cardIn = (page: Page, status: ItemStatus, key: string) => page.locator(`ul.zone[data-status="${status}"]`).first().locator(`li.card[data-key="${key}"]`);

describe('GitHub integration', () => {
  it('is set up in settings, and a PR opened then merged moves the item to in progress then done on the board', async () => {
    const { page, errors } = await openPage();
    await useSession(page, server().url, pm.token);
    await page.goto(`${server().url}/p/BAT/settings/integrations`);
    await page.getByLabel('Release branches besides the default branch (one per line)').fill('release/1.x');
    await page.getByRole('button', { name: 'Generate a secret' }).click();
    const secretBox = page.getByLabel(/New secret/);
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    const webhookUrl = await page.getByLabel(/Payload URL/).inputValue();
    expect(webhookUrl).toBe(`${server().url}/api/webhooks/github/BAT`);
    await screenshot(page, 'settings-integrations-secret', { fullPage: true });
    // once only: after a reload the secret is gone for good
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByLabel('Release branches besides the default branch (one per line)').inputValue()).toBe('release/1.x');

    const title = `Webhook journey ${Date.now()}`;
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'feature', title, priority: 'high' });
    const branch = branchName({ key: item.key, number: item.number, type: 'feature', title });

    const board = (await openPage()).page;
    await useSession(board, server().url, pm.token);
    const live = board.waitForResponse('**/trpc/events.items**');
    await board.goto(`${server().url}/p/BAT/board`);
    await live;
    await cardIn(board, 'open', item.key).waitFor();

    const number = 4242;
    expect((await deliver(webhookUrl, 'pull_request', pullRequest('opened', { number, branch }), { secret })).status).toBe(200);
    await cardIn(board, 'in_progress', item.key).waitFor();
    // CI fails on the PR: the item page shows it beside the PR, as the VS Code item view does
    const failed = failedCheckRun(number);
    expect((await deliver(webhookUrl, 'check_run', failed, { secret })).status).toBe(200);
    expect((await deliver(webhookUrl, 'pull_request', pullRequest('closed', { number, branch, merged: true, base: 'master' }), { secret })).status).toBe(200);
    await cardIn(board, 'done', item.key).waitFor();
    await screenshot(board, 'board-after-github-merge');

    const itemPage = (await openPage()).page;
    await useSession(itemPage, server().url, pm.token);
    await itemPage.goto(`${server().url}/p/BAT/items/${item.key}`);
    const prs = itemPage.getByRole('region', { name: 'Pull requests' });
    const checkName = (failed.check_run as { name: string }).name;
    expect((await prs.innerText()).replace(/\s+/g, ' ')).toContain(`#${number} Merged ${checkName} failed`);
    await screenshot(itemPage, 'item-pull-request-check');

    // the settings page lists the three deliveries, and replaying one changes nothing more
    await page.reload();
    const rows = page.locator('table.deliveries tbody tr');
    expect(await rows.count()).toBe(3);
    await rows.first().getByRole('button', { name: /Replay/ }).click();
    await page.getByRole('status').filter({ hasText: 'Replayed the delivery: nothing new' }).waitFor();
    expect((await pm.client.items.get.query({ productId: pm.productId, ref: item.id })).status).toBe('done');
    expect(errors).toEqual([]);
  });

  it('sets GitLab up on its own tab, and a merge request delivery is logged as GitLab’s', async () => {
    const { page, errors } = await openPage();
    await useSession(page, server().url, pm.token);
    await page.goto(`${server().url}/p/BAT/settings/integrations`);
    await page.getByRole('navigation', { name: 'Forges' }).getByRole('link', { name: 'GitLab' }).click();
    await page.getByRole('heading', { name: 'GitLab' }).waitFor();
    await page.getByRole('button', { name: 'Generate a secret' }).click();
    const secretBox = page.getByLabel('New secret: copy it into GitLab now, it will not be shown again');
    await secretBox.waitFor();
    const token = await secretBox.inputValue();
    const webhookUrl = await page.getByLabel(/Payload URL/).inputValue();
    expect(webhookUrl).toBe(`${server().url}/api/webhooks/gitlab/BAT`);
    // saving stays on the GitLab tab
    expect(page.url()).toContain('forge=gitlab');

    const title = `GitLab journey ${Date.now()}`;
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'bug', title });
    const branch = branchName({ key: item.key, number: item.number, type: 'bug', title });
    expect((await deliverGitlab(webhookUrl, gitlabMergeRequest('open', { iid: 77, branch }), { token })).status).toBe(200);
    expect((await pm.client.items.get.query({ productId: pm.productId, ref: item.id })).status).toBe('in_progress');
    await page.reload();
    await page.locator('table.deliveries tbody tr').filter({ hasText: 'GitLab' }).first().waitFor();
    expect(errors).toEqual([]);
  });
});
