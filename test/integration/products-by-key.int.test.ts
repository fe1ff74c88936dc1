import { BatonError, createAgentClient } from '@baton/client';
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { expectDomainError } from '../support/expect-error.ts';
import { buildTeam, useApiServer } from '../support/api-server.ts';
import { buildOrg, buildProduct, callerAsUser } from '../support/builders.ts';

// A product is named by key (any case) or id wherever the API takes one: resolved once, by core's
// resolveProductId, for tRPC inputs, x-product-id, REST, the typed client, the CLI, the MCP server and the extension.

const api = useApiServer();
const userIdOf = (ctx: core.Ctx) => (ctx.principal.kind === 'user' ? ctx.principal.userId : '');

describe('products by key or id', () => {
  it('resolves a key in any case, a former key, and an id; an unknown key is NOT_FOUND like an unknown id', async () => {
    const { owner, product, productId } = await buildTeam(api());
    expect(await core.resolveProductId(owner, product.key)).toBe(productId);
    expect(await core.resolveProductId(owner, product.key.toLowerCase())).toBe(productId);
    expect(await core.resolveProductId(owner, productId)).toBe(productId);
    await expectDomainError(core.resolveProductId(owner, 'NOSUCH'), 'NOT_FOUND');
    // a renamed product still answers to its old key; a key someone else's product has is not found
    const renamed = await core.updateProduct(owner, { productId, key: `${product.key.slice(0, 6)}NW` });
    expect(await core.resolveProductId(owner, product.key)).toBe(productId);
    expect(await core.resolveProductId(owner, renamed.key.toLowerCase())).toBe(productId);
    const stranger = await buildOrg(api().db);
    await expectDomainError(core.resolveProductId(owner, stranger.product.key), 'NOT_FOUND');
  });

  it('asks for the id when a key names two products the person can reach (two organizations)', async () => {
    const { owner, product, org } = await buildTeam(api());
    const other = await buildOrg(api().db);
    await api().db.membership.create({ data: { userId: userIdOf(owner), organizationId: other.org.id, role: 'owner' } });
    await api().db.product.update({ where: { id: other.product.id }, data: { key: product.key } });
    const error = await expectDomainError(core.resolveProductId(owner, product.key), 'BAD_INPUT');
    expect(error.message).toContain('send the product id');
    // by id each is still reachable, and a second product of the first organization keeps its own key
    expect(await core.resolveProductId(owner, other.product.id)).toBe(other.product.id);
    const second = await buildProduct(api().db, org.id);
    expect(await core.resolveProductId(owner, second.key)).toBe(second.id);
  });

  it('takes a key for productId in tRPC inputs and in x-product-id; products.get answers by either', async () => {
    const { owner, product, productId } = await buildTeam(api());
    const { caller } = await callerAsUser(api().deps, { id: userIdOf(owner) });
    const item = await caller.items.create({ productId: product.key.toLowerCase(), type: 'task', title: 'Filed by key' });
    expect(item.key).toBe(`${product.key}-${item.number}`);
    expect((await caller.items.get({ productId: product.key, ref: item.key })).id).toBe(item.id);
    expect(await caller.products.get({ productId: product.key.toLowerCase() })).toMatchObject({ id: productId, key: product.key });
    expect(await caller.products.get({ productId })).toMatchObject({ id: productId, key: product.key });
    await expectDomainError(caller.products.get({ productId: 'NOSUCH' }), 'NOT_FOUND');
  });

  it('lets createAgentClient work by product key: ready, takeNext, claim by key, heartbeat, release', async () => {
    const team = await buildTeam(api());
    const { secret } = await core.createApiKey(team.owner, { organizationId: team.org.id, name: 'by key', role: 'agent', scopes: ['write'] });
    const baton = createAgentClient({ url: api().url, token: secret, productId: team.product.key.toLowerCase() });
    const filed = await baton.items.create({ type: 'task', title: 'Queue by key', labels: ['agent'] });
    expect((await baton.items.ready({ label: ['agent'] })).items.map((i) => i.id)).toEqual([filed.id]);
    expect(await baton.items.explain(filed.key)).toMatchObject({ ready: true });
    const next = await baton.items.takeNext({ label: ['agent'] });
    expect(next?.item.id).toBe(filed.id);
    const renewed = await baton.items.heartbeat(next!.lease);
    expect((await baton.items.release(renewed, 'by key')).endReason).toBe('released');
    // a key the agent's organization does not have is NOT_FOUND, as an unknown id is
    const lost = createAgentClient({ url: api().url, token: secret, productId: 'NOSUCH' });
    const e = await lost.items.ready().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatonError);
    expect((e as BatonError).code).toBe('NOT_FOUND');
  });

  it('refuses a key over the raw client to a caller without a session, as UNAUTHENTICATED, before any lookup', async () => {
    const { product } = await buildTeam(api());
    const anonymous = createAgentClient({ url: api().url, token: 'bat_not-a-key', productId: product.key, retries: 0 });
    const refused = await anonymous.items.ready().then(() => null, (x: unknown) => x as BatonError);
    expect(refused?.code).toBe('UNAUTHENTICATED');
  });
});
