import { randomUUID } from 'node:crypto';
import { createClient } from '@baton/client';
import type { Lease } from '@baton/contracts';
import { assertLeaseHolder, createItem, sweepExpiredClaims, updateProduct, type Ctx } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure, settle, useApiServer } from '../support/api-server.ts';
import { expectDomainError } from '../support/expect-error.ts';

// Claims with leases through the real HTTP API: races, expiry (a manual clock), heartbeats, release, the history,
// and the fencing guard other writes use.

const api = useApiServer();

const SECOND = 1000;

async function setup() {
  const team = await buildTeam(api());
  const item = (title = `Item ${randomUUID().slice(0, 6)}`) => createItem(team.owner, { productId: team.productId, type: 'task', title });
  return { ...team, item };
}

const stored = (itemId: string) =>
  api().db.item.findUniqueOrThrow({
    where: { id: itemId },
    select: { status: true, assigneeUserId: true, assigneeAgentId: true, fencingToken: true, version: true, startedAt: true },
  });
const activeClaims = (itemId: string) => api().db.claim.findMany({ where: { itemId, endedAt: null } });
const guard = (ctx: Ctx, itemId: string, token?: number) => api().db.$transaction((tx) => assertLeaseHolder(ctx, tx, itemId, token));

describe('claiming', () => {
  it('gives exactly one of 100 concurrent claimers the item; the other 99 get CLAIM_CONFLICT naming the holder', async () => {
    const { productId, agent, item } = await setup();
    const target = await item('Contended');
    const agents = await Promise.all(Array.from({ length: 100 }, () => agent()));

    const { ok, failed } = await settle(agents.map((a) => a.client.claims.claim.mutate({ productId, ref: target.key })));
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(99);
    const lease = ok[0]!;
    const winner = agents.find((a) => a.principal.apiKeyId === lease.holder.id)!;
    expect(lease).toMatchObject({
      itemId: target.id,
      itemKey: target.key,
      fencingToken: 1,
      holder: { kind: 'agent', name: winner.principal.name },
    });
    for (const error of failed) {
      const f = await failure(Promise.reject(error));
      expect(f.status).toBe(409);
      expect(f.baton?.code).toBe('CLAIM_CONFLICT');
      expect(f.baton?.details).toMatchObject({ holder: lease.holder, heldByYou: false });
      expect(new Date(f.baton?.details?.leaseExpiresAt as string).getTime()).toBe(lease.leaseExpiresAt.getTime());
    }

    expect(await activeClaims(target.id)).toHaveLength(1);
    expect(await stored(target.id)).toMatchObject({
      status: 'in_progress',
      assigneeAgentId: winner.principal.apiKeyId,
      assigneeUserId: null,
      fencingToken: 1,
      version: 2,
    });
    expect(await api().db.activityEvent.count({ where: { itemId: target.id, action: 'claimed' } })).toBe(1);
  });

  it('leases for the product default unless a TTL is given, assigns people and agents, and refuses a second claim by the holder', async () => {
    const { productId, agent, person, item, owner } = await setup();
    // an API key's claim takes the product's agent default (people keep claimTtlSeconds; agent-fleet.int.test.ts)
    expect((await updateProduct(owner, { productId, agentClaimTtlSeconds: 600 })).agentClaimTtlSeconds).toBe(600);
    await expect(updateProduct(owner, { productId, claimTtlSeconds: 5 })).rejects.toThrow(/at least 30 seconds/);
    const target = await item();
    const bot = await agent();
    const start = api().clock.now().getTime();

    const lease = await bot.client.claims.claim.mutate({ productId, ref: target.id });
    expect(lease.leaseExpiresAt.getTime()).toBe(start + 600 * SECOND);
    const s = await stored(target.id);
    expect(s.startedAt?.getTime()).toBe(start);
    const again = await failure(bot.client.claims.claim.mutate({ productId, ref: target.id }));
    expect(again).toMatchObject({ status: 409, baton: { code: 'CLAIM_CONFLICT', details: { heldByYou: true } } });

    await bot.client.claims.release.mutate({ productId, ref: target.id, fencingToken: lease.fencingToken, reason: 'handing over' });
    const dev = await person('developer');
    const mine = await dev.client.claims.claim.mutate({ productId, ref: target.key, ttlSeconds: 45 });
    expect(mine).toMatchObject({ fencingToken: 2, holder: { kind: 'user', id: dev.principal.userId } });
    expect(mine.leaseExpiresAt.getTime()).toBe(start + 45 * SECOND);
    expect(await stored(target.id)).toMatchObject({
      status: 'in_progress',
      assigneeUserId: dev.principal.userId,
      assigneeAgentId: null,
      fencingToken: 2,
    });
  });

  it('refuses finished items with INVALID_TRANSITION and claims an in-progress one without a claim', async () => {
    const { productId, agent, owner, item } = await setup();
    const bot = await agent();
    const done = await item();
    await api().db.item.update({ where: { id: done.id }, data: { status: 'done' } });
    const f = await failure(bot.client.claims.claim.mutate({ productId, ref: done.id }));
    expect(f).toMatchObject({ status: 422, baton: { code: 'INVALID_TRANSITION' } });
    expect(f.message).toContain('done');
    expect(await activeClaims(done.id)).toEqual([]);

    const started = await item();
    await api().db.item.update({
      where: { id: started.id },
      data: { status: 'in_progress', assigneeUserId: (owner.principal as { userId: string }).userId },
    });
    const lease = await bot.client.claims.claim.mutate({ productId, ref: started.id });
    expect(lease.fencingToken).toBe(1);
    // a claim never erases an assignment: the person assigned stays, the lease says who works on it
    expect(await stored(started.id)).toMatchObject({
      status: 'in_progress',
      assigneeAgentId: null,
      assigneeUserId: (owner.principal as { userId: string }).userId,
    });
  });

  it('returns the first lease to a retry with the same idempotency key', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const bot = await agent();
    const first = await bot.client.claims.claim.mutate({ productId, ref: target.id, idempotencyKey: 'claim-once-1' });
    const retry = await bot.client.claims.claim.mutate({ productId, ref: target.id, idempotencyKey: 'claim-once-1' });
    expect(retry).toEqual(first);
    expect(await api().db.claim.count({ where: { itemId: target.id } })).toBe(1);
  });
});

