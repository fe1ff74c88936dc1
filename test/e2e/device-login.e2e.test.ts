import { createClient } from '@baton/client';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO } from '../support/session.ts';

// The /device approval page in Debian's Chromium against the real server (backend + built web app, web/build):
// a device starts a login, a person follows the link, signs in, checks the code and approves or denies it.

const DEV = DEMO.developer;

const { server, openPage } = useServerAndBrowser();

async function signIn(page: Page) {
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel('Email').fill(DEV.email);
  await page.getByLabel('Password').fill(DEV.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const device = () => createClient({ url: server().url });

describe('approving a device login in the browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`follows the link through sign-in, shows the device and code, and approves (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const start = await device().device.start.mutate({ clientName: 'baton CLI on e2e-laptop' });
      const { page, errors } = await openPage({ javaScriptEnabled });
      await page.goto(new URL(start.verificationUriComplete, server().url).href);
      await signIn(page);
      // back on the page the link named, code and all
      await page.waitForURL((u) => u.pathname === '/device' && u.searchParams.get('code') === start.userCode);
      await page.getByRole('heading', { name: 'Connect a device' }).waitFor();
      expect(await page.getByLabel('Device code').innerText()).toBe(start.userCode);
      expect(await page.locator('main').innerText()).toContain('baton CLI on e2e-laptop wants to sign in to Baton as');
      if (javaScriptEnabled) {
        await screenshot(page, 'device');
      }

      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      const result = await device().device.poll.mutate({ deviceCode: start.deviceCode });
      expect(result).toMatchObject({ status: 'approved', user: { email: DEV.email } });
      expect(errors).toEqual([]);
    });
  }

  it('takes a code typed by hand, and denies', async () => {
    const start = await device().device.start.mutate({ clientName: 'Suspicious device' });
    const { page, errors } = await openPage();
    await page.goto(server().url + '/device');
    await signIn(page);
    await page.waitForURL((u) => u.pathname === '/device');
    await page.getByLabel('Code').fill(start.userCode.replace('-', '').toLowerCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Device code').waitFor();
    expect(await page.getByLabel('Device code').innerText()).toBe(start.userCode);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.getByRole('heading', { name: 'Request denied' }).waitFor();
    expect(await device().device.poll.mutate({ deviceCode: start.deviceCode })).toEqual({ status: 'access_denied' });

    // a mistyped code is explained on the page
    await page.goto(server().url + '/device?code=AAAA-1111');
    expect(await page.getByRole('alert').innerText()).toMatch(/8 letters, like WDJB-MJHT/);
    await page.goto(server().url + '/device?code=BBBB-BBBB');
    expect(await page.getByRole('alert').innerText()).toMatch(/No login is waiting for code BBBB-BBBB/);
    expect(errors).toEqual([]);
  });
});
