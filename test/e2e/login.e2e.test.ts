import { randomUUID } from 'node:crypto';
import { createClient } from '@baton/client';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logIn as signIn, logOut, useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO } from '../support/session.ts';

// Journeys through the real server (backend + built web app, web/build) in Debian's Chromium.
// The test command builds the web app first: `pnpm --filter @baton/web build && npx vitest run --project e2e`.

const PM = DEMO.manager;
const DEV = DEMO.developer;

const { server, openPage } = useServerAndBrowser();

const logIn = (page: Page, email: string, password: string) => signIn(page, server().url, email, password);

// columns: select, key, title, type, status, priority, assignee, labels, updated
const cellTexts = (page: Page, column: string) => page.locator(`table.items tbody td:nth-child(${column})`).allInnerTexts();

describe('signing in and the items page', () => {
  it('shows the demo PM their product items, searches, explains a bad query, and logs out', async () => {
    const { page, errors } = await openPage();
    await logIn(page, PM.email, PM.password);
    // signing in lands on the product dashboard
    await page.waitForURL('**/p/BAT');
    await page.goto(`${page.url()}/items`);

    // the seeded backlog (60 items), server-rendered 50 to a page
    const keys = await cellTexts(page, '2');
    expect(keys.length).toBeGreaterThanOrEqual(20);
    for (const key of keys) expect(key).toMatch(/^BAT-[1-9]\d*$/);
    expect(await page.locator('table.items thead th').allInnerTexts()).toEqual(['', 'Key', 'Title', 'Type', 'Status', 'Priority', 'Assignee', 'Labels', 'Due', 'Updated ↓']);
    const dots = await page.locator('table.items .chip circle').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(dots.length).toBeGreaterThan(0);
    for (const fill of dots) expect(fill).toMatch(/^#[0-9a-f]{6}$/i);
    await page.mouse.move(0, 0);
    await screenshot(page, 'items', { fullPage: false });

    // cursor pagination: the next page holds the rest, none repeated
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((u) => u.searchParams.has('cursor'));
    await page.getByRole('link', { name: 'First page' }).waitFor();
    const rest = await cellTexts(page, '2');
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.filter((k) => keys.includes(k))).toEqual([]);

    // the query language: only open bugs
    await page.getByLabel('Search items').fill('type:bug is:open');
    await page.getByLabel('Search items').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'type:bug is:open' && !u.searchParams.has('cursor'));
    await page.locator('caption', { hasText: 'matching type:bug is:open' }).waitFor({ state: 'attached' });
    const types = await cellTexts(page, '4');
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Bug']));
    for (const status of await cellTexts(page, '5')) expect(['Open', 'In progress']).toContain(status);

    // a query the parser rejects: the message (with its position) next to the box, the bad token marked
    await page.getByLabel('Search items').fill('type:bug colour:red');
    await page.getByLabel('Search items').press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/position 9/);
    expect(await alert.locator('mark').innerText()).toBe('colour');
    expect(await page.getByLabel('Search items').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('table.items').count()).toBe(0);

    await logOut(page);
    await page.waitForURL('**/login');
    // the session is gone on the server too: the items page sends us back to sign in
    await page.goto(server().url + '/p/BAT/items');
    await page.waitForURL((u) => u.pathname === '/login');
    expect(errors).toEqual([]);
  });

  it('rejects a wrong password inline', async () => {
    const { page, errors } = await openPage();
    await logIn(page, DEV.email, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Wrong email or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('Email').inputValue()).toBe(DEV.email);
    // a 401 form answer is logged by Chromium as a failed resource; that is the only error allowed here
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });

  it('works without JavaScript: sign in, search, log out', async () => {
    const { page, errors } = await openPage({ javaScriptEnabled: false });
    await logIn(page, DEV.email, DEV.password);
    await page.waitForURL('**/p/BAT');
    await page.goto(`${page.url()}/items`);
    expect((await cellTexts(page, '2')).length).toBeGreaterThanOrEqual(20);
    await page.getByLabel('Search items').fill('type:task');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'type:task');
    expect(new Set(await cellTexts(page, '4'))).toEqual(new Set(['Task']));
    await logOut(page);
    await page.waitForURL('**/login');
    expect(errors).toEqual([]);
  });
});

describe('sign-up and the TOTP step', () => {
  it('signs up in the browser, with field errors next to the field', async () => {
    const taken = `taken-${randomUUID()}@example.com`;
    await createClient({ url: server().url }).auth.signUp.mutate({ email: taken, name: 'Taken', password: 'long-enough-password' });

    const { page, errors } = await openPage();
    await page.goto(server().url + '/signup');
    await page.getByLabel('Name').fill('Nora New');
    await page.getByLabel('Email').fill(taken);
    await page.getByLabel('Password').fill('long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#field-email-error').waitFor();
    expect(await page.locator('#field-email-error').innerText()).toBe('Email is already registered');
    expect(await page.getByLabel('Name').inputValue()).toBe('Nora New');

    await page.getByLabel('Email').fill(`nora-${randomUUID()}@example.com`);
    await page.getByLabel('Password').fill('long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    // a new account belongs to no product yet: it is offered an organization of its own
    await page.waitForURL('**/start');
    await page.getByRole('heading', { name: 'Start your organization' }).waitFor();
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });

  it('asks for the second factor after the password, then lets the person in', async () => {
    const email = `totp-${randomUUID()}@example.com`;
    const password = 'correct-horse-battery';
    const signedUp = await createClient({ url: server().url }).auth.signUp.mutate({ email, name: 'Tess Totp', password });
    const me = createClient({ url: server().url, token: signedUp.token });
    const { secret } = await me.auth.totp.begin.mutate();
    const key = decodeBase32IgnorePadding(secret);
    // each code is accepted once: enrol with the current step's code, sign in with the next step's
    // (the server accepts one step either side for clock drift, so it is valid for the next 30-60 s)
    const step = BigInt(Math.floor(Date.now() / 30_000));
    await me.auth.totp.confirm.mutate({ code: generateHOTP(key, step, 6) });

    const { page, errors } = await openPage();
    await logIn(page, email, password);
    await page.waitForURL('**/login/mfa');
    // with the second factor still owed, every other page sends us back here
    await page.goto(server().url + '/items');
    await page.waitForURL('**/login/mfa');

    // a wrong code (none of the codes the server accepts around now) is refused inline
    const valid = new Set([-1n, 0n, 1n, 2n, 3n].map((d) => generateHOTP(key, step + d, 6)));
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !valid.has(c))!;
    await page.getByLabel('Authentication code').fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('#field-code-error').waitFor();
    expect(await page.locator('#field-code-error').innerText()).toBe('Authentication code is not valid');

    await page.getByLabel('Authentication code').fill(generateHOTP(key, step + 1n, 6));
    await page.getByRole('button', { name: 'Verify' }).click();
    // past the second factor: a person with no product yet is offered an organization of their own
    await page.waitForURL('**/start');
    await page.getByRole('heading', { name: 'Start your organization' }).waitFor();
    // the second factor is settled: pages no longer send us back to /login/mfa
    await page.goto(server().url + '/items');
    await page.waitForURL('**/start');
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