describe('heartbeats', () => {
  it('extend the holder’s lease from now, and answer LEASE_EXPIRED to anyone else or a wrong token', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const [holder, other] = [await agent(), await agent()];
    const lease = await holder.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });
    api().clock.advance(20 * SECOND);

    const renewed = await holder.client.claims.heartbeat.mutate({
      productId,
      ref: target.key,
      fencingToken: lease.fencingToken,
      ttlSeconds: 60,
    });
    expect(renewed).toMatchObject({ claimId: lease.claimId, fencingToken: lease.fencingToken });
    expect(renewed.leaseExpiresAt.getTime()).toBe(api().clock.now().getTime() + 60 * SECOND);
    const defaulted = await holder.client.claims.heartbeat.mutate({ productId, ref: target.key, fencingToken: lease.fencingToken });
    // an API key's default: the product's agentClaimTtlSeconds (5 minutes unless changed)
    expect(defaulted.leaseExpiresAt.getTime()).toBe(api().clock.now().getTime() + 300 * SECOND);

    for (const attempt of [
      () => other.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: lease.fencingToken }),
      () => holder.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: lease.fencingToken + 1 }),
    ]) {
      expect(await failure(attempt())).toMatchObject({ status: 412, baton: { code: 'LEASE_EXPIRED', details: { reason: 'stale_token' } } });
    }
    // heartbeats leave the history alone
    expect(await api().db.activityEvent.count({ where: { itemId: target.id, action: { startsWith: 'claim' } } })).toBe(1);
  });
});

