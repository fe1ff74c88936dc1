import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { inlineSavesDone } from '../support/item-page.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// Planning in Chromium against the real server: sprints, the backlog, capacity, closing with rollover, velocity,
// milestones.

const { server, openPage } = useServerAndBrowser();

let pm: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  pm = await signIn(server().url, DEMO.manager);
});

async function openPlanning(opts: { javaScriptEnabled?: boolean } = {}) {
  const { page, errors } = await openPage(opts);
  await useSession(page, server().url, pm.token);
  // tall enough that a backlog item and a sprint are on screen together for a pointer drag
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto(`${server().url}/p/BAT/planning`);
  return { page, errors };
}

async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + 30, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 40, a.y + a.height / 2 + 8, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  // svelte-dnd-action notices the zone under the pointer on a timer: drop once it marks that zone as the target
  await expect.poll(() => to.getAttribute('class')).toContain('drop-target');
  await page.mouse.up();
}

const sprintPanel = (page: Page, name: string) => page.locator('section.sprint').filter({ has: page.getByRole('heading', { name, exact: true }) });
const itemOnServer = (ref: string) => pm.client.items.get.query({ productId: pm.productId, ref });

describe('planning', () => {
  it('plans a sprint: create it, move backlog items in, see capacity, close it and roll over; velocity follows', async () => {
    const tag = randomUUID().slice(0, 6);
    const a = await pm.client.items.create.mutate({ productId: pm.productId, type: 'feature', title: `Plan A ${tag}`, priority: 'critical', estimate: 3 });
    const b = await pm.client.items.create.mutate({ productId: pm.productId, type: 'bug', title: `Plan B ${tag}`, priority: 'critical', estimate: 4 });
    const { page, errors } = await openPlanning();

    // a bad date range is refused next to its field, keeping what was typed
    const form = page.locator('form[action="?/createSprint"]');
    await form.getByLabel('Name').fill(`Sprint ${tag}`);
    await form.getByLabel('Starts').fill('2026-11-20');
    await form.getByLabel('Ends').fill('2026-11-10');
    await form.getByLabel('Capacity (points)').fill('5');
    await form.getByRole('button', { name: 'Create sprint' }).click();
    await form.getByText('Ends must be after the start date').waitFor();
    expect(await form.getByLabel('Name').inputValue()).toBe(`Sprint ${tag}`);
    expect(await form.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Ends').fill('2026-12-04');
    await form.getByRole('button', { name: 'Create sprint' }).click();
    const panel = sprintPanel(page, `Sprint ${tag}`);
    await panel.waitFor();
    expect(await panel.innerText()).toContain('0 / 5 points planned');

    // drag A from the backlog into the sprint
    const backlog = page.getByRole('list', { name: 'Backlog' });
    await drag(page, backlog.locator(`li[data-key="${a.key}"]`), panel.locator('ul.zone'));
    // svelte-dnd-action occasionally loses a synthetic drop on a loaded 2-core CI machine (the zone was marked as
    // the target, but no finalize event follows); a person would drag again, so the test does too, up to twice more
    const saved = () => expect.poll(async () => (await itemOnServer(a.id)).sprintId, { timeout: 10_000 }).not.toBeNull();
    for (let attempt = 1; ; attempt++) {
      const ok = await saved().then(() => true, (e: unknown) => (attempt === 3 ? Promise.reject(e) : false));
      if (ok) break;
      await drag(page, backlog.locator(`li[data-key="${a.key}"]`), panel.locator('ul.zone'));
    }
    await expect.poll(() => panel.innerText(), { timeout: 20_000 }).toContain('3 / 5 points planned');

    // B through its menu (the keyboard path): over capacity
    const rowB = backlog.locator(`li[data-key="${b.key}"]`);
    await rowB.getByLabel(`Plan ${b.key} into`).selectOption({ label: `Sprint ${tag}` });
    await rowB.getByRole('button', { name: `Move ${b.key}` }).click();
    await expect.poll(() => panel.innerText(), { timeout: 20_000 }).toContain('7 / 5 points planned');
    expect(await panel.innerText()).toContain('over capacity by 2');
    await screenshot(page, 'planning', { fullPage: true });

    // A is finished; closing rolls B into a new sprint
    const fresh = await itemOnServer(a.id);
    await pm.client.items.update.mutate({ productId: pm.productId, ref: a.id, expectedVersion: fresh.version, patch: { status: 'done' } });
    await page.reload();
    await panel.getByText('Close sprint…').click();
    await panel.getByLabel('A new sprint').check();
    await panel.getByLabel('Name').fill(`Next ${tag}`);
    await panel.getByRole('button', { name: `Close Sprint ${tag}` }).click();
    await page.getByText(`Sprint ${tag} closed. 1 unfinished item moved to Next ${tag}.`).waitFor();
    const bNow = await itemOnServer(b.id);
    const next = (await pm.client.sprints.list.query({ productId: pm.productId, state: 'open' })).items.find((s) => s.name === `Next ${tag}`)!;
    expect(bNow.sprintId).toBe(next.id);
    expect((await itemOnServer(a.id)).sprintId).not.toBe(next.id);
    expect(await sprintPanel(page, `Next ${tag}`).innerText()).toContain(b.key);

    // velocity: a bar pair and a table row for the closed sprint
    const velocity = page.locator('section[aria-labelledby="velocity-title"]');
    expect(await velocity.locator('svg rect.completed').count()).toBeGreaterThan(0);
    await velocity.getByText('Velocity as a table').click();
    const row = velocity.getByRole('row', { name: new RegExp(`Sprint ${tag}`) });
    expect(await row.locator('td').allInnerTexts()).toEqual([expect.any(String), '7', '3']);
    await screenshot(page, 'planning-closed', { fullPage: true });
    expect(errors).toEqual([]);
  });

  it('creates, edits and closes a milestone with its progress', async () => {
    const tag = randomUUID().slice(0, 6);
    const { page, errors } = await openPlanning();
    const create = page.locator('form[action="?/createMilestone"]');
    await create.getByLabel('Milestone name').fill(`Launch ${tag}`);
    await create.getByLabel('Target date').fill('2027-01-15');
    await create.getByRole('button', { name: 'Create milestone' }).click();
    const row = page.locator('.milestone').filter({ hasText: `Launch ${tag}` });
    await row.waitFor();
    expect(await row.innerText()).toContain('Target 2027-01-15');
    const m = (await pm.client.milestones.list.query({ productId: pm.productId })).items.find((x) => x.name === `Launch ${tag}`)!;
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: 'Milestone work', milestoneId: m.id, estimate: 2 });
    await pm.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'done' } });
    await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: 'More work', milestoneId: m.id, estimate: 6 });
    await page.reload();
    expect(await row.innerText()).toContain('1/2 items · 2/8 points · 50%');

    // a duplicate name is refused next to the field
    await create.getByLabel('Milestone name').fill(`Launch ${tag}`);
    await create.getByRole('button', { name: 'Create milestone' }).click();
    await create.getByText(`Milestone name "Launch ${tag}" is already used by another milestone`).waitFor();

    await row.getByRole('button', { name: `Close Launch ${tag}` }).click();
    await row.getByText('Closed', { exact: true }).waitFor();
    expect((await pm.client.milestones.get.query({ productId: pm.productId, id: m.id })).closedAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('counts estimates, sprint capacity and milestone totals in the unit the product is set to', async () => {
    const tag = randomUUID().slice(0, 6);
    const sprint = await pm.client.sprints.create.mutate({ productId: pm.productId, name: `Hours ${tag}`, startsAt: '2026-12-07', endsAt: '2026-12-18', capacity: 8 });
    const m = await pm.client.milestones.create.mutate({ productId: pm.productId, name: `Hours milestone ${tag}` });
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `Hours ${tag}`, priority: 'critical', estimate: 1.5, sprintId: sprint.id, milestoneId: m.id });
    const { page, errors } = await openPlanning();
    const panel = sprintPanel(page, `Hours ${tag}`);
    expect(await panel.innerText()).toContain('1.5 / 8 points planned');
    expect(await panel.locator(`li[data-key="${item.key}"] .points`).innerText()).toBe('1.5 pt');
    try {
      await pm.client.products.update.mutate({ productId: pm.productId, estimateUnit: 'hours' });
      await page.reload();
      expect(await panel.innerText()).toContain('1.5 / 8 hours planned');
      expect(await panel.locator(`li[data-key="${item.key}"] .points`).innerText()).toBe('1.5 h');
      await page.locator('form[action="?/createSprint"]').getByLabel('Capacity (hours)').waitFor();
      expect(await page.locator('.milestone').filter({ hasText: `Hours milestone ${tag}` }).innerText()).toContain('0/1 items · 0/1.5 hours · 0%');
    } finally {
      await pm.client.products.update.mutate({ productId: pm.productId, estimateUnit: 'points' });
    }
    expect(errors).toEqual([]);
  });

  it('generates release notes from a sprint, edits them and publishes a public release', async () => {
    const tag = randomUUID().slice(0, 6);
    const sprint = await pm.client.sprints.create.mutate({ productId: pm.productId, name: `Release sprint ${tag}`, startsAt: '2026-11-01', endsAt: '2026-11-14' });
    const made = [];
    for (const [type, title] of [['feature', `Dark mode ${tag}`], ['bug', `Crash on save ${tag}`], ['task', `Upgrade deps ${tag}`]] as const) {
      const item = await pm.client.items.create.mutate({ productId: pm.productId, type, title, sprintId: sprint.id });
      made.push(await pm.client.items.update.mutate({ productId: pm.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'done' } }));
    }
    const { page, errors } = await openPage();
    await useSession(page, server().url, pm.token);
    await page.goto(`${server().url}/p/BAT/releases`);
    await page.getByLabel('Done items of').selectOption({ label: sprint.name });
    await page.getByRole('button', { name: 'Draft notes' }).click();
    const notes = page.getByLabel('Notes (Markdown)');
    await notes.waitFor();
    const markdown = await notes.inputValue();
    expect(markdown).toContain(`## Features\n\n- Dark mode ${tag} (${made[0]!.key})`);
    expect(markdown).toContain(`## Fixes\n\n- Crash on save ${tag} (${made[1]!.key})`);
    expect(markdown).toContain(`## Other\n\n- Upgrade deps ${tag} (${made[2]!.key})`);
    expect(await page.getByLabel('Release name').inputValue()).toBe(sprint.name);

    // an empty name is refused next to the field, keeping the edited notes
    await page.getByLabel('Release name').fill('  ');
    await notes.fill(`${markdown}\n\nThanks to everyone who reported bugs.`);
    await page.getByLabel('Release name').evaluate((el) => el.removeAttribute('required'));
    await page.getByRole('button', { name: 'Publish release' }).click();
    await page.getByText('Release name is required').waitFor();
    expect(await notes.inputValue()).toContain('Thanks to everyone');

    await page.getByLabel('Release name').fill(`v2.${tag}`);
    // a release is internal unless the PM says otherwise (the public changelog then lists only its public items)
    await page.getByRole('checkbox', { name: /Public: show it in the public changelog/ }).check();
    await page.getByRole('button', { name: 'Publish release' }).click();
    await page.waitForURL(/release=/);
    const panel = page.locator('section[aria-labelledby="release-title"]');
    expect(await panel.getByRole('heading').first().innerText()).toContain('Published');
    expect(await panel.locator('.preview h2').allInnerTexts()).toEqual(['Features', 'Fixes', 'Other']);
    expect(await panel.locator('.preview').innerText()).toContain('Thanks to everyone who reported bugs.');
    await screenshot(page, 'releases', { fullPage: true });

    const id = new URL(page.url()).searchParams.get('release')!;
    const release = await pm.client.releases.get.query({ id });
    expect(release).toMatchObject({ name: `v2.${tag}`, isPublic: true });
    expect(release.publishedAt).not.toBeNull();
    expect(release.items.map((i) => i.key).sort()).toEqual(made.map((i) => i.key).sort());
    // the refused name answered 400 on purpose; nothing else may fail
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('works without JavaScript: plan an item with the form', async () => {
    const sprint = await pm.client.sprints.create.mutate({ productId: pm.productId, name: `NoJS ${randomUUID().slice(0, 6)}`, startsAt: '2026-11-01', endsAt: '2026-11-14' });
    const item = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: 'No script', priority: 'critical' });
    const { page } = await openPlanning({ javaScriptEnabled: false });
    const row = page.locator(`li[data-key="${item.key}"]`);
    await row.getByLabel(`Plan ${item.key} into`).selectOption({ label: sprint.name });
    await row.getByRole('button', { name: `Move ${item.key}` }).click();
    await page.waitForLoadState('load');
    expect((await itemOnServer(item.id)).sprintId).toBe(sprint.id);
  });

  it('plans in place: milestone, sprint and parent on the item page, sub-items from the parent, the milestone page', async () => {
    const tag = randomUUID().slice(0, 6);
    const m = await pm.client.milestones.create.mutate({ productId: pm.productId, name: `Beta ${tag}` });
    const sprint = await pm.client.sprints.create.mutate({ productId: pm.productId, name: `Sprint ${tag}`, startsAt: '2026-11-01', endsAt: '2026-11-14' });
    const epic = await pm.client.items.create.mutate({ productId: pm.productId, type: 'feature', title: `Epic ${tag}` });
    const child = await pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `Child ${tag}` });
    const { page, errors } = await openPage();
    await useSession(page, server().url, pm.token);
    await page.goto(`${server().url}/p/BAT/items/${child.key}`);
    await page.getByLabel('Milestone').selectOption({ label: m.name });
    await expect.poll(async () => (await itemOnServer(child.id)).milestone?.id, { timeout: 10_000 }).toBe(m.id);
    await inlineSavesDone(page);
    await page.getByLabel('Sprint').selectOption({ label: sprint.name });
    await expect.poll(async () => (await itemOnServer(child.id)).sprint?.name, { timeout: 10_000 }).toBe(sprint.name);
    await inlineSavesDone(page);
    await page.getByLabel('Parent').fill(epic.key.toLowerCase());
    await page.getByLabel('Parent').press('Tab');
    await expect.poll(async () => (await itemOnServer(child.id)).parent?.key, { timeout: 10_000 }).toBe(epic.key);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: `${epic.key} Epic ${tag}` }).waitFor();
    expect(await page.getByLabel('Sprint').locator('option:checked').innerText()).toBe(sprint.name);
    await screenshot(page, 'item-planned');

    // on the parent: its child with progress; the child as its parent is a cycle, refused next to the field
    await page.goto(`${server().url}/p/BAT/items/${epic.key}`);
    const subItems = page.locator('section[aria-labelledby="subitems-h"]');
    expect(await subItems.getByRole('heading').innerText()).toBe('Sub-items 0/1 done');
    await page.getByLabel('Parent').fill(child.key);
    await page.getByLabel('Parent').press('Tab');
    await page.getByText('Parent would make a cycle of parents').waitFor();
    expect((await itemOnServer(epic.id)).parent).toBeNull();

    // a sub-item created from its parent lands under it
    await subItems.getByRole('link', { name: 'Add sub-item' }).click();
    await page.getByRole('heading', { name: 'New sub-item' }).waitFor();
    await page.getByLabel('Title').fill(`Second child ${tag}`);
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.waitForURL((u) => u.pathname === `/p/BAT/items/${epic.key}`);
    await subItems.getByText(`Second child ${tag}`).waitFor();
    expect(await subItems.getByRole('heading').innerText()).toBe('Sub-items 0/2 done');

    // the milestone page lists its items with the progress
    await page.goto(`${server().url}/p/BAT/planning`);
    await page.getByRole('link', { name: m.name }).click();
    await page.getByRole('heading', { level: 1, name: m.name }).waitFor();
    expect(await page.locator('.stats').innerText()).toBe('0 of 1 items done · 0 of 0 points · 0%');
    await page.getByRole('link', { name: `Child ${tag}` }).waitFor();
    await screenshot(page, 'milestone-page');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'milestone-page-phone', { fullPage: true });
    // the refused cycle answered 400 on purpose; nothing else may fail
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('bulk-plans selected items into a milestone and a sprint from the items list', async () => {
    const tag = randomUUID().slice(0, 6);
    const m = await pm.client.milestones.create.mutate({ productId: pm.productId, name: `Bulk ${tag}` });
    const sprint = await pm.client.sprints.create.mutate({ productId: pm.productId, name: `Bulk sprint ${tag}`, startsAt: '2026-11-01', endsAt: '2026-11-14' });
    const items = await Promise.all(['One', 'Two'].map((t) => pm.client.items.create.mutate({ productId: pm.productId, type: 'task', title: `${t} ${tag}` })));
    const { page, errors } = await openPage();
    await useSession(page, server().url, pm.token);
    await page.goto(`${server().url}/p/BAT/items?${new URLSearchParams({ q: tag })}`);
    for (const i of items) await page.getByLabel(`Select ${i.key}`).check();
    const bar = page.getByRole('form', { name: 'Change the selected items' });
    await bar.getByLabel('Milestone').selectOption({ label: m.name });
    await bar.getByRole('button', { name: 'Set milestone' }).click();
    await page.getByRole('status').filter({ hasText: 'Changed 2 items.' }).waitFor();
    for (const i of items) await page.getByLabel(`Select ${i.key}`).check();
    await bar.getByLabel('Sprint').selectOption({ label: sprint.name });
    await bar.getByLabel('New priority').selectOption('high');
    await bar.getByRole('button', { name: 'Set sprint' }).click();
    await expect.poll(async () => (await itemOnServer(items[1]!.id)).sprint?.id, { timeout: 10_000 }).toBe(sprint.id);
    // the page has taken the answer in once the selection is cleared (ticking before that would be undone)
    await expect.poll(() => page.getByLabel(`Select ${items[0]!.key}`).isChecked(), { timeout: 10_000 }).toBe(false);
    for (const i of items) await page.getByLabel(`Select ${i.key}`).check();
    await bar.getByRole('button', { name: 'Set priority' }).click();
    await expect.poll(async () => (await itemOnServer(items[0]!.id)).priority, { timeout: 10_000 }).toBe('high');
    expect((await itemOnServer(items[0]!.id)).milestone?.id).toBe(m.id);
    expect(errors).toEqual([]);
  });
});
