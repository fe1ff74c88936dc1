// UI test: the real VS Code 1.100 workbench (code-server) in Debian's Chromium. Signs in through the command
// palette, reads My Items, starts work from an item's context menu, checks the status bar, takes screenshots.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const BASE = process.env.VSCODE_URL;
const FOLDER = process.env.VSCODE_FOLDER;
const SHOTS = process.env.SHOT_DIR ?? '.';
const ITEM = process.env.BATON_E2E_UI_ITEM;
const TOKEN = process.env.BATON_E2E_DEV_UI_TOKEN;
const API = process.env.BATON_E2E_URL;

let context, page, userDataDir;
const errors = [];

/** The open items assigned to dev, straight from the API (what My Items must show). */
async function assignedToDev() {
  const input = encodeURIComponent(JSON.stringify({ 0: { json: { productId: await productId(), query: 'assignee:me status:open,in_progress', limit: 100 } } }));
  const r = await fetch(`${API}/trpc/items.search?batch=1&input=${input}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await r.json())[0].result.data.json.items;
}
async function productId() {
  const r = await fetch(`${API}/trpc/products.list?batch=1&input=${encodeURIComponent('{"0":{"json":{}}}')}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await r.json())[0].result.data.json.find((p) => p.key === 'BAT').id;
}

async function palette(command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

before(async () => {
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 }, // My Items shows every row of the demo data without scrolling
  });
  context.setDefaultTimeout(60_000); // a loaded 2-core machine is slow, not broken
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/?folder=${encodeURIComponent(FOLDER)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label="Baton"]').first().waitFor({ timeout: 60_000 });
});

after(async () => {
  // the last state of the workbench, whatever happened (the first thing to look at when a test failed)
  await page?.screenshot({ path: path.join(SHOTS, 'vscode-ui-last.png') }).catch(() => undefined);
  await context?.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
});

test('signs in with a pasted token and My Items shows the items assigned to me', async () => {
  await page.locator('.activitybar [aria-label="Baton"]').first().click();
  const myItems = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'My Items' }) });
  await myItems.getByText('Sign In with Browser').waitFor(); // the welcome view before sign-in
  // which names the server it signs in to (the view's header)
  await page.locator('.pane-header', { hasText: 'My Items' }).filter({ hasText: new URL(API).host }).waitFor();
  await palette('Baton: Sign In with an API Key');
  await page.locator('.quick-input-widget', { hasText: 'Paste an API key' }).waitFor();
  await page.locator('.quick-input-widget input').fill(TOKEN);
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts', { hasText: 'Signed in to Baton as Dev Eloper' }).waitFor();
  const rows = myItems.getByRole('treeitem');
  // the tree renders only the rows that fit: fold the other views, so My Items shows both groups whole. Both stay
  // expanded: toggling a group by clicking races the refreshes that follow a sign-in or a claim.
  for (const name of ['Ready', 'Saved Views']) await page.locator('.pane-header', { hasText: name }).click();
  await rows.filter({ hasText: ITEM }).waitFor();
  const texts = await rows.allInnerTexts();
  assert.ok(texts.some((t) => /^In progress \(\d+\)/.test(t)), 'an In progress group');
  assert.ok(texts.some((t) => /^Open \(\d+\)/.test(t)), 'an Open group');
  // every open item assigned to me is listed (the tree virtualizes rows, so compare what fits: the keys shown)
  const keys = new Set((await assignedToDev()).map((i) => i.key));
  const shown = texts.map((t) => /^([A-Z]+-\d+) /.exec(t)?.[1]).filter(Boolean);
  assert.ok(shown.length >= 5, `rows shown: ${shown.length}`);
  for (const key of shown) assert.ok(keys.has(key), `${key} is assigned to dev`);
});