describe('expiry', () => {
  it('the sweep ends a lease past its time: the item returns to open, unassigned, and the old token is refused', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const bot = await agent();
    const lease = await bot.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });

    api().clock.advance(29 * SECOND);
    expect(await sweepExpiredClaims(api().deps, { productId })).toBe(0);
    api().clock.advance(1 * SECOND);
    expect(await sweepExpiredClaims(api().deps, { productId })).toBe(1);
    expect(await sweepExpiredClaims(api().deps, { productId })).toBe(0);

    expect(await activeClaims(target.id)).toEqual([]);
    expect(await stored(target.id)).toMatchObject({ status: 'open', assigneeAgentId: null, assigneeUserId: null, fencingToken: 1 });
    const expired = await api().db.activityEvent.findFirstOrThrow({ where: { itemId: target.id, action: 'claim_expired' } });
    expect(expired).toMatchObject({ actorName: 'system', actorUserId: null, actorAgentId: null });

    const f = await failure(bot.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: lease.fencingToken }));
    expect(f).toMatchObject({ status: 412, baton: { code: 'LEASE_EXPIRED' } });
    await expectDomainError(guard(bot.ctx, target.id, lease.fencingToken), 'LEASE_EXPIRED');
    // without a token the write is allowed again: nobody holds the item
    expect(await guard(bot.ctx, target.id)).toBeNull();
  });

  it('a new claim takes over an expired lease lazily; the old holder’s heartbeat, release and fenced writes are refused', async () => {
    const { productId, agent, person, item } = await setup();
    const target = await item();
    const [first, second] = [await agent(), await agent()];
    const old = await first.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });
    api().clock.advance(31 * SECOND);

    const taken = await second.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 300 });
    expect(taken.fencingToken).toBe(old.fencingToken + 1);
    expect(await activeClaims(target.id)).toEqual([
      expect.objectContaining({ id: taken.claimId, holderAgentId: second.principal.apiKeyId }),
    ]);
    expect(await stored(target.id)).toMatchObject({ status: 'in_progress', assigneeAgentId: second.principal.apiKeyId, fencingToken: 2 });

    const heartbeat = await failure(first.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: old.fencingToken }));
    expect(heartbeat).toMatchObject({ status: 412, baton: { code: 'LEASE_EXPIRED' } });
    const release = await failure(
      first.client.claims.release.mutate({ productId, ref: target.id, fencingToken: old.fencingToken, reason: 'too late' }),
    );
    expect(release).toMatchObject({ status: 412, baton: { code: 'LEASE_EXPIRED' } });

    // the guard of other writes (status, progress, PR links) answers a stale token as heartbeat and release do:
    // the lease is gone (LEASE_EXPIRED), whoever holds the item now; without a token, someone else's lease conflicts
    const lost = await expectDomainError(guard(first.ctx, target.id, old.fencingToken), 'LEASE_EXPIRED');
    expect(lost.details).toEqual({ reason: 'stale_token' });
    const conflict = await expectDomainError(guard(first.ctx, target.id), 'CLAIM_CONFLICT');
    expect(conflict.details).toMatchObject({ holder: { kind: 'agent', id: second.principal.apiKeyId } });
    await expectDomainError(guard((await person()).ctx, target.id), 'CLAIM_CONFLICT');
    // the holder passes with its token, and a stale token of its own is LEASE_EXPIRED
    expect(await guard(second.ctx, target.id, taken.fencingToken)).toMatchObject({
      claimId: taken.claimId,
      fencingToken: taken.fencingToken,
    });
    expect(await guard(second.ctx, target.id)).toMatchObject({ claimId: taken.claimId });
    await expectDomainError(guard(second.ctx, target.id, old.fencingToken), 'LEASE_EXPIRED');

    const history = await second.client.claims.history.query({ productId, ref: target.key });
    expect(history.items.map((c) => [c.fencingToken, c.endReason, c.holder?.id])).toEqual([
      [2, null, second.principal.apiKeyId],
      [1, 'expired', first.principal.apiKeyId],
    ]);
  });

  it('a heartbeat that arrives after the lease ran out ends it as expired and answers LEASE_EXPIRED', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const bot = await agent();
    const lease = await bot.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });
    api().clock.advance(30 * SECOND);
    const f = await failure(bot.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: lease.fencingToken }));
    expect(f).toMatchObject({ status: 412, baton: { code: 'LEASE_EXPIRED', details: { reason: 'expired' } } });
    expect(await activeClaims(target.id)).toEqual([]);
    expect(await stored(target.id)).toMatchObject({ status: 'open', assigneeAgentId: null });
    expect(await api().db.claim.findUniqueOrThrow({ where: { id: lease.claimId } })).toMatchObject({ endReason: 'expired' });
  });
});

