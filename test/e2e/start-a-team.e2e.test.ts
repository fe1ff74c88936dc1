import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hydrated, useServerAndBrowser, type Page } from '../support/browser.ts';
import { importFile, joinAsNewcomer, inviteByLink, signUp } from '../support/first-day.ts';
import { inlineSavesDone } from '../support/item-page.ts';
import { readOutbox } from '../support/outbox.ts';
import { screenshot } from '../support/screenshots.ts';

// A team's first day on a server without demo data, all in the web app: a brand-new person signs up, starts an
// organization and its first product (the key suggested from the name), sees the first-run checklist, brings work
// in from a GitHub issues export and a Jira CSV (test/fixtures/imports), invites a second person by link, who
// creates an account and joins; plans a sprint with a milestone and a parent with two sub-items; then hears, live
// in the app and by the email digest, that the second person assigned them an item and mentioned them in it.
// Needs the built web app (`pnpm --filter @baton/web build`) and a database where the key ACME is free.

const { server, dataDir, openPage } = useServerAndBrowser({
  env: { SEED_DEMO: 'false', MAIL_SEND_SECONDS: '1', NOTIFY_EMAIL_DELAY_SECONDS: '3' },
});
const PHONE = { width: 390, height: 844 };

/** Screenshots of the page as it is: first-day-<name>.png, and first-day-<name>-phone.png unless `desktopOnly`. */
async function shots(page: Page, name: string, desktopOnly = false) {
  await screenshot(page, `first-day-${name}`, { fullPage: true });
  if (desktopOnly) return;
  const desktop = page.viewportSize()!;
  await page.setViewportSize(PHONE);
  await screenshot(page, `first-day-${name}-phone`, { fullPage: true });
  await page.setViewportSize(desktop);
}