test('Start Work from the context menu claims the item, creates the branch and shows it in the status bar', async () => {
  const myItems = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'My Items' }) });
  const row = myItems.getByRole('treeitem').filter({ hasText: ITEM });
  await row.click({ button: 'right' });
  // VS Code's menus ignore a mouse-up on an entry for the first 100 ms after they open (so that releasing the right
  // button cannot pick one), and nothing on the page says when that ends: a click that comes sooner is dropped and
  // the menu stays open. So choose the entry the way the keyboard does, once the menu has the focus.
  await page.locator('.context-view [role="menu"]:focus').waitFor();
  await page.keyboard.press('ArrowDown'); // the first entry: Start Work (group 1_work@1 in package.json)
  await page.locator('.context-view .action-item.focused', { hasText: 'Start Work' }).waitFor();
  await page.keyboard.press('Enter');
  // branch name: the suggestion from the template; accept it
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  const suggested = await input.inputValue();
  assert.equal(suggested, `bug/${ITEM.toLowerCase()}-checkout-button-does-nothing-on-safari`);
  await page.keyboard.press('Enter');
  // the base branch: choose main
  await page.locator('.quick-input-widget', { hasText: 'from which branch' }).waitFor();
  await page.locator('.quick-input-widget input').fill('main');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'main' }).first().waitFor();
  await page.keyboard.press('Enter');
  // (the git branch entry also mentions the key, in lowercase: match the lease's text)
  const status = page.locator('.statusbar-item', { hasText: new RegExp(`${ITEM} · \\d+m left`) });
  await status.waitFor();
  await page.locator('.notifications-toasts', { hasText: `Working on ${ITEM} on branch ${suggested}` }).waitFor();
  // the item moved to In Progress, marked as the one I work on
  await myItems.getByRole('treeitem').filter({ hasText: ITEM }).filter({ hasText: 'working' }).waitFor();
  await page.locator('.notification-fade-in-done', { hasText: `Working on ${ITEM}` }).waitFor(); // the toast has slid in
  await page.screenshot({ path: path.join(SHOTS, 'vscode-my-items.png') });
});

test('the item view renders the item with sanitized markdown and its checklist', async () => {
  // the status bar entry's menu opens the current item
  await page.locator('.statusbar-item', { hasText: new RegExp(`${ITEM} · \\d+m left`) }).click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Item' }).first().click();
  // webviews are nested iframes: the outer one hosts the page's own frame
  const outer = page.frameLocator('iframe.webview.ready');
  const inner = outer.frameLocator('iframe#active-frame');
  await inner.locator('main[data-item-key]').waitFor();
  const text = await inner.locator('main').innerText();
  assert.match(text, /Checkout button does nothing on Safari/);
  assert.match(text, /Acceptance criteria \(0\/3\)/);
  assert.equal(await inner.locator('main script, main img[onerror]').count(), 0, 'script and event handlers are stripped');
  assert.equal(await inner.locator('main strong', { hasText: 'Checkout' }).count(), 1, 'markdown is rendered');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'vscode-item.png') });
  assert.deepEqual(errors.filter((e) => !/ResizeObserver/.test(e)), []);
});

const COLLEAGUE_COMMENT = 'Seen on iOS too\n\n| Browser | Broken |\n| --- | --- |\n| Safari 17 | yes |\n\n- [x] reproduced\n- [ ] bisected';

test('a live update (a colleague comments) keeps the unsent comment draft and its focus', async () => {
  const inner = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const box = inner.locator('#new-comment textarea');
  await box.click();
  await page.keyboard.type('Half-written thought');
  const r = await fetch(`${API}/trpc/items.comments.add`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.BATON_E2E_PM_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { productId: await productId(), ref: ITEM, body: COLLEAGUE_COMMENT, idempotencyKey: `ui-draft-${Date.now()}` } }),
  });
  assert.equal(r.status, 200, await r.text());
  // the live event reloads the item: the colleague's comment appears, the draft is untouched and still focused
  await inner.locator('ol.comments', { hasText: 'Seen on iOS too' }).waitFor();
  assert.equal(await inner.locator('#new-comment').evaluate((e) => e.value), 'Half-written thought');
  // GitHub-flavoured markdown, as the web app renders it: the table and the task list's boxes (ticked, read-only)
  const comment = inner.locator('ol.comments li', { hasText: 'Seen on iOS too' });
  assert.equal(await comment.locator('table td', { hasText: 'Safari 17' }).count(), 1, 'the table renders');
  assert.deepEqual(await comment.locator('input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => [b.checked, b.disabled])), [[true, true], [false, true]]);
  await page.keyboard.type(', continued');
  assert.equal(await inner.locator('#new-comment').evaluate((e) => e.value), 'Half-written thought, continued');
});

