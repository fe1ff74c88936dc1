import type { ItemPriority, ItemStatus } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildProduct, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectInputError } from '../support/expect-error.ts';

// What a PM reads off the items list: counts over the whole result (not the page shown), keys found by search.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function setup() {
  const { org, product } = await buildOrg(db);
  const pmUser = await buildUser(db, org.id, 'manager');
  const pm = (await callerAsUser(deps, pmUser)).caller;
  return { org, product, productId: product.id, pm, pmUser };
}

describe('items.counts', () => {
  it('counts the whole result and each group, past the first page of 50', async () => {
    const s = await setup();
    const m = await s.pm.milestones.create({ productId: s.productId, name: 'Beta' });
    const statuses: ItemStatus[] = ['open', 'in_progress', 'done'];
    const priorities: ItemPriority[] = ['critical', 'high', 'medium', 'low'];
    for (let i = 0; i < 62; i++) {
      const created = await s.pm.items.create({
        productId: s.productId,
        type: 'task',
        title: `Item ${i}`,
        priority: priorities[i % 4],
        labels: i % 3 === 0 ? ['ui', 'api'] : i % 3 === 1 ? ['ui'] : [],
        ...(i % 2 === 0 && { milestoneId: m.id, assigneeUserId: s.pmUser.id }),
      });
      const status = statuses[i % 3]!;
      if (status !== 'open') await s.pm.items.update({ productId: s.productId, ref: created.id, expectedVersion: created.version, patch: { status } });
    }
    const counts = (query: string, groupBy?: 'status' | 'priority' | 'assignee' | 'label' | 'milestone') => s.pm.items.counts({ productId: s.productId, query, groupBy });
    const byValue = (groups: { value: string | null; count: number }[]) => Object.fromEntries(groups.map((g) => [g.value ?? 'none', g.count]));

    const all = await counts('', 'status');
    expect(all.total).toBe(62);
    expect(byValue(all.groups)).toEqual({ open: 21, in_progress: 21, done: 20 });
    // is:open finds 42 (open and in progress): more than one page, and the counts say so
    const open = await counts('is:open', 'priority');
    expect(open.total).toBe(42);
    const page = await s.pm.items.search({ productId: s.productId, query: 'is:open', limit: 50 });
    expect(page.items).toHaveLength(42);
    expect(Object.values(byValue(open.groups)).reduce((a, b) => a + b, 0)).toBe(42);
    expect(byValue((await counts('', 'assignee')).groups)).toEqual({ [s.pmUser.id]: 31, none: 31 });
    expect(byValue((await counts('', 'milestone')).groups)).toEqual({ [m.id]: 31, none: 31 });
    const labels = await s.pm.labels.list({ productId: s.productId });
    const id = (name: string) => labels.find((l) => l.name === name)!.id;
    // an item with two labels counts under both
    expect(byValue((await counts('', 'label')).groups)).toEqual({ [id('ui')]: 42, [id('api')]: 21, none: 20 });
    expect(await counts('label:api is:open')).toEqual({ total: 21, groups: [] });
    expect((await counts('label:ui status:done')).total).toBe(0);
  });

  it('refuses a bad query with its position, and another product answers NOT_FOUND', async () => {
    const s = await setup();
    await expectInputError(s.pm.items.counts({ productId: s.productId, query: 'x', groupBy: 'color' as never }), 'groupBy');
    await expect(s.pm.items.counts({ productId: s.productId, query: 'colour:red' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const stranger = await setup();
    await expect(stranger.pm.items.counts({ productId: s.productId, query: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('searching for a key', () => {
  it('finds the item a typed key names (any case, a former key too), and nothing in another product', async () => {
    const s = await setup();
    const items = [];
    for (let i = 0; i < 12; i++) items.push(await s.pm.items.create({ productId: s.productId, type: 'task', title: `Task ${i}` }));
    const target = items[4]!;
    const found = async (query: string) => (await s.pm.items.search({ productId: s.productId, query })).items.map((i) => i.key);
    expect(await found(target.key)).toEqual([target.key]);
    expect(await found(target.key.toLowerCase())).toEqual([target.key]);
    expect(await found(`${target.key} is:open`)).toEqual([target.key]);
    expect(await found(`${target.key} is:closed`)).toEqual([]);
    const other = await buildProduct(db, s.org.id);
    expect(await found(`${other.key}-5`)).toEqual([]);
    // after a key change the old key still finds it, as old links do
    const before = s.product.key;
    const renamed = await s.pm.products.update({ productId: s.productId, key: `N${before.slice(0, 8)}` });
    expect(await found(`${before}-5`)).toEqual([`${renamed.key}-5`]);
    expect((await s.pm.items.counts({ productId: s.productId, query: `${renamed.key}-5` })).total).toBe(1);
  });
});
