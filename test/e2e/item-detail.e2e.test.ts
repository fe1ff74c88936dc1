/// <reference lib="dom" />
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { signIn, useServerAndBrowser } from '../support/browser.ts';
import { inlineSavesDone, itemPageHelpers } from '../support/item-page.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO } from '../support/session.ts';

// The item detail page in Chromium against the real server: in-place edits checked on the server, the markdown
// editor, checklist, comments with mentions and reactions, attachments, time, the branch name and conflicts.

const PM = DEMO.manager;
const DEV = DEMO.developer;
const { server, openPage } = useServerAndBrowser();

const { as, freshItem, stored, openItem, productId } = itemPageHelpers(server);

describe('item detail', () => {
  it('reads and edits without JavaScript', async () => {
    const item = await freshItem('Readable without JS', { description: '**Bold** words\n\n```ts\nconst a = 1;\n```' });
    const { page, errors } = await openPage({ javaScriptEnabled: false });
    await openItem(page, item.key);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Readable without JS');
    expect(await page.locator('.description strong').innerText()).toBe('Bold');
    expect(await page.locator('.description code.language-ts .hljs-keyword').innerText()).toBe('const');
    // each property form has its own Save button without JavaScript
    await page.getByLabel('Priority').selectOption('low');
    await page.locator('form.prop', { has: page.getByLabel('Priority') }).getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    expect((await stored(item.key)).priority).toBe('low');
    // ?edit opens the description editor as a plain form
    await page.goto(`${server().url}/p/BAT/items/${item.key}?edit`);
    await page.getByRole('textbox', { name: 'Description' }).fill('Edited *without* script');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.waitForLoadState('load');
    expect((await stored(item.key)).description).toBe('Edited *without* script');
    expect(errors).toEqual([]);
  });

  it('edits fields in place, the description with the toolbar and preview, and shows the page well', async () => {
    const item = await freshItem('Edit me in place', { description: 'Old text', dueDate: new Date('2020-01-02') });
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    await expect(page.locator('.badge.overdue').innerText()).resolves.toBe('Overdue');

    await page.getByLabel('Priority').selectOption('critical');
    await expect.poll(async () => (await stored(item.key)).priority, { timeout: 10_000 }).toBe('critical');
    await page.getByLabel('Status').selectOption('In progress');
    await expect.poll(async () => (await stored(item.key)).status, { timeout: 10_000 }).toBe('in_progress');
    // the product's states by name, in board order, only the moves the transition table allows (and the item's own)
    await expect.poll(() => page.getByLabel('Status').locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['Open', 'In progress', 'Done', 'Closed', "Won't fix"]);
    expect(await page.getByLabel('Status').inputValue()).toBe('In progress');
    await page.getByLabel('Title').fill('Edited in place');
    await page.getByLabel('Title').press('Enter');
    await expect.poll(async () => (await stored(item.key)).title, { timeout: 10_000 }).toBe('Edited in place');
    await page.getByLabel('Environment').fill('Chrome 130');
    await page.getByLabel('Environment').press('Tab');
    await expect.poll(async () => (await stored(item.key)).environment, { timeout: 10_000 }).toBe('Chrome 130');
    // the page takes the save in (and re-renders) after the server holds it: edit the description only then
    await inlineSavesDone(page);

    await page.getByRole('main').getByRole('link', { name: 'Edit', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Description' });
    await editor.fill('Make this ');
    await editor.press('End');
    await page.getByRole('button', { name: 'Bold (Ctrl+B)' }).first().click();
    // the placeholder is selected in the editor, so typing replaces it
    const selected = () =>
      page.evaluate(() => {
        const t = document.activeElement as HTMLTextAreaElement;
        return t.value.slice(t.selectionStart, t.selectionEnd);
      });
    await expect.poll(selected).toBe('bold text');
    await page.keyboard.type('loud');
    expect(await editor.inputValue()).toBe('Make this **loud**');
    await page.getByRole('tab', { name: 'Preview' }).first().click();
    await expect(page.locator('.preview strong').innerText()).resolves.toBe('loud');
    await page.getByRole('tab', { name: 'Write' }).first().click();
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.locator('.description strong').waitFor();
    expect((await stored(item.key)).description).toBe('Make this **loud**');
    // the activity log shows the edit with a diff
    await page.getByText('Show changes').first().click();
    expect((await page.locator('.activity .diff ins').allInnerTexts()).join('')).toContain('loud');
    expect((await page.locator('.activity .diff del').allInnerTexts()).join('')).toContain('Old');

    await screenshot(page, 'item-detail', { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'item-detail-phone', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, 'item-detail-dark', { fullPage: false });
    expect(errors).toEqual([]);
  });

  it('adds, checks and reorders acceptance criteria from the keyboard', async () => {
    const item = await freshItem('Criteria');
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    for (const text of ['First', 'Second']) {
      await page.getByLabel('New criterion').fill(text);
      await page.getByLabel('New criterion').press('Enter');
      await page.locator('.checklist li', { hasText: text }).waitFor();
    }
    await page.getByRole('checkbox', { name: 'Check “Second”' }).click();
    await page.getByRole('checkbox', { name: 'Uncheck “Second”' }).waitFor();
    await page.getByRole('button', { name: 'Move “Second” up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.locator('.checklist .text').allInnerTexts(), { timeout: 10_000 }).toEqual(['Second', 'First']);
    const entries = await core.listChecklist(await as(PM.email), { productId: productId(), ref: item.key });
    expect(entries.map((e) => [e.text, e.done])).toEqual([['Second', true], ['First', false]]);
    // an empty criterion is refused next to the field, keeping the page
    await page.getByLabel('New criterion').fill('   ');
    await page.getByLabel('New criterion').press('Enter');
    await expect(page.locator('#checklist-error').innerText()).resolves.toMatch(/^Criterion /);
    expect(errors).toEqual([]);
  });

  it('mentions a member through autocomplete, who sees the notification; reacts, edits and deletes', async () => {
    const item = await freshItem('Mentions');
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    const box = page.getByRole('textbox', { name: 'Add a comment' });
    await box.click();
    await page.keyboard.type('Can you check this @de');
    await page.getByRole('listbox', { name: 'Mention a member' }).getByRole('option', { name: /Dev Eloper/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('please?');
    expect(await box.inputValue()).toBe('Can you check this @dev please?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = page.locator('.comment', { hasText: 'Can you check this' });
    await comment.waitFor();

    await comment.getByRole('button', { name: 'Add reaction' }).or(comment.locator('summary')).first().click();
    await comment.getByRole('button', { name: 'React with 🎉' }).click();
    await comment.getByRole('button', { name: /🎉 1: Pat Manager/ }).waitFor();

    await comment.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit comment' }).fill('Can you check this @dev now?');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.comment', { hasText: 'now?' }).getByText('(edited)').waitFor();

    const other = await freshItem('Scratch');
    await page.goto(`${server().url}/p/BAT/items/${other.key}`);
    await page.getByRole('textbox', { name: 'Add a comment' }).fill('Delete me');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.locator('.comment', { hasText: 'Delete me' }).waitFor();
    await page.getByRole('button', { name: 'Delete comment by Pat Manager' }).click();
    await page.getByText('No comments yet.').waitFor();
    expect(errors).toEqual([]);

    // the mentioned developer sees the bell count and the notification, and reads it
    const dev = await openPage();
    await signIn(dev.page, server().url, DEV.email, DEV.password);
    await dev.page.goto(`${server().url}/p/BAT/items/${item.key}`);
    const bell = dev.page.getByRole('link', { name: /^Notifications, \d+ unread$/ });
    await bell.click();
    await dev.page.waitForURL('**/notifications');
    const note = dev.page.getByRole('link', { name: `Pat Manager mentioned you on ${item.key}` });
    await note.waitFor();
    await dev.page.getByRole('button', { name: `Mark “Pat Manager mentioned you on ${item.key}” read` }).click();
    await dev.page.getByRole('button', { name: `Mark “Pat Manager mentioned you on ${item.key}” read` }).waitFor({ state: 'detached' });
    expect(dev.errors).toEqual([]);
  });

  it('reads the estimate in the product unit, logs time against it in hours, and copies the branch name', async () => {
    const item = await freshItem('Time and branch', { estimate: 2 });
    const { page, errors } = await openPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openItem(page, item.key);
    // BAT counts points (the default): the estimate says so, and time logged is not set against points
    await expect(page.getByLabel('Estimate (points)').inputValue()).resolves.toBe('2');
    await page.getByLabel('Time spent').fill('soon');
    await page.getByRole('button', { name: 'Log time' }).click();
    await expect(page.locator('#time-error').innerText()).resolves.toBe('Time spent must look like 1h 30m, 45m or 2h');
    await page.getByLabel('Time spent').fill('1h 30m');
    await page.getByLabel('Note').fill('Reproduced');
    await page.getByRole('button', { name: 'Log time' }).click();
    await page.getByText('1h 30m logged', { exact: true }).waitFor();
    expect((await core.listTimeEntries(await as(PM.email), { productId: productId(), ref: item.key })).totalMinutes).toBe(90);

    // a manager switches the product to hours in its settings: the same number now reads as hours
    try {
      await page.goto(`${server().url}/p/BAT/settings`);
      await page.getByLabel('Estimate unit').selectOption({ label: 'Hours' });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      expect((await core.getProduct(await as(PM.email), { productId: productId() })).estimateUnit).toBe('hours');
      await page.goto(`${server().url}/p/BAT/items/${item.key}`);
      await expect(page.getByLabel('Estimate (hours)').inputValue()).resolves.toBe('2');
      await page.getByText('1h 30m logged of 2h estimated').waitFor();
      await page.getByRole('progressbar', { name: 'Time logged against the estimate' }).waitFor();
    } finally {
      await core.updateProduct(await as(PM.email), { productId: productId(), estimateUnit: 'points' });
    }

    await page.getByRole('button', { name: 'Copy branch name' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`bug/${item.key.toLowerCase()}-time-and-branch`);
    expect(errors).toEqual([]);
  });

  it('shows what changed on a CONFLICT and re-applies the user’s change', async () => {
    const item = await freshItem('Conflicted', { description: 'The original text' });
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    await page.getByRole('main').getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill('My rewrite of the text');
    // someone else saves first
    await core.updateItem(await as(DEV.email), { productId: productId(), ref: item.key, expectedVersion: item.version, patch: { description: 'Their rewrite of the text' } });
    await page.getByRole('button', { name: 'Save description' }).click();
    const alert = page.locator('.conflict');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Description was changed by someone else/);
    expect(await alert.locator('del').allInnerTexts()).toContain('Their');
    expect(await alert.locator('ins').allInnerTexts()).toContain('My');
    await alert.getByRole('button', { name: 'Re-apply my change' }).click();
    await alert.waitFor({ state: 'detached' });
    const after = await stored(item.key);
    expect(after.description).toBe('My rewrite of the text');
    expect(after.version).toBe(item.version + 2);
    expect(errors).toEqual([]);
  });

  it('saves a status changed and changed back at once, both landing, and shows what the server kept', async () => {
    const item = await freshItem('Changed my mind');
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    // two saves within a few milliseconds: the second waits for the first and carries the version it produced
    await page.getByLabel('Status').selectOption('In progress');
    await page.getByLabel('Status').selectOption('Open');
    await expect.poll(async () => (await stored(item.key)).version, { timeout: 10_000 }).toBe(item.version + 2);
    expect((await stored(item.key)).status).toBe('open');
    await expect.poll(() => page.locator('form.prop:not(.pending)', { has: page.getByLabel('Status') }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByLabel('Status').inputValue()).toBe('Open');
    expect(await page.locator('.conflict').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('still refuses and shows another person’s change to the same field', async () => {
    const item = await freshItem('Contested status');
    const { page, errors } = await openPage();
    await openItem(page, item.key);
    await core.updateItem(await as(DEV.email), { productId: productId(), ref: item.key, expectedVersion: item.version, patch: { status: 'in_progress' } });
    await page.getByLabel('Status').selectOption('Done');
    const alert = page.locator('.conflict');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Status was changed by someone else/);
    expect(await alert.locator('.versus').innerText()).toMatch(/Yours\s+Done\s+Theirs\s+In progress/);
    expect((await stored(item.key)).status).toBe('in_progress');
    // while another person's change to another field merges
    await core.updateItem(await as(DEV.email), { productId: productId(), ref: item.key, expectedVersion: item.version + 1, patch: { title: 'Contested status, renamed' } });
    await page.getByLabel('Priority').selectOption('low');
    await expect.poll(async () => (await stored(item.key)).priority, { timeout: 10_000 }).toBe('low');
    expect((await stored(item.key)).title).toBe('Contested status, renamed');
    expect(errors).toEqual([]);
  });

  it('never runs script from markdown in descriptions or comments', async () => {
    const payloads = [
      '<script>window.__xss = 1</script>',
      '<img src=x onerror="window.__xss = 2">',
      '[click](javascript:window.__xss=3)',
      '<svg onload="window.__xss = 4"></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=5"></style></mglyph></table></mtext></math>',
      '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
      '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
      '<a href="data:text/html,<script>alert(7)</script>">data</a>',
    ].join('\n\n');
    const item = await freshItem('XSS', { description: payloads });
    await core.addComment(await as(DEV.email), { productId: productId(), ref: item.key, body: payloads });
    const { page, errors } = await openPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await openItem(page, item.key);
    for (const link of await page.locator('.markdown a').all()) await link.click({ trial: true }).catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.markdown script, .markdown iframe, .markdown svg, .markdown math, .markdown [onerror], .markdown [onload]').count()).toBe(0);
    const hrefs = await page.locator('.markdown a, .markdown img').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
    for (const h of hrefs) expect(h ?? '').not.toMatch(/^(javascript|data):/i);
    expect(dialogs).toBe(0);
    // `<img src=x>` is a broken image (a 404 for ./x), not script; anything else in the console is a failure
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
  });
});