test('Ctrl+Enter sends the comment and empties the box', async () => {
  const inner = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await page.keyboard.press('Control+Enter');
  await inner.locator('ol.comments', { hasText: 'Half-written thought, continued' }).waitFor();
  await inner.locator('#new-comment').evaluate((e) => e.value === '' || Promise.reject(new Error(`left: ${e.value}`)));
  // on the server, once (the view shows what the server answered, but say it plainly)
  const input = encodeURIComponent(JSON.stringify({ 0: { json: { productId: await productId(), ref: ITEM, limit: 100 } } }));
  const r = await fetch(`${API}/trpc/items.comments.list?batch=1&input=${input}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const bodies = (await r.json())[0].result.data.json.items.map((c) => c.body);
  assert.equal(bodies.filter((b) => b === 'Half-written thought, continued').length, 1, JSON.stringify(bodies));
});

test('Start Work from the palette lists my items first, then the ready queue, and claims a ready item nobody was given', async () => {
  const input = encodeURIComponent(JSON.stringify({ 0: { json: { productId: await productId(), limit: 50 } } }));
  const r = await fetch(`${API}/trpc/queue.ready?batch=1&input=${input}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const ready = (await r.json())[0].result.data.json.items.find((i) => !i.assignee && i.key !== ITEM);
  assert.ok(ready, 'the demo seed has an unassigned ready item');
  await palette('Baton: Start Work');
  const picker = page.locator('.quick-input-widget', { hasText: 'Start work on which item?' });
  await picker.waitFor();
  // my items head the list (the ready queue follows: item-choices.test.ts has the order); typing finds a ready one
  await picker.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: 'Assigned to you' }).waitFor();
  await picker.locator('input').fill(ready.title);
  await picker.locator('.quick-input-list .monaco-list-row', { hasText: ready.key }).first().click();
  // still working on the first item: switch
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'Stop that (release its claim)' });
  const branchBox = page.locator('.quick-input-widget', { hasText: 'branch name' });
  await Promise.race([dialog.waitFor(), branchBox.waitFor()]);
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Stop and Switch' }).click();
  await branchBox.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'from which branch' }).waitFor();
  await page.locator('.quick-input-widget input').fill('main');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'main' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: new RegExp(`${ready.key} · \\d+m left`) }).waitFor();
  // claimed through the one claim path: the server says dev holds it, and it is now assigned to dev
  const mine = await assignedToDev();
  assert.ok(mine.some((i) => i.key === ready.key && i.status === 'in_progress'), JSON.stringify(mine.map((i) => [i.key, i.status])));
});

test('sign out, then sign in with the browser: a device code approved on the web app', async () => {
  await palette('Baton: Sign Out');
  await page.locator('.notifications-toasts', { hasText: 'Signed out of Baton' }).waitFor();
  await palette('Baton: Sign In with Browser');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const code = /code is ([A-Z]{4}-[A-Z]{4})/.exec(await dialog.innerText())?.[1];
  assert.ok(code, 'the dialog shows the code');
  // "Open Browser" opens the approval page in a new tab; a signed-in person approves the code there
  const approvalPage = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open Browser' }).click();
  const opened = await approvalPage;
  // code-server sends localhost URLs through its port forwarding (/proxy/PORT/...); a real server URL opens as is
  await opened.waitForLoadState('domcontentloaded').catch(() => undefined);
  const apiPort = new URL(API).port;
  assert.match(opened.url(), new RegExp(`(${API}/device\\?code=${code}|/proxy/${apiPort}/)`), opened.url());
  await opened.close();
  const r = await fetch(`${API}/trpc/device.approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.BATON_E2E_DEV_APPROVER_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { userCode: code } }),
  });
  assert.equal(r.status, 200, await r.text());
  await page.locator('.notifications-toasts', { hasText: 'Signed in to Baton as Dev Eloper' }).last().waitFor({ timeout: 30_000 });
});
