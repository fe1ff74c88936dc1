import { randomUUID } from 'node:crypto';
import type { CreateItemInput, ItemPriority } from '@baton/contracts';
import { addLink, createItem, deleteItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure, settle, useApiServer } from '../support/api-server.ts';

// The ready queue, readiness explanations and takeNext through the real HTTP API, on a clock the test moves.

const api = useApiServer();

const SECOND = 1000;

async function setup() {
  const team = await buildTeam(api());
  const item = (input: Partial<CreateItemInput> = {}) =>
    createItem(team.owner, { productId: team.productId, type: 'task', title: `Item ${randomUUID().slice(0, 6)}`, ...input });
  const blocks = (blocker: { id: string }, blocked: { id: string }) =>
    addLink(team.owner, { productId: team.productId, ref: blocker.id, type: 'blocks', to: blocked.id });
  return { ...team, item, blocks };
}

/** Sets the stored status directly (the transition rules are not what these tests are about). */
const setStatus = (itemId: string, status: 'open' | 'in_progress' | 'done' | 'closed' | 'wont_fix') =>
  api().db.item.update({ where: { id: itemId }, data: { status } });
/** Creation times a millisecond apart can tie; age-order tests pin them. */
const ageBy = (itemId: string, minutesAgo: number) =>
  api().db.item.update({ where: { id: itemId }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });

