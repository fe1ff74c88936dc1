import { createClient } from '@baton/client';
import { screenshot } from '../support/screenshots.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerConfirm, signIn, useServerAndBrowser } from '../support/browser.ts';
import { DEMO } from '../support/session.ts';

// Settings journeys in Debian's Chromium against the real server (demo data: product BAT, owner admin@baton.dev).

const OWNER = DEMO.owner;
const XSS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', '"><svg onload=window.__xss=1>'];

const { server, openPage } = useServerAndBrowser();

async function ownerPage(path: string, opts: { permissions?: string[] } = {}) {
  const { page, errors } = await openPage(opts);
  await signIn(page, server().url, OWNER.email, OWNER.password);
  await page.goto(server().url + path);
  return { page, errors };
}

// (expressions run in the page, whose DOM types this Node project does not load)
const readClipboard = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await screenshot(page, name, { fullPage: true });
}

describe('product settings', () => {
  it('renames the product, changes its key with old links redirected, and shows a bad key next to the field', async () => {
    const { page, errors } = await ownerPage('/p/BAT/settings');
    await page.getByLabel('Name', { exact: true }).fill('Baton Core');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Baton Core');

    // a malformed key: the reason under the field, the typed value kept
    await page.getByLabel('Key', { exact: true }).fill('b-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#field-key-error').waitFor();
    expect(await page.locator('#field-key-error').innerText()).toMatch(/Key must be 2-10 upper-case letters/);
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe('B-1');
    expect(await page.getByLabel('Key', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'settings-general-error');

    // a new key: the page moves to it, and item URLs with the old key redirect to the renamed item
    await page.getByLabel('Key', { exact: true }).fill('BTN');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/p/BTN/settings?saved=1');
    await page.goto(server().url + '/p/BAT/items/BAT-3/fields');
    await page.waitForURL('**/p/BTN/items/BTN-3/fields');
    expect(await page.locator('h1').innerText()).toContain('BTN-3');

    // and back, so the rest of the file (and the header link) uses BAT again
    await page.goto(server().url + '/p/BTN/settings');
    await page.getByLabel('Key', { exact: true }).fill('BAT');
    await page.getByLabel('Name', { exact: true }).fill('Baton');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/p/BAT/settings?saved=1');
    expect(errors).toEqual([]);
  });

  it('invites by link, the invitee signs up in another browser, and the last owner cannot be demoted', async () => {
    const { page, errors } = await ownerPage('/p/BAT/settings/members', { permissions: ['clipboard-read', 'clipboard-write'] });
    const email = `new-${Date.now()}@example.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('developer');
    await page.getByRole('button', { name: 'Create link' }).click();
    const linkEl = page.getByTestId('invite-link');
    await linkEl.waitFor();
    const link = await linkEl.innerText();
    expect(link).toMatch(new RegExp(`^${server().url}/invite/[a-z2-7]{52}$`));
    await page.getByRole('button', { name: 'Copy invitation link' }).click();
    expect(await readClipboard(page)).toBe(link);
    expect(await page.locator('table.settings-table', { hasText: email }).count()).toBe(1);
    await shot(page, 'settings-members');

    // the invitee: no account yet, another browser profile
    const invitee = await openPage();
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { name: /^Join / }).waitFor();
    expect(await invitee.page.getByLabel('Email').inputValue()).toBe(email);
    // the card sits in the middle of the page, however long the invited address is
    const card = (await invitee.page.locator('main.auth .card').boundingBox())!;
    expect(Math.abs(card.x + card.width / 2 - invitee.page.viewportSize()!.width / 2)).toBeLessThan(2);
    await shot(invitee.page, 'invite-accept');
    await invitee.page.getByLabel('Name').fill('Nina Newcomer');
    await invitee.page.getByLabel('Password').fill('a long enough password');
    await invitee.page.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.page.waitForURL('**/p/BAT');
    // the link is used up
    await invitee.page.goto(link);
    await invitee.page.getByRole('alert').filter({ hasText: /invalid, already used/ }).waitFor();
    expect(invitee.errors).toEqual([]);

    // the owner sees the new member and changes their role
    await page.reload();
    const row = page.locator('tr', { hasText: email });
    await row.getByLabel('Role of Nina Newcomer').selectOption('viewer');
    await row.getByRole('button', { name: 'Change role of Nina Newcomer' }).click();
    await page.getByRole('status').filter({ hasText: 'Nina Newcomer is now Viewer.' }).waitFor();

    // the only owner demoting themselves: refused, and the reason shown in their row
    const own = page.locator('tr', { hasText: OWNER.email });
    await own.getByLabel(/^Role of /).selectOption('admin');
    await own.getByRole('button', { name: /^Change role of / }).click();
    await own.getByRole('alert').waitFor();
    expect(await own.getByRole('alert').innerText()).toMatch(/last owner cannot be removed or demoted/);
    await shot(page, 'settings-members-last-owner');
    // removing the member asks first: declined, nothing happens; accepted, they are removed
    const remove = page.locator('tr', { hasText: email }).getByRole('button', { name: 'Remove Nina Newcomer' });
    await answerConfirm(page, 'Remove Nina Newcomer?', false, () => remove.click());
    expect(await page.locator('tr', { hasText: email }).count()).toBe(1);
    await answerConfirm(page, 'Remove Nina Newcomer?', true, () => remove.click());
    await page.getByRole('status').filter({ hasText: 'Nina Newcomer was removed.' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('creates an API key whose secret is shown once, records its use, rotates and revokes it', async () => {
    const { page, errors } = await ownerPage('/p/BAT/settings/api-keys', { permissions: ['clipboard-read', 'clipboard-write'] });
    const name = `ci-${Date.now()}`;
    // no scope: the reason next to the scopes, the name kept
    await page.getByLabel('Name').fill(name);
    for (const s of ['read', 'write']) await page.getByRole('checkbox', { name: s }).uncheck();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#scopes-error').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe(name);

    await page.getByRole('checkbox', { name: 'read' }).check();
    await page.getByLabel('Expires on').fill('2099-12-31');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretEl = page.getByTestId('api-key-secret');
    await secretEl.waitFor();
    const secret = await secretEl.innerText();
    expect(secret).toMatch(/^bat_[a-z2-7]{8}_[a-z2-7]{32}$/);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    expect(await readClipboard(page)).toBe(secret);
    // the form is ready for the next key: the default scopes checked again, the rate limit at its default
    expect(await page.getByRole('checkbox', { name: 'read' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'write' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'admin' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Requests per minute').inputValue()).toBe('600');
    expect(await page.locator('tr', { hasText: name }).locator('.rate-limit').innerText()).toBe('600/min');
    await shot(page, 'settings-api-keys');

    // a key that would be expired at creation is refused next to its field
    await page.getByLabel('Name').fill(`${name}-late`);
    await page.getByLabel('Expires on').fill('2020-01-01');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#field-expiresAt-error').waitFor();
    expect(await page.locator('#field-expiresAt-error').innerText()).toMatch(/already past/);
    expect(await page.locator('tr', { hasText: `${name}-late` }).count()).toBe(0);

    // shown once: a reload has only the prefix
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    const row = page.locator('tr', { hasText: name });
    expect(await row.locator('.last-used').innerText()).toBe('Never');

    // use it; usage is flushed every 2 s
    const client = createClient({ url: server().url, token: secret });
    const products = await client.products.list.query();
    expect(products.map((p) => p.key)).toContain('BAT');
    await client.products.list.query();
    await expect
      .poll(
        async () => {
          await page.reload();
          return Number(await page.locator('tr', { hasText: name }).locator('.request-count').innerText());
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(2);
    expect(await page.locator('tr', { hasText: name }).locator('.last-used').innerText()).not.toBe('Never');

    // rotate: a new secret, the old one keeps working through the overlap
    await page.locator('tr', { hasText: name }).first().getByRole('button', { name: `Rotate ${name}` }).click();
    await page.getByText(`New secret for ${name}.`).waitFor();
    const rotated = await page.getByTestId('api-key-secret').innerText();
    expect(rotated).not.toBe(secret);
    expect(await page.locator('tr', { hasText: name }).count()).toBe(2);
    expect((await createClient({ url: server().url, token: rotated }).products.list.query()).length).toBeGreaterThan(0);

    // revoke both
    const revoked = page.locator('tr', { hasText: name }).filter({ hasText: 'Revoked' });
    for (const n of [1, 2]) {
      await answerConfirm(page, `Revoke ${name}?`, true, () => page.locator('tr', { hasText: name }).getByRole('button', { name: `Revoke ${name}` }).first().click());
      await expect.poll(() => revoked.count()).toBe(n);
    }
    await page.getByRole('status').filter({ hasText: `${name} was revoked.` }).waitFor();
    await expect(createClient({ url: server().url, token: rotated }).products.list.query()).rejects.toThrow();
    expect(errors).toEqual([]);
  });

  it('creates, renames, recolors and deletes labels; names with markup stay text', async () => {
    const { page, errors } = await ownerPage('/p/BAT/settings/labels');
    for (const name of XSS) {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByRole('button', { name: 'Create label' }).click();
      await page.getByRole('status').filter({ hasText: `Saved ${name}.` }).waitFor();
    }
    const chips = await page.locator('ul.labels .chip').allInnerTexts();
    for (const name of XSS) expect(chips).toContain(name);
    expect(await page.locator('ul.labels img, ul.labels script, ul.labels svg[onload]').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();

    // a duplicate name: refused next to the field, typed value kept
    await page.getByLabel('Name', { exact: true }).fill(XSS[0]!);
    await page.getByRole('button', { name: 'Create label' }).click();
    await page.locator('#field-name-error').waitFor();
    expect(await page.locator('#field-name-error').innerText()).toMatch(/already used/);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(XSS[0]);

    // rename and recolor one: the dot is an SVG fill attribute, never a style
    const label = XSS[1]!;
    await page.getByLabel(`Name of label ${label}`).fill('needs-triage');
    await page.getByLabel(`Color of label ${label}`).fill('#12ab34');
    await page.getByRole('button', { name: `Save label ${label}` }).click();
    await page.getByRole('status').filter({ hasText: 'Saved needs-triage.' }).waitFor();
    const item = page.locator('ul.labels li', { hasText: 'needs-triage' });
    expect(await item.locator('.chip circle').getAttribute('fill')).toBe('#12ab34');
    // (SvelteKit's route announcer carries the one inline style the CSP allows by hash)
    expect(await page.locator('[style]:not(#svelte-announcer)').count()).toBe(0);
    await shot(page, 'settings-labels');

    for (const name of [XSS[0]!, 'needs-triage', XSS[2]!]) {
      await answerConfirm(page, `Delete label ${name}?`, true, () => page.getByRole('button', { name: `Delete label ${name}` }).click());
      await page.getByRole('status').filter({ hasText: `Deleted ${name}` }).waitFor();
    }
    const left = await page.locator('ul.labels .chip').allInnerTexts();
    for (const name of [...XSS, 'needs-triage']) expect(left).not.toContain(name);
    expect(errors).toEqual([]);
  });

  it('defines a custom field and sets it on an item, with bad values shown next to the field', async () => {
    const { page, errors } = await ownerPage('/p/BAT/settings/fields');
    const key = `tier_${Date.now() % 100000}`;
    // a select needs options: the reason next to Options, the rest kept
    await page.getByLabel('Name', { exact: true }).fill('Customer tier');
    await page.getByLabel('Key', { exact: true }).fill(key);
    await page.getByLabel('Kind').selectOption('select');
    await page.getByRole('button', { name: 'Create field' }).click();
    await page.locator('#field-options-error').waitFor();
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe(key);
    await page.getByLabel('Options', { exact: true }).fill('gold, silver, bronze');
    await page.getByRole('button', { name: 'Create field' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Customer tier.' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Seats');
    await page.getByLabel('Key', { exact: true }).fill(`seats_${Date.now() % 100000}`);
    await page.getByLabel('Kind').selectOption('number');
    await page.getByRole('button', { name: 'Create field' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Seats.' }).waitFor();
    await shot(page, 'settings-fields');

    await page.goto(server().url + '/p/BAT/items/BAT-2/fields');
    await page.getByLabel('Customer tier').selectOption('gold');
    await page.getByLabel('Seats').fill('many');
    await page.getByRole('button', { name: 'Save fields' }).click();
    await page.locator('.field-error', { hasText: 'Seats must be a number' }).waitFor();
    expect(await page.getByLabel('Seats').inputValue()).toBe('many');
    await page.getByLabel('Seats').fill('25');
    await page.getByRole('button', { name: 'Save fields' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Customer tier').inputValue()).toBe('gold');
    expect(await page.getByLabel('Seats').inputValue()).toBe('25');
    await shot(page, 'item-fields');
    expect(errors).toEqual([]);
  });

  it('works without JavaScript: the pages render on the server and the forms post as plain forms', async () => {
    const { page, errors } = await openPage({ javaScriptEnabled: false });
    await signIn(page, server().url, OWNER.email, OWNER.password);
    await page.goto(server().url + '/p/BAT/settings/labels');
    await page.getByLabel('Name', { exact: true }).fill('no-js');
    await page.getByRole('button', { name: 'Create label' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved no-js.' }).waitFor();
    expect(await page.locator('ul.labels .chip').allInnerTexts()).toContain('no-js');
    await page.getByRole('button', { name: 'Delete label no-js' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted no-js' }).waitFor();

    await page.goto(server().url + '/p/BAT/settings/members');
    await page.getByLabel('Email').fill('no-js@example.test');
    await page.getByRole('button', { name: 'Create link' }).click();
    expect(await page.getByTestId('invite-link').innerText()).toMatch(/\/invite\/[a-z2-7]+$/);
    await page.getByRole('button', { name: 'Revoke invitation for no-js@example.test' }).click();
    await page.getByRole('status').filter({ hasText: 'The invitation for no-js@example.test was revoked.' }).waitFor();

    // a phone-sized screen: the settings navigation folds above the content
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server().url + '/p/BAT/settings/api-keys');
    await shot(page, 'settings-api-keys-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });
});
