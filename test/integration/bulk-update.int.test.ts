import type { MemberRole } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function setup(role: MemberRole = 'developer') {
  const { org, product } = await buildOrg(db);
  const user = await buildUser(db, org.id, role);
  const { caller } = await callerAsUser(deps, user);
  const make = (title: string, extra: { labels?: string[] } = {}) => caller.items.create({ productId: product.id, type: 'task', title, ...extra });
  return { org, product, user, caller, productId: product.id, make };
}

const historyOf = (itemId: string) =>
  db.activityEvent.findMany({ where: { itemId, action: { not: 'created' } }, select: { action: true, field: true, before: true, after: true }, orderBy: { seq: 'asc' } });

describe('items.bulkUpdate', () => {
  it('changes every selected item in one go, with a new version and history per item', async () => {
    const s = await setup();
    const a = await s.make('A', { labels: ['old', 'keep'] });
    const b = await s.make('B');
    const mate = await buildUser(db, s.org.id, 'developer');
    const result = await s.caller.items.bulkUpdate({
      productId: s.productId,
      refs: [a.key, b.id],
      change: { status: 'in_progress', assigneeUserId: mate.id, addLabels: ['new'], removeLabels: ['old'] },
    });
    expect(result.failed).toEqual([]);
    expect(result.updated.map((u) => [u.key, u.version])).toEqual([
      [a.key, 2],
      [b.key, 2],
    ]);
    const fresh = await s.caller.items.get({ productId: s.productId, ref: a.key });
    expect(fresh).toMatchObject({ status: 'in_progress', version: 2, assignee: { id: mate.id } });
    expect(fresh.labels.map((l) => l.name)).toEqual(['keep', 'new']);
    expect(fresh.startedAt).not.toBeNull();
    expect(await historyOf(a.id)).toEqual([
      { action: 'status_changed', field: 'status', before: 'open', after: 'in_progress' },
      { action: 'updated', field: 'assigneeUserId', before: null, after: mate.id },
      { action: 'updated', field: 'labels', before: ['keep', 'old'], after: ['keep', 'new'] },
    ]);
  });

  it('lists the items it could not change, with the reason, and changes the rest', async () => {
    const s = await setup();
    const open = await s.make('Open');
    const closed = await s.make('Closed');
    await s.caller.items.update({ productId: s.productId, ref: closed.id, expectedVersion: 1, patch: { status: 'closed' } });
    const gone = await s.make('Gone');
    await db.item.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const other = await setup();
    const foreign = await other.make('Foreign');

    const result = await s.caller.items.bulkUpdate({
      productId: s.productId,
      refs: [open.key, closed.key, gone.key, foreign.id, `${s.product.key}-999`],
      change: { status: 'done' },
    });
    expect(result.updated.map((u) => u.key)).toEqual([open.key]);
    expect(result.failed).toEqual([
      { ref: gone.key, key: gone.key, code: 'NOT_FOUND', message: 'Item not found' },
      { ref: foreign.id, key: null, code: 'NOT_FOUND', message: 'Item not found' },
      { ref: `${s.product.key}-999`, key: `${s.product.key}-999`, code: 'NOT_FOUND', message: 'Item not found' },
      { ref: closed.key, key: closed.key, code: 'INVALID_TRANSITION', message: expect.stringContaining('closed to done') },
    ]);
    // when none of them is here, the whole call is NOT_FOUND
    await expectDomainError(s.caller.items.bulkUpdate({ productId: s.productId, refs: [foreign.id], change: { status: 'done' } }), 'NOT_FOUND');
    // the other product's item is untouched
    expect((await other.caller.items.get({ productId: other.productId, ref: foreign.id })).status).toBe('open');
  });

  it('deletes for managers only, and refuses a delete mixed with changes', async () => {
    const dev = await setup('developer');
    const item = await dev.make('Keep me');
    await expectDomainError(dev.caller.items.bulkUpdate({ productId: dev.productId, refs: [item.id], change: { delete: true } }), 'FORBIDDEN');
    await expectInputError(dev.caller.items.bulkUpdate({ productId: dev.productId, refs: [item.id], change: { delete: true, status: 'done' } }), 'change');
    await expectInputError(dev.caller.items.bulkUpdate({ productId: dev.productId, refs: [], change: { status: 'done' } }), 'refs');

    const manager = await buildUser(db, dev.org.id, 'manager');
    const { caller } = await callerAsUser(deps, manager);
    const result = await caller.items.bulkUpdate({ productId: dev.productId, refs: [item.id], change: { delete: true } });
    expect(result.updated).toHaveLength(1);
    await expectDomainError(dev.caller.items.get({ productId: dev.productId, ref: item.id }), 'NOT_FOUND');
  });

  it('refuses an assignee outside the organization for the whole batch', async () => {
    const s = await setup();
    const item = await s.make('X');
    const stranger = await buildUser(db, null, null);
    const err = await expectDomainError(
      s.caller.items.bulkUpdate({ productId: s.productId, refs: [item.id], change: { assigneeUserId: stranger.id } }),
      'BAD_INPUT',
    );
    expect(err.details).toMatchObject({ issues: [{ path: ['assigneeUserId'] }] });
  });

  it('keeps versions consistent when it races single updates of the same items', async () => {
    const s = await setup();
    for (let round = 0; round < 5; round++) {
      const items = await Promise.all([s.make(`R${round}a`), s.make(`R${round}b`)]);
      const [bulk, ...singles] = await Promise.allSettled([
        s.caller.items.bulkUpdate({ productId: s.productId, refs: items.map((i) => i.id), change: { priority: 'critical' } }),
        ...items.map((i) => s.caller.items.update({ productId: s.productId, ref: i.id, expectedVersion: 1, patch: { title: `${i.title}!` } })),
      ]);
      expect(bulk.status).toBe('fulfilled');
      for (const [k, item] of items.entries()) {
        const single = singles[k]!;
        const fresh = await s.caller.items.get({ productId: s.productId, ref: item.id });
        // every landed write bumped the version exactly once; a single update that lost the race says CONFLICT
        const writes = 1 + (single.status === 'fulfilled' ? 1 : 0);
        expect(fresh.version).toBe(1 + writes);
        expect(fresh.priority).toBe('critical');
        if (single.status === 'rejected') expect((single.reason as { cause?: { code?: string } }).cause?.code).toBe('CONFLICT');
        else expect(fresh.title).toBe(`${item.title}!`);
        expect((await historyOf(item.id)).length).toBe(writes);
      }
    }
  });
});
