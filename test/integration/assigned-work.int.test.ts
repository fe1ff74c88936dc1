import { randomUUID } from 'node:crypto';
import { createItem, updateItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// Human assignment and the agent queue, through the real HTTP API: an item a PM assigned is offered to its assignee
// only (to others when they ask with includeAssigned), a claim never erases an assignment, giving a claim back
// undoes only the assignment the claim made, and every assignee change is in the activity.

const api = useApiServer();
const MINUTE = 60_000;

async function setup() {
  const team = await buildTeam(api());
  const pat = await team.person('developer');
  const bot = await team.agent();
  const item = async (assigneeUserId: string | null = null) => {
    const created = await createItem(team.owner, { productId: team.productId, type: 'task', title: `Item ${randomUUID().slice(0, 6)}` });
    if (!assigneeUserId) return created;
    return updateItem(team.owner, { productId: team.productId, ref: created.id, expectedVersion: created.version, patch: { assigneeUserId } });
  };
  const stored = (id: string) =>
    api().db.item.findUniqueOrThrow({ where: { id }, select: { status: true, assigneeUserId: true, assigneeAgentId: true } });
  /** the item's assignee changes, as the activity records them: [field, before, after] */
  const assigneeChanges = async (itemId: string) =>
    (
      await api().db.activityEvent.findMany({
        where: { itemId, field: { in: ['assigneeUserId', 'assigneeAgentId'] } },
        orderBy: { seq: 'asc' },
        select: { field: true, before: true, after: true, actorName: true },
      })
    ).map((e) => [e.field, e.before, e.after]);
  return { ...team, pat, bot, item, stored, assigneeChanges };
}

describe('work a PM assigned', () => {
  it('is in its assignee’s queue only; agents take it only when they ask, and the assignment stays', async () => {
    const { productId, pat, bot, item, stored, assigneeChanges } = await setup();
    const assigned = await item(pat.principal.userId);
    const keys = async (who: typeof bot | typeof pat, includeAssigned?: boolean) =>
      (await who.client.queue.ready.query({ productId, ...(includeAssigned !== undefined && { includeAssigned }) })).items.map((i) => [i.key, i.reason]);

    expect(await keys(bot)).toEqual([]);
    expect(await keys(pat)).toEqual([[assigned.key, 'open, unclaimed, assigned to you, no blockers']]);
    expect(await keys(bot, true)).toEqual([[assigned.key, `open, unclaimed, assigned to ${pat.principal.name}, no blockers`]]);
    expect(await bot.client.queue.explain.query({ productId, ref: assigned.key })).toEqual({
      ready: false,
      reasons: [`assigned to ${pat.principal.name}: offered to them only (ask with includeAssigned to take it anyway)`],
    });
    expect(await bot.client.queue.explain.query({ productId, ref: assigned.key, includeAssigned: true })).toMatchObject({ ready: true });
    expect(await pat.client.queue.explain.query({ productId, ref: assigned.key })).toEqual({
      ready: true,
      reasons: ['open, unclaimed, assigned to you, no blockers'],
    });

    expect(await bot.client.queue.takeNext.mutate({ productId })).toBeNull();
    const taken = await bot.client.queue.takeNext.mutate({ productId, includeAssigned: true });
    expect(taken?.item.id).toBe(assigned.id);
    expect(await stored(assigned.id)).toMatchObject({ status: 'in_progress', assigneeUserId: pat.principal.userId, assigneeAgentId: null });

    await bot.client.claims.release.mutate({ productId, ref: assigned.id, fencingToken: taken!.lease.fencingToken, reason: 'over to Pat' });
    expect(await stored(assigned.id)).toMatchObject({ status: 'open', assigneeUserId: pat.principal.userId });
    // the PM's assignment is the only assignee change on record: the claim changed none
    expect(await assigneeChanges(assigned.id)).toEqual([['assigneeUserId', null, pat.principal.userId]]);
  });

  it('stays with its assignee when they start and stop work, and when their lease runs out', async () => {
    const { productId, pat, item, stored, assigneeChanges } = await setup();
    const assigned = await item(pat.principal.userId);
    const lease = await pat.client.claims.claim.mutate({ productId, ref: assigned.id });
    await pat.client.claims.release.mutate({ productId, ref: assigned.id, fencingToken: lease.fencingToken, reason: 'Stopped work in VS Code' });
    expect(await stored(assigned.id)).toMatchObject({ status: 'open', assigneeUserId: pat.principal.userId });

    await pat.client.claims.claim.mutate({ productId, ref: assigned.id, ttlSeconds: 60 });
    api().clock.advance(2 * MINUTE);
    expect((await pat.client.queue.ready.query({ productId })).items.map((i) => i.id)).toEqual([assigned.id]);
    expect(await stored(assigned.id)).toMatchObject({ status: 'open', assigneeUserId: pat.principal.userId });
    expect(await assigneeChanges(assigned.id)).toEqual([['assigneeUserId', null, pat.principal.userId]]);
  });
});

describe('work nobody was assigned', () => {
  it('becomes the claimant’s, and giving the claim back (release or expiry) unassigns it again, each change on record', async () => {
    const { productId, bot, pat, item, stored, assigneeChanges } = await setup();
    const free = await item();
    const taken = await bot.client.queue.takeNext.mutate({ productId });
    expect(taken?.item.id).toBe(free.id);
    expect(await stored(free.id)).toMatchObject({ assigneeAgentId: bot.principal.apiKeyId, assigneeUserId: null });
    await bot.client.claims.release.mutate({ productId, ref: free.id, fencingToken: taken!.lease.fencingToken, reason: 'later' });
    expect(await stored(free.id)).toMatchObject({ status: 'open', assigneeAgentId: null, assigneeUserId: null });

    // a person's claim, ended by the lease running out (the sweep of the next queue read)
    await pat.client.claims.claim.mutate({ productId, ref: free.id, ttlSeconds: 60 });
    expect(await stored(free.id)).toMatchObject({ assigneeUserId: pat.principal.userId });
    api().clock.advance(2 * MINUTE);
    await bot.client.queue.ready.query({ productId });
    expect(await stored(free.id)).toMatchObject({ status: 'open', assigneeUserId: null, assigneeAgentId: null });

    expect(await assigneeChanges(free.id)).toEqual([
      ['assigneeAgentId', null, bot.principal.apiKeyId],
      ['assigneeAgentId', bot.principal.apiKeyId, null],
      ['assigneeUserId', null, pat.principal.userId],
      ['assigneeUserId', pat.principal.userId, null],
    ]);
  });

  it('keeps an assignment a person made while the claim was held', async () => {
    const { productId, owner, bot, pat, item, stored } = await setup();
    const free = await item();
    const lease = await bot.client.claims.claim.mutate({ productId, ref: free.id });
    const current = await api().db.item.findUniqueOrThrow({ where: { id: free.id }, select: { version: true } });
    await updateItem(owner, { productId, ref: free.id, expectedVersion: current.version, patch: { assigneeUserId: pat.principal.userId } });
    await bot.client.claims.release.mutate({ productId, ref: free.id, fencingToken: lease.fencingToken, reason: 'Pat has it' });
    expect(await stored(free.id)).toMatchObject({ assigneeUserId: pat.principal.userId, assigneeAgentId: null });
  });
});
