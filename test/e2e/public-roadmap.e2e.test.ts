import { join } from 'node:path';
import { createClient } from '@baton/client';
import { DEMO_USERS } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { linkIn, waitForMail } from '../support/outbox.ts';

// The public roadmap end to end, in Debian's Chromium against the real server: a visitor submits an idea (the
// browser solves the proof-of-work challenge), votes, confirms their email from the message in the outbox folder
// and follows the idea's status page; the team accepts it in triage and ships it; the voter is told.

const PM = DEMO_USERS.find((u) => u.email === 'pm@baton.dev')!;
// an easy challenge keeps the test quick; the browser still does the real work
const { server, dataDir, openPage } = useServerAndBrowser({ env: { POW_MAX_NUMBER: '3000', MAIL_SEND_SECONDS: '1' } });

describe('public roadmap', () => {
  it('takes an idea and a vote from a visitor, through triage and a release, to a "shipped" email', async () => {
    const { db, url } = server();
    const outbox = join(dataDir(), 'outbox');
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    await db.product.update({ where: { id: product.id }, data: { publicSettings: { enabled: true, types: ['feature', 'bug'], voteLimit: 5 } } });
    const existing = await db.item.findFirstOrThrow({ where: { productId: product.id, type: 'feature', deletedAt: null }, orderBy: { number: 'asc' } });
    await db.item.update({ where: { id: existing.id }, data: { visibility: 'public', title: 'Export the board as CSV', status: 'open' } });

    // -- a visitor, no account
    const visitor = await openPage();
    const email = `visitor-${Date.now()}@example.test`;
    await visitor.page.goto(`${url}/roadmap/BAT`);
    await visitor.page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => visitor.page.getByRole('link', { name: 'Export the board as CSV', exact: true }).count()).toBe(1);

    await visitor.page.getByRole('link', { name: 'Submit an idea' }).click();
    await visitor.page.getByLabel('Your name').fill('Vera Visitor');
    await visitor.page.getByLabel('Email').fill(email);
    await visitor.page.getByLabel('Title').fill('Export roadmap to CSV');
    // similar ideas appear while typing
    await visitor.page.getByText('Similar ideas').waitFor();
    await expect.poll(() => visitor.page.locator('[data-similar] a').first().innerText()).toBe('Export the board as CSV');
    await visitor.page.getByLabel(/Description/).fill('So we can **chart** it.');
    await visitor.page.getByText('Anti-spam check done.').waitFor({ timeout: 30_000 });
    await visitor.page.getByRole('button', { name: 'Submit idea' }).click();
    await visitor.page.waitForURL('**/submissions/**');
    const statusUrl = visitor.page.url().replace(/\?.*$/, '');
    await visitor.page.getByText('Waiting for review').waitFor();
    expect(await visitor.page.locator('.prose strong').innerText()).toBe('chart');

    // vote on the existing idea: asks for the email, counts once confirmed
    await visitor.page.goto(`${url}/roadmap/BAT/${existing.number}`);
    await visitor.page.getByLabel('Email').fill(email);
    await visitor.page.getByRole('button', { name: 'Vote', exact: true }).click();
    await visitor.page.getByText('Check your inbox').waitFor();
    const confirm = await waitForMail(outbox, (m) => m.to === email && m.subject.startsWith('Confirm your vote'));
    await visitor.page.goto(linkIn(confirm, '/verify/'));
    await visitor.page.getByRole('button', { name: 'Confirm my email' }).click();
    await visitor.page.getByText(`${email} is confirmed. 1 vote counted.`).waitFor();
    await visitor.page.goto(`${url}/roadmap/BAT/${existing.number}`);
    await visitor.page.getByRole('button', { name: /Remove your vote for Export the board as CSV \(1 votes\)/ }).waitFor();

    // the submitter's emailed status link works
    const received = await waitForMail(outbox, (m) => m.to === email && m.subject.startsWith('We received your idea'));
    expect(linkIn(received, '/submissions/')).toBe(statusUrl);

    // -- the team accepts the idea in triage
    const team = await openPage();
    await team.page.goto(`${url}/login`);
    await team.page.getByLabel('Email').fill(PM.email);
    await team.page.getByLabel('Password').fill(PM.password);
    await team.page.getByRole('button', { name: 'Sign in' }).click();
    await team.page.waitForURL('**/p/BAT/items');
    await team.page.getByRole('link', { name: 'Triage' }).click();
    const entry = team.page.locator('li.entry', { hasText: 'Export roadmap to CSV' });
    await expect.poll(() => entry.locator('aside').innerText()).toContain('Export the board as CSV');
    await entry.getByRole('button', { name: 'Accept onto the board' }).click();
    await team.page.getByText('Accepted.').waitFor();
    const idea = await db.item.findFirstOrThrow({ where: { productId: product.id, title: 'Export roadmap to CSV' } });

    // the confirmed visitor votes for the accepted idea in one click, from the board
    await visitor.page.goto(`${url}/roadmap/BAT?sort=recent`);
    await visitor.page.getByRole('button', { name: 'Vote for Export roadmap to CSV (0 votes)' }).click();
    await visitor.page.getByRole('button', { name: 'Remove your vote for Export roadmap to CSV (1 votes)' }).waitFor();
    await visitor.page.goto(statusUrl);
    await visitor.page.getByText('Accepted', { exact: true }).waitFor();

    // -- the team ships it in a public release (through the API, as the signed-in manager)
    const session = (await team.page.context().cookies()).find((c) => c.name === 'baton_session')!;
    const client = createClient({ url, token: session.value });
    const release = await client.releases.create.mutate({ productId: product.id, name: 'v2.0', notes: 'CSV export is here.', itemIds: [idea.id], isPublic: true });
    await client.releases.publish.mutate({ id: release.id });
    const shipped = await waitForMail(outbox, (m) => m.to === email && m.subject === 'Shipped: Export roadmap to CSV');
    expect(shipped.text).toContain(`${url}/changelog/BAT`);
    expect(shipped.headers['list-unsubscribe']).toMatch(/\/unsubscribe\//);

    await visitor.page.goto(`${url}/changelog/BAT`);
    await visitor.page.getByRole('heading', { name: 'v2.0' }).waitFor();
    expect(visitor.errors).toEqual([]);
    expect(team.errors).toEqual([]);
  }, 120_000);

  it('shows private items as 404, exactly like missing ones, and works without JavaScript', async () => {
    const { db, url } = server();
    const product = await db.product.findFirstOrThrow({ where: { key: 'BAT' }, orderBy: { createdAt: 'asc' } });
    await db.product.update({ where: { id: product.id }, data: { publicSettings: { enabled: true, types: ['feature', 'bug', 'task'], voteLimit: 5 } } });
    const hidden = await db.item.findFirstOrThrow({ where: { productId: product.id, visibility: 'internal', deletedAt: null } });
    const { page } = await openPage({ javaScriptEnabled: false });
    const privateRes = await page.goto(`${url}/roadmap/BAT/${hidden.number}`);
    const privateBody = await page.locator('body').innerText();
    const missingRes = await page.goto(`${url}/roadmap/BAT/999999`);
    const missingBody = await page.locator('body').innerText();
    expect([privateRes?.status(), missingRes?.status()]).toEqual([404, 404]);
    expect(privateBody).toBe(missingBody);
    expect((await page.goto(`${url}/roadmap/BAT/BAT-${hidden.number}`))?.status()).toBe(404);
    // the board, search and list view are plain HTML
    const { page: plain, errors } = await openPage({ javaScriptEnabled: false });
    await plain.goto(`${url}/roadmap/BAT`);
    await plain.getByLabel('Search ideas').fill('zzz-no-such-idea');
    await plain.getByRole('button', { name: 'Apply' }).click();
    await plain.waitForURL('**q=zzz-no-such-idea**');
    await plain.getByRole('link', { name: 'List', exact: true }).click();
    await plain.getByText('No ideas match.').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