describe('release and history', () => {
  it('release returns the item to open and unassigned; the history shows each claim and how it ended, newest first', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const bot = await agent();
    const leases: Lease[] = [];
    for (let i = 0; i < 3; i++) {
      const lease = await bot.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 30 });
      leases.push(lease);
      if (i < 2) {
        const ended = await bot.client.claims.release.mutate({
          productId,
          ref: target.id,
          fencingToken: lease.fencingToken,
          reason: `pass ${i}`,
        });
        expect(ended).toMatchObject({ id: lease.claimId, endReason: 'released', endNote: `pass ${i}`, endedAt: api().clock.now() });
        expect(await stored(target.id)).toMatchObject({ status: 'open', assigneeAgentId: null, assigneeUserId: null });
      }
    }
    api().clock.advance(31 * SECOND);
    expect(await sweepExpiredClaims(api().deps, { productId })).toBe(1);

    const page1 = await bot.client.claims.history.query({ productId, ref: target.id, limit: 2 });
    expect(page1.items.map((c) => [c.fencingToken, c.endReason, c.endNote])).toEqual([
      [3, 'expired', null],
      [2, 'released', 'pass 1'],
    ]);
    expect(page1.items[0]).toMatchObject({
      holder: { kind: 'agent', id: bot.principal.apiKeyId },
      claimedAt: expect.any(Date),
      endedAt: expect.any(Date),
    });
    const page2 = await bot.client.claims.history.query({ productId, ref: target.id, limit: 2, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ fencingToken: 1, endReason: 'released', endNote: 'pass 0' }], nextCursor: null });

    const actions = await api().db.activityEvent.findMany({
      where: { itemId: target.id },
      orderBy: { seq: 'asc' },
      select: { action: true, actorName: true },
    });
    expect(actions.filter((a) => a.action.startsWith('claim')).map((a) => a.action)).toEqual([
      'claimed',
      'claim_released',
      'claimed',
      'claim_released',
      'claimed',
      'claim_expired',
    ]);
  });
});

