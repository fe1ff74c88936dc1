/// <reference lib="dom" />
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { itemPageHelpers } from '../support/item-page.ts';
import { DEMO } from '../support/session.ts';

// Attachments on the item page in Chromium: picked and pasted files, refusals with their reason, images shown
// as thumbnails.

const PM = DEMO.manager;
const { server, openPage } = useServerAndBrowser();
const { as, freshItem, openItem, productId } = itemPageHelpers(server);

describe('item attachments', () => {
  it('uploads attachments (picker, paste) and refuses too large or active files with the reason', async () => {
    const item = await freshItem('Files');
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    await page.getByLabel('Attach a file').setInputFiles({ name: 'trace.log', mimeType: 'text/plain', buffer: Buffer.from('stack trace') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('link', { name: 'trace.log' }).waitFor();

    await page.getByLabel('Attach a file').setInputFiles({ name: 'evil.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.locator('#attachments [role=alert]').innerText()).resolves.toMatch(/\.html files cannot be attached; allowed: /);

    await page.getByLabel('Attach a file').setInputFiles({ name: 'huge.zip', mimeType: 'application/zip', buffer: Buffer.alloc(25 * 1024 * 1024 + 1) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.locator('#attachments [role=alert]').innerText()).resolves.toBe('huge.zip is larger than 25 MB');

    // an image pasted on the page becomes an attachment
    await page.evaluate(() => {
      const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([png], 'image.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data }));
    });
    await page.getByRole('link', { name: /^pasted-.*\.png$/ }).waitFor();
    // an image shows as a thumbnail, loaded from the file route; a text file does not
    const thumb = page.locator('#attachments li', { hasText: /pasted-.*\.png/ }).locator('img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await page.locator('#attachments li', { hasText: 'trace.log' }).locator('img').count()).toBe(0);
    const list = await core.listAttachments(await as(PM.email), { productId: productId(), ref: item.key });
    expect(list.map((a) => a.contentType).sort()).toEqual(['image/png', 'text/plain']);
    // the browser console shows the refused uploads' HTTP status; nothing else
    expect(errors.filter((e) => !/status of 415/.test(e))).toEqual([]);
  });
});
