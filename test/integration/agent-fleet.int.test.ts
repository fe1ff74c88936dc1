import { createAgentClient, createClient } from '@baton/client';
import { createApiKey, authenticateApiKey, updateProduct } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure, useApiServer } from '../support/api-server.ts';

// Fleets of agents over real HTTP: the Baton-Agent identity recorded on claims, the short default lease for API
// keys (per product and per key), and keys refused when already expired at creation.

const api = useApiServer();
const AGENT = { name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' };
const seconds = (lease: { leaseExpiresAt: Date }) => Math.round((lease.leaseExpiresAt.getTime() - api().clock.now().getTime()) / 1000);

describe('agent identity', () => {
  it('records the client’s Baton-Agent on its claims, shown in the claim history and the active claims', async () => {
    const team = await buildTeam(api());
    const { secret } = await team.agent(['read', 'write']);
    const agent = createAgentClient({ url: api().url, token: secret, productId: team.productId, agent: AGENT });
    const item = await agent.items.create({ type: 'task', title: 'Fleet work' });
    const taken = await agent.items.takeNext();
    expect(taken?.item.id).toBe(item.id);
    const history = await agent.trpc.claims.history.query({ productId: team.productId, ref: item.id });
    expect(history.items[0]!.agent).toEqual(AGENT);
    expect(await agent.trpc.claims.active.query({ productId: team.productId, itemIds: [item.id] })).toEqual([
      expect.objectContaining({ agent: AGENT }),
    ]);
    // a client that says nothing: null, not a guess
    const anonymous = await team.agent(['read', 'write']);
    const other = await agent.items.create({ type: 'task', title: 'Anonymous work' });
    await anonymous.client.claims.claim.mutate({ productId: team.productId, ref: other.id });
    expect((await anonymous.client.claims.history.query({ productId: team.productId, ref: other.id })).items[0]!.agent).toBeNull();
  });

  it('takes the header over REST, and refuses a malformed one with 400 naming Baton-Agent', async () => {
    const team = await buildTeam(api());
    const { secret } = await team.agent(['read', 'write']);
    const item = await createClient({ url: api().url, token: secret }).items.create.mutate({ productId: team.productId, type: 'task', title: 'R' });
    const claim = (agentHeader: string) =>
      fetch(`${api().url}/api/agent/items/${item.key}/claim`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secret}`, 'x-product-id': team.productId, 'baton-agent': agentHeader, 'content-type': 'application/json' },
        body: '{}',
      });
    const bad = await claim('my agent/1; temperature=0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_INPUT', details: { issues: [{ path: ['Baton-Agent'] }] } } });
    expect((await claim('ci-fixer/2.0')).status).toBe(200);
    const history = await createClient({ url: api().url, token: secret }).claims.history.query({ productId: team.productId, ref: item.id });
    expect(history.items[0]!.agent).toEqual({ name: 'ci-fixer', version: '2.0' });
  });
});

describe('default leases', () => {
  it('gives an API key the product’s short agent lease, a person the long one; per product and per key', async () => {
    const team = await buildTeam(api());
    const person = await team.person('developer');
    const key = await team.agent(['read', 'write']);
    const create = (title: string) => person.client.items.create.mutate({ productId: team.productId, type: 'task', title });

    const byKey = await key.client.claims.claim.mutate({ productId: team.productId, ref: (await create('a')).id });
    expect(seconds(byKey)).toBe(300);
    expect(seconds(await key.client.claims.heartbeat.mutate({ productId: team.productId, ref: byKey.itemId, fencingToken: byKey.fencingToken }))).toBe(300);
    expect(seconds(await person.client.claims.claim.mutate({ productId: team.productId, ref: (await create('b')).id }))).toBe(1800);

    await updateProduct(team.owner, { productId: team.productId, agentClaimTtlSeconds: 120 });
    expect(seconds(await key.client.claims.claim.mutate({ productId: team.productId, ref: (await create('c')).id }))).toBe(120);

    const own = await createApiKey(team.owner, { organizationId: team.org.id, name: 'slow-agent', role: 'agent', scopes: ['read', 'write'], claimTtlSeconds: 900 });
    expect(own.key.claimTtlSeconds).toBe(900);
    const slow = createClient({ url: api().url, token: own.secret });
    expect(seconds(await slow.claims.claim.mutate({ productId: team.productId, ref: (await create('d')).id }))).toBe(900);
    // a TTL named by the call still wins
    expect(seconds(await slow.claims.claim.mutate({ productId: team.productId, ref: (await create('e')).id, ttlSeconds: 60 }))).toBe(60);
    expect((await authenticateApiKey(api().deps, own.secret, null)).kind).toBe('agent');
  });
});

describe('API keys', () => {
  it('refuses a key already expired at creation with 400 on expiresAt', async () => {
    const team = await buildTeam(api());
    const owner = await team.person('owner');
    const input = { organizationId: team.org.id, name: 'stillborn', role: 'agent' as const, scopes: ['read' as const] };
    const past = await failure(owner.client.apiKeys.create.mutate({ ...input, expiresAt: new Date(api().clock.now().getTime() - 1000) }));
    expect(past).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT', details: { issues: [{ path: ['expiresAt'] }] } } });
    const future = await owner.client.apiKeys.create.mutate({ ...input, expiresAt: new Date(api().clock.now().getTime() + 86_400_000) });
    expect(future.key.expiresAt).toBeInstanceOf(Date);
  });
});
