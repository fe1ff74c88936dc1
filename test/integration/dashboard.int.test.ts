import { describe, expect, it } from 'vitest';
import { buildProduct, buildUser, callerAsUser } from '../support/builders.ts';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// dashboard.get: what a PM opens first, read through the caller the web app uses; an agent's claim over real HTTP.

const api = useApiServer();
const DAY = 86_400_000;

describe('the product dashboard', () => {
  it('shows work in progress with its holder and lease, blocked items with their blockers, due dates, done work and activity', async () => {
    const t = await buildTeam(api());
    const pmUser = await buildUser(api().db, t.org.id, 'manager');
    const pm = (await callerAsUser(api().deps, pmUser)).caller;
    const agent = await t.agent();
    const create = (title: string, extra: Record<string, unknown> = {}) => pm.items.create({ productId: t.productId, type: 'task', title, ...extra });
    const claimed = await create('Agent work', { priority: 'high' });
    const lease = await agent.client.claims.claim.mutate({ productId: t.productId, ref: claimed.key });
    const blocker = await create('Schema first');
    const waiting = await create('UI after schema');
    await pm.items.links.add({ productId: t.productId, ref: blocker.key, type: 'blocks', to: waiting.key });
    const now = api().clock.now();
    const late = await create('Late', { dueDate: new Date(now.getTime() - 2 * DAY), assigneeUserId: pmUser.id });
    const soon = await create('Soon', { dueDate: new Date(now.getTime() + 3 * DAY) });
    await create('Later', { dueDate: new Date(now.getTime() + 30 * DAY) });
    const finished = await create('Finished', { type: 'bug' });
    await pm.items.update({ productId: t.productId, ref: finished.key, expectedVersion: finished.version, patch: { status: 'done' } });
    // another product of the organization and another organization stay out
    const otherProduct = await buildProduct(api().db, t.org.id);
    await pm.items.create({ productId: otherProduct.id, type: 'bug', title: 'Elsewhere', dueDate: new Date(now.getTime() - DAY) });

    const d = await pm.dashboard.get({ productId: t.productId });
    expect(d.inProgress).toEqual([
      expect.objectContaining({ key: claimed.key, priority: 'high', assignee: { kind: 'agent', name: agent.principal.name }, lease: { holder: { kind: 'agent', name: agent.principal.name }, agentName: null, expiresAt: lease.leaseExpiresAt, lastHeartbeatAt: expect.any(Date) } }),
    ]);
    expect(d.blocked).toEqual([{ id: waiting.id, key: waiting.key, title: 'UI after schema', status: 'open', blockers: [{ id: blocker.id, key: blocker.key, title: 'Schema first', status: 'open' }] }]);
    expect(d.overdue.map((i) => [i.key, i.assignee?.name])).toEqual([[late.key, pmUser.name]]);
    expect(d.dueSoon.map((i) => i.key)).toEqual([soon.key]);
    expect(d.recentlyDone.map((i) => i.key)).toEqual([finished.key]);
    expect(d.activity[0]).toMatchObject({ action: 'status_changed', actorName: pmUser.name, item: { key: finished.key } });
    expect(d.activity.every((a) => a.item?.title !== 'Elsewhere')).toBe(true);
    // the done bug is not open work: counts say open items only
    expect(d.open).toEqual({ total: 6, byType: { bug: 0, feature: 0, task: 6 }, byPriority: { critical: 0, high: 1, medium: 5, low: 0 } });

    // the blocker done: nothing is blocked any more
    await pm.items.update({ productId: t.productId, ref: blocker.key, expectedVersion: blocker.version, patch: { status: 'done' } });
    expect((await pm.dashboard.get({ productId: t.productId })).blocked).toEqual([]);
  });

  it('is NOT_FOUND to people outside the organization, and refuses unknown fields', async () => {
    const t = await buildTeam(api());
    const elsewhere = await buildTeam(api());
    const outsider = (await callerAsUser(api().deps, await buildUser(api().db, elsewhere.org.id, 'owner'))).caller;
    await expect(outsider.dashboard.get({ productId: t.productId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const viewer = (await callerAsUser(api().deps, await buildUser(api().db, t.org.id, 'viewer'))).caller;
    expect((await viewer.dashboard.get({ productId: t.productId })).open.total).toBe(0);
    await expect(viewer.dashboard.get({ productId: t.productId, extra: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
