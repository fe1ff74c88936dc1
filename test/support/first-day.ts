import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { hydrated, type Page } from './browser.ts';

// The steps of a team's first day in the web app, as a person takes them: signing up, starting an organization,
// importing a file, joining by an invitation link.

/** Signs up through /signup; a person with no invitation lands on /start. */
export async function signUp(page: Page, base: string, who: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/start');
}

/** Chooses the tool and the file (test/fixtures/imports) on the import page and previews it. */
export async function importFile(page: Page, url: string, tool: string, file: string, site = ''): Promise<void> {
  await page.goto(url);
  await hydrated(page);
  await page.getByLabel('Exported from').selectOption({ label: tool });
  await page.getByLabel('File').setInputFiles(fileURLToPath(new URL(`../fixtures/imports/${file}`, import.meta.url)));
  if (site) await page.getByLabel(/^Address of the Linear workspace or Jira site/).fill(site);
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
}

/** Creates an invitation link on the members page and reads it from the page, as its admin would copy it. */
export async function inviteByLink(page: Page, base: string, productKey: string, email: string): Promise<string> {
  await page.goto(`${base}/p/${productKey}/settings/members`);
  await hydrated(page);
  const form = page.locator('form[action="?/invite"]');
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Create link' }).click();
  const shown = page.getByRole('status').filter({ hasText: `Invitation for ${email}` });
  await shown.waitFor();
  const link = await shown.getByTestId('invite-link').innerText();
  expect(new URL(link).pathname).toMatch(/^\/invite\/[A-Za-z0-9_-]+$/);
  // the form is ready for the next person: the address cleared, the validity back at its default
  expect(await form.getByLabel('Email').inputValue()).toBe('');
  expect(await form.getByLabel('Valid for (days)').inputValue()).toBe('7');
  return link;
}

/** On an invitation's page, signed out: creates the account there and joins; lands on the organization's product. */
export async function joinAsNewcomer(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
  await hydrated(page);
  // the invited address is filled in already
  expect(await page.getByLabel('Email').inputValue()).toBe(who.email);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/p/'));
}