describe('a team’s first day', () => {
  it('signs up, starts Acme, imports its work, invites a teammate, plans a sprint and is told of an assignment and a mention', async () => {
    const tag = randomUUID().slice(0, 8);
    const ada = { name: 'Ada Founder', email: `ada-${tag}@example.test`, password: 'a long enough password' };
    const bo = { name: 'Bo Builder', email: `bo-${tag}@example.test`, password: 'another long password' };
    const base = server().url;
    const { page, errors } = await openPage();

    await signUp(page, base, ada);
    // no invitation: the start page offers an organization of one's own
    await page.getByRole('heading', { name: 'Start your organization' }).waitFor();
    await hydrated(page);
    await page.getByLabel('Organization name').fill('Acme Corporation');
    await page.getByLabel('First product').pressSequentially('Acme');
    await expect.poll(() => page.getByLabel('Key').inputValue()).toBe('ACME');
    await shots(page, 'start', true);
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
    await shots(page, 'dashboard');

    // bring the work in: a GitHub issues export, previewed then imported, then a Jira CSV with its site for links
    await importFile(page, `${base}/p/ACME/settings/import`, 'GitHub issues (JSON from gh issue list)', 'github-issues.json');
    const preview = page.getByRole('region', { name: /^Preview/ });
    await expect.poll(() => preview.getByRole('heading').innerText()).toBe('Preview: 3 to create');
    expect(await page.getByRole('region', { name: 'Notes on the file' }).innerText()).toContain('Line 4: title is empty (row skipped)');
    await shots(page, 'import-preview', true);
    await preview.getByRole('button', { name: 'Import 3 items' }).click();
    const report = page.getByRole('region', { name: 'Imported 3 items' });
    await report.waitFor();
    expect(await report.getByRole('link').allInnerTexts()).toEqual(['ACME-1', 'ACME-2', 'ACME-3']);
    await importFile(page, `${base}/p/ACME/settings/import`, 'Jira (CSV export)', 'jira-export.csv', 'https://acme.atlassian.net');
    await preview.getByRole('button', { name: 'Import 3 items' }).click();
    await page.getByRole('region', { name: 'Imported 3 items' }).waitFor();
    await page.goto(`${base}/p/ACME/items?q=${encodeURIComponent('Checkout total')}`);
    await page.locator('table.items tbody tr').getByRole('link', { name: 'Checkout total ignores the discount code' }).click();
    // the imported item links back to where it came from
    const origin = page.getByRole('region', { name: 'Imported from' }).getByRole('link', { name: 'Jira SHOP-7' });
    expect(await origin.getAttribute('href')).toBe('https://acme.atlassian.net/browse/SHOP-7');
    // with items, the dashboard no longer shows the checklist
    await page.goto(`${base}/p/ACME`);
    await page.getByRole('heading', { name: 'Acme', level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Get your team started' }).count()).toBe(0);

    // a teammate: the link from the members page, opened in another browser, where Bo creates an account and joins
    const link = await inviteByLink(page, base, 'ACME', bo.email);
    await shots(page, 'invited', true);
    const { page: boPage, errors: boErrors } = await openPage();
    await boPage.goto(link);
    await boPage.getByRole('heading', { name: 'Join Acme Corporation' }).waitFor();
    await shots(boPage, 'invitation');
    await joinAsNewcomer(boPage, bo);
    expect(new URL(boPage.url()).pathname).toBe('/p/ACME');
    await page.reload();
    const people = page.getByRole('region', { name: 'People' });
    await people.getByRole('cell', { name: bo.email }).waitFor();
    expect(await page.getByRole('region', { name: 'Pending invitations' }).innerText()).toContain('None.');

    // plan: a sprint and a milestone, a parent in both with two sub-items made from its page
    await page.goto(`${base}/p/ACME/planning`);
    await hydrated(page);
    const sprintForm = page.locator('form[action="?/createSprint"]');
    await sprintForm.getByLabel('Name').fill('Sprint 1');
    await sprintForm.getByLabel('Starts').fill('2026-12-07');
    await sprintForm.getByLabel('Ends').fill('2026-12-18');
    await sprintForm.getByRole('button', { name: 'Create sprint' }).click();
    const sprint = page.locator('section.sprint').filter({ has: page.getByRole('heading', { name: 'Sprint 1', exact: true }) });
    await sprint.waitFor();
    const milestoneForm = page.locator('form[action="?/createMilestone"]');
    await milestoneForm.getByLabel('Milestone name').fill('Public launch');
    await milestoneForm.getByLabel('Target date').fill('2027-01-29');
    await milestoneForm.getByRole('button', { name: 'Create milestone' }).click();
    await page.locator('.milestone').filter({ hasText: 'Public launch' }).waitFor();

    await page.goto(`${base}/p/ACME/items/new`);
    await page.getByLabel('Title').fill('New checkout');
    await page.getByLabel('Type').selectOption({ label: 'Feature' });
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.waitForURL((u) => u.searchParams.get('created') === 'ACME-7');
    await page.goto(`${base}/p/ACME/items/ACME-7`);
    await hydrated(page);
    await page.getByLabel('Milestone').selectOption({ label: 'Public launch' });
    await page.getByLabel('Sprint').selectOption({ label: 'Sprint 1' });
    // kept by the server: the planning page below shows the parent in the sprint and the milestone
    await inlineSavesDone(page);
    const subItems = page.getByRole('region', { name: /^Sub-items/ });
    for (const title of ['Design the checkout page', 'Build the checkout page']) {
      await subItems.getByRole('link', { name: 'Add sub-item' }).click();
      await page.getByRole('heading', { name: 'New sub-item' }).waitFor();
      await page.getByLabel('Title').fill(title);
      await page.getByRole('button', { name: 'Create item' }).click();
      await page.waitForURL((u) => u.pathname === '/p/ACME/items/ACME-7');
      await subItems.getByText(title).waitFor();
    }
    expect(await subItems.getByRole('heading').innerText()).toBe('Sub-items 0/2 done');
    expect(await subItems.getByRole('link').allInnerTexts()).toEqual(['Add sub-item', 'ACME-8', 'ACME-9']);
    await shots(page, 'parent');

    // the sub-items join the sprint from the planning page (each row's menu, the keyboard path)
    await page.goto(`${base}/p/ACME/planning`);
    await hydrated(page);
    const backlog = page.getByRole('list', { name: 'Backlog' });
    for (const key of ['ACME-8', 'ACME-9']) {
      const row = backlog.locator(`li[data-key="${key}"]`);
      await row.getByLabel(`Plan ${key} into`).selectOption({ label: 'Sprint 1' });
      await row.getByRole('button', { name: `Move ${key}` }).click();
      await sprint.locator(`li[data-key="${key}"]`).waitFor();
    }
    // the sprint's count is the server's, taken in after each move
    await expect.poll(() => sprint.locator('.capacity').innerText(), { timeout: 10_000 }).toContain('0/3 done');
    expect(await sprint.locator('li[data-key]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')).sort())).toEqual(['ACME-7', 'ACME-8', 'ACME-9']);
    expect(await page.locator('.milestone').filter({ hasText: 'Public launch' }).innerText()).toContain('0/1 items');
    await shots(page, 'planning');

    // Ada's bell listens while Bo assigns her a sub-item and mentions her in its description
    await page.goto(`${base}/p/ACME`);
    const bell = page.locator('header a.bell');
    await page.locator('header a.bell[data-live="true"]').waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    await boPage.goto(`${base}/p/ACME/items/ACME-8`);
    await boPage.getByRole('heading', { name: 'Description' }).waitFor();
    await hydrated(boPage);
    await boPage.getByLabel('Assignee').selectOption({ label: ada.name });
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 1 unread');
    await inlineSavesDone(boPage);
    await boPage.getByRole('region', { name: 'Description' }).getByRole('link', { name: 'Edit' }).click();
    const editor = boPage.getByRole('textbox', { name: 'Description' });
    await editor.fill('Mock-ups are in the shared folder. ');
    // typing @ and the start of a name offers the members; picking one writes their handle
    await editor.pressSequentially('@ad');
    await boPage.getByRole('listbox', { name: 'Mention a member' }).getByRole('option', { name: new RegExp(ada.name) }).click();
    await boPage.keyboard.insertText('can you check the copy?');
    expect(await editor.inputValue()).toBe(`Mock-ups are in the shared folder. @ada-${tag} can you check the copy?`);
    await boPage.getByRole('button', { name: 'Save description' }).click();
    await boPage.locator('.description').getByText('can you check the copy?').waitFor();
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 2 unread');

    // and by email: the digest (after NOTIFY_EMAIL_DELAY_SECONDS) tells both, before she reads them in the app
    const assigned = `Bo Builder assigned you ACME-8`;
    const mentioned = `Bo Builder mentioned you in the description of ACME-8`;
    const mailed = async () => (await readOutbox(join(dataDir(), 'outbox'))).filter((m) => m.to === ada.email).map((m) => m.text).join('\n');
    await expect.poll(mailed, { timeout: 20_000 }).toContain(mentioned);
    expect(await mailed()).toContain(assigned);
    expect(await mailed()).toContain(`${base}/p/ACME/items/ACME-8`);

    await bell.click();
    await page.waitForURL('**/notifications');
    expect(await page.getByRole('main').getByRole('listitem').getByRole('link').allInnerTexts()).toEqual([mentioned, assigned]);
    await shots(page, 'notifications');
    await page.getByRole('link', { name: mentioned }).click();
    await page.waitForURL('**/p/ACME/items/ACME-8');
    expect(await page.getByLabel('Assignee').locator('option:checked').innerText()).toBe(ada.name);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await shots(page, 'assigned-item', true);
    expect(errors).toEqual([]);
    expect(boErrors).toEqual([]);
  }, 120_000);
});