describe('the ready queue', () => {
  it('honours blockers across status changes, and explain names the blocker', async () => {
    const { productId, agent, owner, item, blocks } = await setup();
    const a = await item({ title: 'Blocker' });
    const b = await item({ title: 'Blocked' });
    await blocks(a, b);
    const { client } = await agent(['read']);
    const ready = async () => (await client.queue.ready.query({ productId })).items.map((i) => i.key);

    expect(await ready()).toEqual([a.key]);
    expect(await client.queue.explain.query({ productId, ref: b.key })).toEqual({ ready: false, reasons: [`blocked by ${a.key} (open)`] });

    await setStatus(a.id, 'done');
    expect(await ready()).toEqual([b.key]);
    const page = await client.queue.ready.query({ productId });
    expect(page.items[0]?.reason).toBe('open, unclaimed, 1 blocker done');
    expect(await client.queue.explain.query({ productId, ref: b.id })).toEqual({
      ready: true,
      reasons: ['open, unclaimed, 1 blocker done'],
    });
    expect(await client.queue.explain.query({ productId, ref: a.id })).toEqual({ ready: false, reasons: ['status is done'] });

    await setStatus(a.id, 'open');
    expect(await ready()).toEqual([a.key]);
    expect((await client.queue.explain.query({ productId, ref: b.id })).reasons).toEqual([`blocked by ${a.key} (open)`]);

    await setStatus(a.id, 'wont_fix');
    expect(await ready()).toEqual([]);
    expect((await client.queue.explain.query({ productId, ref: b.id })).reasons).toEqual([`blocked by ${a.key} (wont_fix)`]);

    await setStatus(a.id, 'closed');
    expect(await ready()).toEqual([b.key]);

    // a second blocker, then the first one deleted: only live blockers count
    const c = await item({ title: 'Second blocker' });
    await blocks(c, b);
    await setStatus(a.id, 'in_progress');
    expect((await client.queue.explain.query({ productId, ref: b.id })).reasons).toEqual([
      `blocked by ${a.key} (in_progress)`,
      `blocked by ${c.key} (open)`,
    ]);
    await setStatus(c.id, 'done');
    await deleteItem(owner, { productId, ref: a.id });
    expect((await client.queue.ready.query({ productId })).items.map((i) => [i.key, i.reason])).toEqual([
      [b.key, 'open, unclaimed, 1 blocker done'],
    ]);
    expect(await client.queue.explain.query({ productId, ref: a.id })).toEqual({
      ready: false,
      reasons: ['deleted', 'status is in_progress'],
    });
  });

  it('leaves out claimed items until their lease runs out, and explain says who holds them until when', async () => {
    const { productId, agent, item } = await setup();
    const target = await item({ title: 'Claimed' });
    const holder = await agent(['write'], 'agent-7');
    const lease = await holder.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });

    expect((await holder.client.queue.ready.query({ productId })).items).toEqual([]);
    expect(await holder.client.queue.explain.query({ productId, ref: target.key })).toEqual({
      ready: false,
      reasons: ['status is in_progress', `claimed by agent-7 until ${lease.leaseExpiresAt.toISOString()}`],
    });
    // someone set it back to open without releasing: still claimed
    await setStatus(target.id, 'open');
    expect((await holder.client.queue.ready.query({ productId })).items).toEqual([]);
    expect((await holder.client.queue.explain.query({ productId, ref: target.key })).reasons).toEqual([
      `claimed by agent-7 until ${lease.leaseExpiresAt.toISOString()}`,
    ]);

    api().clock.advance(30 * SECOND);
    // reading the queue ends the expired lease: the item is free again
    expect((await holder.client.queue.ready.query({ productId })).items.map((i) => i.id)).toEqual([target.id]);
    expect(await api().db.claim.findUniqueOrThrow({ where: { id: lease.claimId } })).toMatchObject({
      endReason: 'expired',
      endedAt: api().clock.now(),
    });
    expect(await holder.client.queue.explain.query({ productId, ref: target.key })).toEqual({
      ready: true,
      reasons: ['open, unclaimed, no blockers'],
    });
  });

  it('expires a lapsed lease on explain too, putting an in-progress item back to open', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const holder = await agent();
    await holder.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });
    api().clock.advance(31 * SECOND);
    expect(await holder.client.queue.explain.query({ productId, ref: target.id })).toEqual({
      ready: true,
      reasons: ['open, unclaimed, no blockers'],
    });
    expect(await api().db.item.findUniqueOrThrow({ where: { id: target.id }, select: { status: true, assigneeAgentId: true } })).toEqual({
      status: 'open',
      assigneeAgentId: null,
    });
  });

  it('orders by priority, most urgent first, then oldest first, and pages with a cursor that survives claims', async () => {
    const { productId, agent, item } = await setup();
    const made: Record<string, { id: string; key: string }> = {};
    const plan: [name: string, priority: ItemPriority, minutesAgo: number][] = [
      ['low-old', 'low', 50],
      ['critical-new', 'critical', 1],
      ['medium', 'medium', 30],
      ['critical-old', 'critical', 40],
      ['high', 'high', 5],
      ['medium-new', 'medium', 2],
    ];
    for (const [name, priority, minutesAgo] of plan) {
      made[name] = await item({ title: name, priority });
      await ageBy(made[name].id, minutesAgo);
    }
    const order = ['critical-old', 'critical-new', 'high', 'medium', 'medium-new', 'low-old'].map((n) => made[n]!.key);
    const bot = await agent();
    expect((await bot.client.queue.ready.query({ productId })).items.map((i) => i.key)).toEqual(order);

    const first = await bot.client.queue.ready.query({ productId, limit: 2 });
    expect(first.items.map((i) => i.key)).toEqual(order.slice(0, 2));
    // the last item of the page is claimed before the next page is read: the cursor still continues after it
    await bot.client.claims.claim.mutate({ productId, ref: first.items[1]!.id });
    const second = await bot.client.queue.ready.query({ productId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.key)).toEqual(order.slice(2, 4));
    const third = await bot.client.queue.ready.query({ productId, limit: 2, cursor: second.nextCursor! });
    expect(third).toMatchObject({ items: order.slice(4).map((key) => ({ key })), nextCursor: null });

    const bad = await failure(bot.client.queue.ready.query({ productId, cursor: 'not-a-cursor' }));
    expect(bad).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT', details: { issues: [{ path: ['cursor'] }] } } });
  });

  it('filters by label, type, priority, milestone and the query language', async () => {
    const { productId, agent, item } = await setup();
    const milestone = await api().db.milestone.create({ data: { productId, name: `M-${randomUUID().slice(0, 6)}` } });
    const bug = await item({ type: 'bug', priority: 'high', labels: ['backend'], title: 'Crash on login' });
    const feature = await item({ type: 'feature', priority: 'low', labels: ['frontend'], milestoneId: milestone.id, title: 'Dark mode' });
    const task = await item({ type: 'task', priority: 'critical', labels: ['backend', 'ops'], title: 'Rotate certificates' });
    const { client } = await agent(['read']);
    const keys = async (filter: Record<string, unknown>) =>
      (await client.queue.ready.query({ productId, ...filter })).items.map((i) => i.key);

    expect(await keys({ label: ['backend'] })).toEqual([task.key, bug.key]);
    expect(await keys({ label: ['frontend', 'ops'] })).toEqual([task.key, feature.key]);
    expect(await keys({ type: ['bug', 'feature'] })).toEqual([bug.key, feature.key]);
    expect(await keys({ priority: ['high', 'low'] })).toEqual([bug.key, feature.key]);
    expect(await keys({ milestoneId: milestone.id })).toEqual([feature.key]);
    expect(await keys({ label: ['backend'], type: ['bug'] })).toEqual([bug.key]);
    expect(await keys({ query: 'priority:>=high -label:ops' })).toEqual([bug.key]);
    expect(await keys({ query: 'crash' })).toEqual([bug.key]);
    // the query narrows the queue; it cannot widen it past the ready conditions
    expect(await keys({ query: 'status:done' })).toEqual([]);
    const bad = await failure(client.queue.ready.query({ productId, query: 'nokey:x' }));
    expect(bad).toMatchObject({ status: 400, baton: { code: 'BAD_QUERY' } });
  });

  it('answers 404 for another organization’s product and items', async () => {
    const { productId, item } = await setup();
    const target = await item();
    const outsiders = await buildTeam(api());
    const { client } = await outsiders.agent(['admin']);
    expect(await failure(client.queue.ready.query({ productId }))).toMatchObject({ status: 404, baton: { code: 'NOT_FOUND' } });
    expect(await failure(client.queue.explain.query({ productId, ref: target.id }))).toMatchObject({ status: 404 });
    expect(await failure(client.queue.explain.query({ productId: outsiders.productId, ref: target.id }))).toMatchObject({ status: 404 });
    expect(await failure(client.queue.takeNext.mutate({ productId }))).toMatchObject({ status: 404 });
  });
});