describe('refusals', () => {
  it('names ttlSeconds and its bounds in a 400', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const bot = await agent();
    const low = await failure(bot.client.claims.claim.mutate({ productId, ref: target.id, ttlSeconds: 5 }));
    expect(low).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT', details: { issues: [{ path: ['ttlSeconds'] }] } } });
    expect(low.message).toContain('ttlSeconds');
    expect(low.message).toContain('at least 30 seconds');
    const high = await failure(bot.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: 1, ttlSeconds: 86_401 }));
    expect(high.status).toBe(400);
    expect(high.message).toContain('at most 86400 seconds');
    expect(await activeClaims(target.id)).toEqual([]);
  });

  it('answers 404 for another organization’s product or item, and 403 to a read-only key', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const outsiders = await buildTeam(api());
    const foreignKey = await outsiders.agent(['admin']);
    const foreignPerson = await outsiders.person('owner');
    for (const client of [foreignKey.client, foreignPerson.client]) {
      expect(await failure(client.claims.claim.mutate({ productId, ref: target.id }))).toMatchObject({
        status: 404,
        baton: { code: 'NOT_FOUND' },
      });
      // their own product with our item's id: still not found
      expect(await failure(client.claims.claim.mutate({ productId: outsiders.productId, ref: target.id }))).toMatchObject({ status: 404 });
    }
    const reader = await agent(['read']);
    expect(await failure(reader.client.claims.claim.mutate({ productId, ref: target.id }))).toMatchObject({
      status: 403,
      baton: { code: 'FORBIDDEN' },
    });
    expect(await failure(reader.client.claims.heartbeat.mutate({ productId, ref: target.id, fencingToken: 1 }))).toMatchObject({
      status: 403,
    });
    expect(await failure(reader.client.claims.release.mutate({ productId, ref: target.id, fencingToken: 1, reason: 'no' }))).toMatchObject({
      status: 403,
    });
    expect((await reader.client.claims.history.query({ productId, ref: target.id })).items).toEqual([]);
    expect(await activeClaims(target.id)).toEqual([]);
  });

  it('answers 403 to a viewer and 401 without credentials', async () => {
    const { productId, person, item } = await setup();
    const target = await item();
    const viewer = await person('viewer');
    expect(await failure(viewer.client.claims.claim.mutate({ productId, ref: target.id }))).toMatchObject({
      status: 403,
      baton: { code: 'FORBIDDEN' },
    });
    const anonymous = createClient({ url: api().url });
    expect(await failure(anonymous.claims.claim.mutate({ productId, ref: target.id }))).toMatchObject({
      status: 401,
      baton: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('general edits of claimed items', () => {
  it('refuses an agent editing or deleting an item another agent holds, through the plain item API too', async () => {
    const { productId, agent, item } = await setup();
    const target = await item();
    const holder = await agent();
    const other = await agent(['admin']);
    await holder.client.claims.claim.mutate({ productId, ref: target.id });
    const current = await holder.client.items.get.query({ productId, ref: target.id });
    const edit = await failure(other.client.items.update.mutate({ productId, ref: target.id, expectedVersion: current.version, patch: { status: 'done' } }));
    expect(edit).toMatchObject({ status: 409, baton: { code: 'CLAIM_CONFLICT' } });
    expect(await failure(other.client.items.delete.mutate({ productId, ref: target.id }))).toMatchObject({ status: 409, baton: { code: 'CLAIM_CONFLICT' } });
    expect((await stored(target.id)).status).toBe('in_progress');
  });

  it('ends the claim when a person finishes or deletes a claimed item', async () => {
    const { productId, agent, person, item } = await setup();
    const [closing, deleting] = [await item(), await item()];
    const bot = await agent();
    const pm = await person('owner');
    for (const t of [closing, deleting]) await bot.client.claims.claim.mutate({ productId, ref: t.id });
    const v = (await stored(closing.id)).version;
    await pm.client.items.update.mutate({ productId, ref: closing.id, expectedVersion: v, patch: { status: 'closed' } });
    await pm.client.items.delete.mutate({ productId, ref: deleting.id });
    for (const t of [closing, deleting]) {
      expect(await activeClaims(t.id)).toEqual([]);
      const [ended] = await api().db.claim.findMany({ where: { itemId: t.id } });
      expect(ended).toMatchObject({ endReason: 'revoked' });
    }
  });
});

describe('bad references', () => {
  it('answers 404, not 500, for an item key whose number is beyond any item', async () => {
    const { productId, agent } = await setup();
    const bot = await agent();
    const product = await api().db.product.findUniqueOrThrow({ where: { id: productId } });
    const f = await failure(bot.client.items.get.query({ productId, ref: `${product.key}-99999999999` }));
    expect(f).toMatchObject({ status: 404, baton: { code: 'NOT_FOUND' } });
    expect((await failure(bot.client.queue.explain.query({ productId, ref: `${product.key}-99999999999` }))).status).toBe(404);
  });
});

describe('active claims of a list', () => {
  it('names the holder of each claimed item in one call, leaves out free, released and expired ones; foreign ids are NOT_FOUND', async () => {
    const { productId, agent, person, item } = await setup();
    const [held, free, released, expired] = await Promise.all([item('Held'), item('Free'), item('Released'), item('Expired')]);
    const bot = await agent();
    const dev = await person('developer');
    const lease = await dev.client.claims.claim.mutate({ productId, ref: held.key });
    const gone = await bot.client.claims.claim.mutate({ productId, ref: released.key });
    await bot.client.claims.release.mutate({ productId, ref: released.key, fencingToken: gone.fencingToken, reason: 'done for now' });
    await bot.client.claims.claim.mutate({ productId, ref: expired.key, ttlSeconds: 30 });
    api().clock.advance(31 * SECOND);
    const other = await setup();
    const foreign = await other.item('Foreign');

    const active = await bot.client.claims.active.query({ productId, itemIds: [held.id, free.id, released.id, expired.id, held.id] });
    // the last heartbeat shows a stale holder (docs/attempts.md); a fresh claim's is its start
    expect(active).toEqual([{ itemId: held.id, itemKey: held.key, holder: lease.holder, leaseExpiresAt: lease.leaseExpiresAt, agent: null, lastHeartbeatAt: expect.any(Date) }]);
    // another product's item (or a missing one) answers like any unknown item
    expect(await failure(bot.client.claims.active.query({ productId, itemIds: [held.id, foreign.id] }))).toMatchObject({ status: 404, baton: { code: 'NOT_FOUND' } });
    const tooMany = await failure(bot.client.claims.active.query({ productId, itemIds: Array.from({ length: 101 }, (_, i) => `id${i}`) }));
    expect(tooMany).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT' } });
  });
});
