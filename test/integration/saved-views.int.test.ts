import type { MemberRole } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function team() {
  const { org, product } = await buildOrg(db);
  const member = async (role: MemberRole) => (await callerAsUser(deps, await buildUser(db, org.id, role))).caller;
  return { org, productId: product.id, member };
}

describe('savedViews', () => {
  it("lists the caller's own views and the shared ones, pinned first, never someone else's private view", async () => {
    const t = await team();
    const ann = await t.member('developer');
    const bob = await t.member('developer');
    await ann.savedViews.create({ productId: t.productId, name: 'B mine', query: 'assignee:me' });
    await ann.savedViews.create({ productId: t.productId, name: 'Z pinned', query: 'is:open', pinned: true, groupBy: 'status' });
    await bob.savedViews.create({ productId: t.productId, name: 'A team bugs', query: 'type:bug', shared: true });
    await bob.savedViews.create({ productId: t.productId, name: "Bob's secret", query: 'label:x' });

    const seen = await ann.savedViews.list({ productId: t.productId });
    expect(seen.items.map((v) => [v.name, v.pinned, v.shared, v.canEdit])).toEqual([
      ['Z pinned', true, false, true],
      ['A team bugs', false, true, false],
      ['B mine', false, false, true],
    ]);
    expect(seen.items[0]).toMatchObject({ query: 'is:open', groupBy: 'status' });
    expect(seen.nextCursor).toBeNull();
  });

  it('lets the owner edit and delete, managers edit shared views, and nobody else', async () => {
    const t = await team();
    const owner = await t.member('developer');
    const peer = await t.member('developer');
    const manager = await t.member('manager');
    const shared = await owner.savedViews.create({ productId: t.productId, name: 'Team', query: 'is:open', shared: true });
    const mine = await owner.savedViews.create({ productId: t.productId, name: 'Mine', query: 'assignee:me' });

    expect((await owner.savedViews.update({ productId: t.productId, id: mine.id, patch: { pinned: true, query: 'assignee:me is:open' } })).query).toBe(
      'assignee:me is:open',
    );
    await expectDomainError(peer.savedViews.update({ productId: t.productId, id: shared.id, patch: { name: 'Hijacked' } }), 'FORBIDDEN');
    await expectDomainError(peer.savedViews.delete({ productId: t.productId, id: mine.id }), 'FORBIDDEN');
    await expectDomainError(manager.savedViews.update({ productId: t.productId, id: mine.id, patch: { name: 'Nope' } }), 'FORBIDDEN');
    expect((await manager.savedViews.update({ productId: t.productId, id: shared.id, patch: { pinned: true } })).pinned).toBe(true);
    await manager.savedViews.delete({ productId: t.productId, id: shared.id });
    expect((await peer.savedViews.list({ productId: t.productId })).items).toEqual([]);
  });

  it('keeps viewers to private views, and other products out', async () => {
    const t = await team();
    const viewer = await t.member('viewer');
    const view = await viewer.savedViews.create({ productId: t.productId, name: 'Read only', query: '' });
    await expectDomainError(viewer.savedViews.create({ productId: t.productId, name: 'Shared', query: '', shared: true }), 'FORBIDDEN');
    await expectDomainError(viewer.savedViews.update({ productId: t.productId, id: view.id, patch: { shared: true } }), 'FORBIDDEN');
    const other = await team();
    const stranger = await other.member('owner');
    await expectDomainError(stranger.savedViews.delete({ productId: other.productId, id: view.id }), 'NOT_FOUND');
    await expectDomainError(stranger.savedViews.list({ productId: t.productId }), 'NOT_FOUND');
  });

  it('checks names, queries and groupings, and pages the list', async () => {
    const t = await team();
    const me = await t.member('developer');
    await expectInputError(me.savedViews.create({ productId: t.productId, name: ' ', query: '' }), 'name');
    await expectInputError(me.savedViews.create({ productId: t.productId, name: 'Long', query: 'x'.repeat(1001) }), 'query');
    await expectInputError(me.savedViews.create({ productId: t.productId, name: 'G', query: '', groupBy: 'color' as never }), 'groupBy');
    for (let i = 0; i < 5; i++) await me.savedViews.create({ productId: t.productId, name: `View ${i}`, query: '' });
    const first = await me.savedViews.list({ productId: t.productId, limit: 3 });
    const rest = await me.savedViews.list({ productId: t.productId, limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((v) => v.name)).toEqual(['View 0', 'View 1', 'View 2', 'View 3', 'View 4']);
    expect(rest.nextCursor).toBeNull();
  });
});