describe('takeNext', () => {
  it('gives 50 agents calling at once 50 different items, each claimed once', async () => {
    const { productId, agent, item } = await setup();
    const items = await Promise.all(Array.from({ length: 50 }, (_, i) => item({ title: `Work ${i}` })));
    const agents = await Promise.all(Array.from({ length: 50 }, () => agent()));

    const { ok, failed } = await settle(agents.map((a) => a.client.queue.takeNext.mutate({ productId, ttlSeconds: 600 })));
    expect(failed).toEqual([]);
    expect(ok.every((r) => r !== null)).toBe(true);
    const taken = ok.map((r) => r!);
    expect(new Set(taken.map((r) => r.item.id)).size).toBe(50);
    expect(new Set(taken.map((r) => r.lease.holder.id)).size).toBe(50);
    for (const { item: got, lease } of taken) {
      expect(got).toMatchObject({ status: 'in_progress', assignee: lease.holder });
      expect(lease).toMatchObject({ itemId: got.id, itemKey: got.key, fencingToken: 1 });
    }
    const claims = await api().db.claim.groupBy({ by: ['itemId'], where: { itemId: { in: items.map((i) => i.id) } }, _count: true });
    expect(claims).toHaveLength(50);
    expect(claims.every((c) => c._count === 1)).toBe(true);

    expect(await agents[0]!.client.queue.takeNext.mutate({ productId })).toBeNull();
  });

  it('takes the most urgent ready item, skipping blocked, claimed and filtered-out ones', async () => {
    const { productId, agent, item, blocks } = await setup();
    const blocker = await item({ title: 'Blocker', priority: 'low' });
    const blocked = await item({ title: 'Blocked', priority: 'critical' });
    await blocks(blocker, blocked);
    const claimed = await item({ title: 'Claimed', priority: 'high' });
    const other = await agent();
    await other.client.claims.claim.mutate({ productId, ref: claimed.id });
    await setStatus(claimed.id, 'open');
    const medium = await item({ title: 'Medium', priority: 'medium', labels: ['docs'] });

    const bot = await agent(['write'], 'taker');
    const docs = await bot.client.queue.takeNext.mutate({ productId, label: ['docs'] });
    expect(docs).toMatchObject({
      item: { id: medium.id, status: 'in_progress', assignee: { kind: 'agent', name: 'taker' } },
      lease: { itemId: medium.id },
    });
    expect(await bot.client.queue.takeNext.mutate({ productId, label: ['docs'] })).toBeNull();
    const next = await bot.client.queue.takeNext.mutate({ productId, ttlSeconds: 120 });
    expect(next?.item.id).toBe(blocker.id);
    expect(next?.lease.leaseExpiresAt.getTime()).toBe(api().clock.now().getTime() + 120 * SECOND);
    expect(await bot.client.queue.takeNext.mutate({ productId })).toBeNull();
  });

  it('is refused to a read-only key and a viewer, and replays with an idempotency key', async () => {
    const { productId, agent, person, item } = await setup();
    await item();
    const reader = await agent(['read']);
    expect(await failure(reader.client.queue.takeNext.mutate({ productId }))).toMatchObject({ status: 403, baton: { code: 'FORBIDDEN' } });
    const viewer = await person('viewer');
    expect(await failure(viewer.client.queue.takeNext.mutate({ productId }))).toMatchObject({ status: 403 });

    const bot = await agent();
    const first = await bot.client.queue.takeNext.mutate({ productId, idempotencyKey: 'take-next-1' });
    expect(first).not.toBeNull();
    expect(await bot.client.queue.takeNext.mutate({ productId, idempotencyKey: 'take-next-1' })).toEqual(first);
    expect(await bot.client.queue.takeNext.mutate({ productId })).toBeNull();
  });

  it('hands out an item whose lease lapsed', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const [gone, next] = [await agent(), await agent()];
    const lapsed = await gone.client.queue.takeNext.mutate({ productId, ttlSeconds: 30 });
    expect(await next.client.queue.takeNext.mutate({ productId })).toBeNull();
    api().clock.advance(31 * SECOND);
    const taken = await next.client.queue.takeNext.mutate({ productId });
    expect(taken).toMatchObject({ item: { id: target.id }, lease: { fencingToken: 2, holder: { id: next.principal.apiKeyId } } });
    expect(await api().db.claim.findUniqueOrThrow({ where: { id: lapsed!.lease.claimId } })).toMatchObject({ endReason: 'expired' });
  });
});
