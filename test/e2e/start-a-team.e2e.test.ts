import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';

// A brand-new person on a server without demo data: signs up, starts an organization and its first product (the
// key suggested from the name), lands on the empty dashboard with its first-run checklist, and creates an item.
// Needs the built web app (`pnpm --filter @baton/web build`) and a database where the key ACME is free.

const { server, openPage } = useServerAndBrowser({ env: { SEED_DEMO: 'false' } });

describe('starting a team', () => {
  it('signs up, creates an organization and product "Acme" (key ACME), sees the checklist and creates an item', async () => {
    const { page, errors } = await openPage();
    const base = server().url;
    await page.goto(`${base}/signup`);
    await page.getByLabel('Name').fill('Ada Founder');
    await page.getByLabel('Email').fill(`ada-${randomUUID().slice(0, 8)}@example.test`);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();

    // no invitation: the start page offers an organization of one's own
    await page.waitForURL('**/start');
    await page.getByRole('heading', { name: 'Start your organization' }).waitFor();
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.getByLabel('Organization name').fill('Acme Corporation');
    await page.getByLabel('First product').pressSequentially('Acme');
    await expect.poll(() => page.getByLabel('Key').inputValue()).toBe('ACME');
    await screenshot(page, 'start-a-team');
    await page.getByRole('button', { name: 'Create organization' }).click();

    // the empty dashboard with the checklist; nothing ticked but the steps that are done
    await page.waitForURL('**/p/ACME');
    const checklist = page.getByRole('region', { name: 'Get your team started' });
    await checklist.waitFor();
    await expect.poll(() => checklist.getByRole('listitem').allInnerTexts()).toHaveLength(4);
    expect(await checklist.getByRole('link', { name: 'Invite people' }).getAttribute('href')).toBe('/p/ACME/settings/members');
    expect(await checklist.getByRole('link', { name: 'Create an API key for agents' }).getAttribute('href')).toBe('/p/ACME/settings/api-keys');
    expect(await checklist.getByRole('link', { name: 'Turn on the public board' }).getAttribute('href')).toBe('/p/ACME/settings/public');
    expect(await checklist.locator('code').innerText()).toContain(`"baton.serverUrl": "${base}"`);
    expect(await checklist.innerText()).toContain('0 of 4 done');
    await screenshot(page, 'start-a-team-dashboard', { fullPage: true });

    // the first item
    await page.goto(`${base}/p/ACME/items/new`);
    await page.getByLabel('Title').fill('Our first item');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.waitForURL((u) => u.pathname === '/p/ACME/items' && u.searchParams.get('created') === 'ACME-1');
    await page.locator('table.items tbody tr', { hasText: 'Our first item' }).waitFor();
    // with an item, the dashboard no longer shows the checklist
    await page.goto(`${base}/p/ACME`);
    await page.getByRole('heading', { name: 'Acme', level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Get your team started' }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
