import { createItem, createMilestone, createSprint } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildOrg, buildProduct, buildUser, callerAsUser, testDeps } from '../support/builders.ts';
import { useCliServer } from '../support/cli.ts';
import { expectInputError } from '../support/expect-error.ts';

// Planning with milestones, sprints and parents from every edge: the bulk change, a single update, the CLI.
// The rules (same product, no closed sprint, no cycle of parents) live in core's validateItemRefs.

const cli = useCliServer();
const day = (d: number) => new Date(Date.UTC(2026, 10, d));

async function setup() {
  const db = cli.db;
  const deps = testDeps(db);
  const { org, product } = await buildOrg(db);
  const pm = (await callerAsUser(deps, await buildUser(db, org.id, 'manager'))).caller;
  const other = await buildProduct(db, org.id);
  const productId = product.id;
  const item = (title: string, more: { parentId?: string } = {}) => pm.items.create({ productId, type: 'task', title, ...more });
  const sprint = (name: string) => pm.sprints.create({ productId, name, startsAt: day(1), endsAt: day(14) });
  return { db, pm, product, productId, other, item, sprint };
}

describe('bulk planning', () => {
  it('sets milestone, sprint and priority on many items at once, each with its activity, and clears them', async () => {
    const s = await setup();
    const m = await s.pm.milestones.create({ productId: s.productId, name: 'Beta' });
    const sp = await s.sprint('Sprint 1');
    const [a, b] = [await s.item('A'), await s.item('B')];
    const refs = [a.key, b.id];
    for (const change of [{ milestoneId: m.id }, { sprintId: sp.id }, { priority: 'critical' as const }]) {
      const r = await s.pm.items.bulkUpdate({ productId: s.productId, refs, change });
      expect(r.failed).toEqual([]);
    }
    const got = await s.pm.items.get({ productId: s.productId, ref: b.id });
    expect(got).toMatchObject({ milestone: { id: m.id, name: 'Beta' }, sprintId: sp.id, sprint: { id: sp.id, name: 'Sprint 1' }, priority: 'critical', version: 4 });
    const activity = await s.pm.items.activity({ productId: s.productId, ref: a.id });
    expect(activity.items.map((e) => e.field).filter(Boolean).sort()).toEqual(['milestoneId', 'priority', 'sprintId']);
    expect((await s.pm.milestones.get({ productId: s.productId, id: m.id })).progress.totalItems).toBe(2);

    await s.pm.items.bulkUpdate({ productId: s.productId, refs, change: { milestoneId: null, sprintId: null } });
    expect(await s.pm.items.get({ productId: s.productId, ref: a.id })).toMatchObject({ milestone: null, sprint: null, sprintId: null });
  });

  it("refuses another product's milestone or sprint and a closed sprint, naming the field, and changes nothing", async () => {
    const s = await setup();
    const a = await s.item('A');
    const theirs = await s.pm.milestones.create({ productId: s.other.id, name: 'Theirs' });
    const theirSprint = await s.pm.sprints.create({ productId: s.other.id, name: 'Theirs', startsAt: day(1), endsAt: day(2) });
    await expectInputError(s.pm.items.bulkUpdate({ productId: s.productId, refs: [a.id], change: { milestoneId: theirs.id } }), 'milestoneId');
    await expectInputError(s.pm.items.bulkUpdate({ productId: s.productId, refs: [a.id], change: { sprintId: theirSprint.id } }), 'sprintId');
    const closed = await s.sprint('Old');
    await s.pm.sprints.close({ productId: s.productId, id: closed.id });
    await expectInputError(s.pm.items.bulkUpdate({ productId: s.productId, refs: [a.id], change: { sprintId: closed.id } }), 'sprintId');
    expect(await s.pm.items.get({ productId: s.productId, ref: a.id })).toMatchObject({ version: a.version, milestone: null, sprint: null });
  });
});

describe('parents', () => {
  it('sets and clears a parent; the parent counts its children done; cycles and other products are refused', async () => {
    const s = await setup();
    const epic = await s.item('Epic');
    const one = await s.item('One', { parentId: epic.id });
    const two = await s.item('Two');
    const set = await s.pm.items.update({ productId: s.productId, ref: two.key, expectedVersion: two.version, patch: { parentId: epic.id } });
    expect(set.parent).toEqual({ id: epic.id, key: epic.key, title: 'Epic' });
    await s.pm.items.update({ productId: s.productId, ref: one.id, expectedVersion: one.version, patch: { status: 'done' } });
    expect((await s.pm.items.get({ productId: s.productId, ref: epic.id })).progress).toEqual({ done: 1, total: 2 });
    expect((await s.pm.items.children({ productId: s.productId, ref: epic.id })).map((c) => c.key)).toEqual([one.key, two.key]);

    // the epic under its own grandchild would be a cycle; an item of another product is not a parent here
    const grandchild = await s.item('Grandchild', { parentId: two.id });
    await expectInputError(s.pm.items.update({ productId: s.productId, ref: epic.id, expectedVersion: epic.version, patch: { parentId: grandchild.id } }), 'parentId');
    const foreign = await s.pm.items.create({ productId: s.other.id, type: 'task', title: 'Elsewhere' });
    await expectInputError(s.pm.items.update({ productId: s.productId, ref: two.id, expectedVersion: set.version, patch: { parentId: foreign.id } }), 'parentId');

    const cleared = await s.pm.items.update({ productId: s.productId, ref: two.id, expectedVersion: set.version, patch: { parentId: null } });
    expect(cleared.parent).toBeNull();
    expect((await s.pm.items.get({ productId: s.productId, ref: epic.id })).progress).toEqual({ done: 1, total: 1 });
  });
});

describe('the CLI', () => {
  it('plans an item (parent, milestone, sprint by name) and shows its parent, sprint and sub-items', async () => {
    const w = await cli.workspace();
    const epic = await createItem(w.ctx, { productId: w.product.id, type: 'feature', title: 'Epic' });
    const child = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Child' });
    await createMilestone(w.ctx, { productId: w.product.id, name: 'Beta' });
    await createSprint(w.ctx, { productId: w.product.id, name: 'Sprint 7', startsAt: day(1), endsAt: day(14) });

    const planned = await w.run(['plan', child.key, '--parent', epic.key.toLowerCase(), '--milestone', 'beta', '--sprint', 'Sprint 7']);
    expect(planned).toMatchObject({ code: 0, stderr: '' });
    expect(planned.stdout).toBe(`${child.key}: parent ${epic.key}, milestone Beta, sprint Sprint 7.\n`);
    const shown = await w.run(['show', child.key]);
    expect(shown.stdout).toContain(`Parent: ${epic.key} Epic\nMilestone: Beta\nSprint: Sprint 7\n`);
    const parent = await w.run(['show', epic.key]);
    expect(parent.stdout).toContain(`Sub-items (0/1 done)\n  ${child.key}  open        Child\n`);

    const cycle = await w.run(['plan', epic.key, '--parent', child.key]);
    expect(cycle).toMatchObject({ code: 1, stdout: '' });
    expect(cycle.stderr).toContain('cycle');
    const unknown = await w.run(['plan', child.key, '--sprint', 'Nope']);
    expect(unknown.stderr).toContain('no open sprint "Nope" (open ones: Sprint 7)');
    const cleared = await w.json<{ parent: null; milestone: null; sprint: null }>(['plan', child.key, '--parent', 'none', '--milestone', 'none', '--sprint', 'none']);
    expect(cleared).toMatchObject({ parent: null, milestone: null, sprint: null });
  });
});
