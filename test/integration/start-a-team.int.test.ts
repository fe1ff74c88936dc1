import { randomUUID } from 'node:crypto';
import { ORGANIZATIONS_PER_DAY, createApiKey, authenticateApiKey, type Principal } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { anonymousCaller, buildOrg, buildProduct, buildUser, callerAsAgent, callerAsUser, callerWithToken, manualClock, testDb, testDeps } from '../support/builders.ts';

// Starting a team through the API: organizations.create (the creator owns it, with its first product), product
// keys (format, unique on the server, races), products.create/archive/unarchive by role, archived products
// read-only at every tRPC write, and tenants kept apart.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

/** A key no other test of the run uses (2-10 upper-case characters, a letter first). */
const freshKey = (prefix = 'K') => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`.replace(/^(.)(\d)/, '$1X$2');

async function newcomer() {
  const user = await buildUser(db, null, null);
  return { user, caller: (await callerAsUser(deps, user)).caller };
}

async function memberOf(organizationId: string, role: 'owner' | 'admin' | 'manager' | 'developer' | 'viewer') {
  const user = await buildUser(db, organizationId, role);
  return (await callerAsUser(deps, user)).caller;
}

describe('organizations.create', () => {
  it('lets a person who just signed up start an organization and its first product, as its owner', async () => {
    const anon = anonymousCaller(deps);
    const email = `founder-${randomUUID().slice(0, 8)}@example.test`;
    const { token } = await anon.auth.signUp({ email, name: 'Founder', password: 'long enough password' });
    const { caller } = await callerWithToken(deps, token);
    expect((await caller.auth.me()).memberships).toEqual([]);

    const key = freshKey('A');
    const created = await caller.organizations.create({ name: '  Acme Inc ', product: { name: 'Acme', key: ` ${key.toLowerCase()} ` } });
    expect(created.organization).toMatchObject({ name: 'Acme Inc' });
    expect(created.organization.slug).toMatch(/^acme-inc(-[0-9a-f]{6})?$/);
    expect(created.product).toMatchObject({ key, name: 'Acme', organizationId: created.organization.id, archivedAt: null });

    const me = await caller.auth.me();
    expect(me.memberships).toEqual([
      { organizationId: created.organization.id, organizationName: 'Acme Inc', role: 'owner', products: [{ id: created.product.id, key, name: 'Acme', formerKeys: [], archivedAt: null, estimateUnit: 'points' }] },
    ]);
    // the owner works in it at once
    const item = await caller.items.create({ productId: created.product.id, type: 'task', title: 'First item' });
    expect(item.key).toBe(`${key}-1`);
  });

  it('refuses malformed names and keys with the field named, unknown fields, and API keys', async () => {
    const { caller } = await newcomer();
    await expectInputError(caller.organizations.create({ name: ' ', product: { name: 'P', key: freshKey() } }), 'name');
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: 'P', key: '1AB' } }), 'product.key');
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: 'P', key: 'A' } }), 'product.key');
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: 'P', key: 'AB-1' } }), 'product.key');
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: 'P', key: 'ABCDEFGHIJK' } }), 'product.key');
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: '', key: freshKey() } }), 'product.name');
    // @ts-expect-error an unknown field is refused, not ignored
    await expectInputError(caller.organizations.create({ name: 'Org', product: { name: 'P', key: freshKey() }, plan: 'gold' }), 'plan');

    const { org } = await buildOrg(db);
    const owner = await buildUser(db, org.id, 'owner');
    const ownerCtx = { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } as Principal };
    const { secret } = await createApiKey(ownerCtx, { organizationId: org.id, name: 'bot', role: 'agent', scopes: ['read', 'write', 'admin'] });
    const agent = callerAsAgent(deps, (await authenticateApiKey(deps, secret, '127.0.0.1')) as Extract<Principal, { kind: 'agent' }>);
    await expectDomainError(agent.organizations.create({ name: 'Bot Org', product: { name: 'P', key: freshKey() } }), 'FORBIDDEN');
    await expectDomainError(agent.products.create({ organizationId: org.id, name: 'P', key: freshKey() }), 'FORBIDDEN');
    await expectDomainError(anonymousCaller(deps).organizations.create({ name: 'Anon', product: { name: 'P', key: freshKey() } }), 'UNAUTHENTICATED');
  });

  it(`limits one person to ${ORGANIZATIONS_PER_DAY} new organizations per day, counted atomically`, async () => {
    const clock = manualClock();
    const timed = testDeps(db, clock.now);
    const user = await buildUser(db, null, null);
    const { caller } = await callerAsUser(timed, user);
    const attempts = Array.from({ length: ORGANIZATIONS_PER_DAY + 2 }, (_, i) =>
      caller.organizations.create({ name: `Busy ${i}`, product: { name: `P${i}`, key: freshKey('B') } }).then(
        () => 'ok',
        (e: { cause?: { code?: string; details?: { retryAfterSeconds?: number } } }) => e.cause?.code,
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(ORGANIZATIONS_PER_DAY);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(2);
    const limited = await expectDomainError(caller.organizations.create({ name: 'One more', product: { name: 'P', key: freshKey('B') } }), 'RATE_LIMITED');
    expect(limited.details?.retryAfterSeconds).toBeGreaterThan(86_000);

    clock.advance(86_400_000 + 1000);
    await expect(caller.organizations.create({ name: 'Next day', product: { name: 'P', key: freshKey('B') } })).resolves.toBeTruthy();
  });
});

describe('product keys', () => {
  it('are unique on the server: within the organization the other product is named, across organizations it is not', async () => {
    const { org, product } = await buildOrg(db);
    const admin = await memberOf(org.id, 'admin');
    const same = await expectDomainError(admin.products.create({ organizationId: org.id, name: 'Twin', key: product.key }), 'CONFLICT');
    expect(same.details?.issues).toEqual([{ path: ['key'], message: `is already used by ${product.name}` }]);

    const { caller } = await newcomer();
    const other = await expectDomainError(caller.organizations.create({ name: 'Elsewhere', product: { name: 'Secret', key: product.key.toLowerCase() } }), 'CONFLICT');
    expect(other.details?.issues).toEqual([{ path: ['key'], message: 'is already taken on this server' }]);
    expect(other.message).not.toContain(product.name);
    // nothing half-made: the refused organization does not exist
    expect((await caller.auth.me()).memberships).toEqual([]);

    // a rename follows the same rule
    const mine = await caller.organizations.create({ name: 'Mine', product: { name: 'Mine', key: freshKey('M') } });
    await expectDomainError(caller.products.update({ productId: mine.product.id, key: product.key }), 'CONFLICT');

    expect(await caller.products.checkKey({ key: product.key.toLowerCase() })).toEqual({ key: product.key, available: false, reason: 'is already taken on this server' });
    const free = freshKey('F');
    expect(await caller.products.checkKey({ key: free })).toEqual({ key: free, available: true, reason: null });
    expect((await caller.products.checkKey({ key: 'a-b' })).available).toBe(false);
  });

  it('goes to exactly one of several requests racing for it, in different organizations and in one', async () => {
    const key = freshKey('R');
    const people = await Promise.all([newcomer(), newcomer(), newcomer(), newcomer()]);
    const results = await Promise.allSettled(people.map((p, i) => p.caller.organizations.create({ name: `Racer ${i}`, product: { name: `Racer ${i}`, key } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r.reason as { cause?: { code?: string } }).cause?.code).toBe('CONFLICT');
    expect(await db.product.count({ where: { key } })).toBe(1);

    const { org } = await buildOrg(db);
    const admins = await Promise.all([memberOf(org.id, 'admin'), memberOf(org.id, 'owner'), memberOf(org.id, 'admin')]);
    const key2 = freshKey('S');
    const inOrg = await Promise.allSettled(admins.map((a, i) => a.products.create({ organizationId: org.id, name: `Same ${i}`, key: key2 })));
    expect(inOrg.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.product.count({ where: { key: key2 } })).toBe(1);
  });
});

describe('products.create, archive and unarchive', () => {
  it('are for owners and admins only; managers rename but do not create or archive', async () => {
    const { org, product } = await buildOrg(db);
    for (const role of ['manager', 'developer', 'viewer'] as const) {
      const caller = await memberOf(org.id, role);
      await expectDomainError(caller.products.create({ organizationId: org.id, name: 'Nope', key: freshKey() }), 'FORBIDDEN');
      await expectDomainError(caller.products.archive({ productId: product.id }), 'FORBIDDEN');
      await expectDomainError(caller.products.unarchive({ productId: product.id }), 'FORBIDDEN');
    }
    const manager = await memberOf(org.id, 'manager');
    expect((await manager.products.update({ productId: product.id, name: 'Renamed by a manager' })).name).toBe('Renamed by a manager');
    const admin = await memberOf(org.id, 'admin');
    const second = await admin.products.create({ organizationId: org.id, name: 'Second', key: freshKey('P') });
    expect(second).toMatchObject({ organizationId: org.id, name: 'Second', archivedAt: null });
    expect((await admin.products.list()).map((p) => p.id).sort()).toEqual([product.id, second.id].sort());
  });

  it('makes an archived product read-only at every write, hidden from lists, readable, and writable again once unarchived', async () => {
    const { org, product } = await buildOrg(db);
    const productId = product.id;
    const owner = await memberOf(org.id, 'owner');
    const item = await owner.items.create({ productId, type: 'bug', title: 'Before archiving' });
    const label = await owner.labels.create({ productId, name: 'kept', color: '#123456' });
    const milestone = await owner.milestones.create({ productId, name: 'M1' });

    const archived = await owner.products.archive({ productId });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    // archiving again changes nothing (and is not an error)
    expect((await owner.products.archive({ productId })).archivedAt).toEqual(archived.archivedAt);

    const writes: [string, () => Promise<unknown>][] = [
      ['items.create', () => owner.items.create({ productId, type: 'task', title: 'After' })],
      ['items.update', () => owner.items.update({ productId, ref: item.id, expectedVersion: item.version, patch: { title: 'Changed' } })],
      ['items.bulkUpdate', () => owner.items.bulkUpdate({ productId, refs: [item.id], change: { priority: 'low' } })],
      ['items.comments.add', () => owner.items.comments.add({ productId, ref: item.id, body: 'Hello' })],
      ['items.setLabels', () => owner.items.setLabels({ productId, ref: item.id, labels: ['kept'] })],
      ['labels.create', () => owner.labels.create({ productId, name: 'new', color: '#654321' })],
      ['labels.update', () => owner.labels.update({ productId, labelId: label.id, name: 'renamed' })],
      ['milestones.update', () => owner.milestones.update({ productId, id: milestone.id, patch: { name: 'M2' } })],
      ['claims.claim', () => owner.claims.claim({ productId, ref: item.id })],
      ['agent.setStatus', () => owner.agent.setStatus({ productId, ref: item.id, status: 'done' })],
      ['products.update', () => owner.products.update({ productId, name: 'Renamed' })],
      ['roadmapSettings.update', () => owner.roadmapSettings.update({ productId, enabled: true })],
    ];
    for (const [name, write] of writes) {
      const error = await expectDomainError(write(), 'PRODUCT_ARCHIVED').catch((e: unknown) => {
        throw new Error(`${name}: ${String(e)}`);
      });
      expect(error.message).toContain('archived');
    }
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).title).toBe('Before archiving');

    // reads still work; lists leave it out unless asked
    expect((await owner.items.get({ productId, ref: item.id })).title).toBe('Before archiving');
    expect((await owner.items.list({ productId })).items.map((i) => i.id)).toEqual([item.id]);
    expect((await owner.products.list()).map((p) => p.id)).not.toContain(productId);
    expect((await owner.products.list({ includeArchived: true })).find((p) => p.id === productId)?.archivedAt).toEqual(archived.archivedAt);
    expect((await owner.auth.me()).memberships[0]!.products[0]).toMatchObject({ id: productId, archivedAt: archived.archivedAt });

    expect((await owner.products.unarchive({ productId })).archivedAt).toBeNull();
    expect((await owner.items.create({ productId, type: 'task', title: 'After unarchiving' })).title).toBe('After unarchiving');
    expect((await owner.products.list()).map((p) => p.id)).toContain(productId);
    const log = await db.activityEvent.findMany({ where: { productId, itemId: null, action: { startsWith: 'product_' } }, orderBy: { seq: 'asc' }, select: { action: true } });
    expect(log.map((e) => e.action)).toEqual(['product_archived', 'product_unarchived']);
  });

  it("takes an archived product's public board off the web", async () => {
    const { org, product } = await buildOrg(db);
    const owner = await memberOf(org.id, 'owner');
    await owner.roadmapSettings.update({ productId: product.id, enabled: true });
    const anon = anonymousCaller(deps);
    expect((await anon.public.board({ productKey: product.key })).product.key).toBe(product.key);
    await owner.products.archive({ productId: product.id });
    await expectDomainError(anon.public.board({ productKey: product.key }), 'NOT_FOUND');
    expect((await anon.public.boards()).map((b) => b.key)).not.toContain(product.key);
  });
});

describe('tenants', () => {
  it("keep organizations apart: nobody sees, creates in, archives or unarchives another organization's products", async () => {
    const a = await buildOrg(db);
    const b = await buildOrg(db);
    const ownerA = await memberOf(a.org.id, 'owner');
    const ownerB = await memberOf(b.org.id, 'owner');
    expect((await ownerA.products.list({ includeArchived: true })).map((p) => p.id)).toEqual([a.product.id]);
    await expectDomainError(ownerA.products.archive({ productId: b.product.id }), 'NOT_FOUND');
    await expectDomainError(ownerA.products.create({ organizationId: b.org.id, name: 'Intruder', key: freshKey() }), 'NOT_FOUND');
    await ownerB.products.archive({ productId: b.product.id });
    await expectDomainError(ownerA.products.unarchive({ productId: b.product.id }), 'NOT_FOUND');
    // an outsider learns nothing about the archived state: still NOT_FOUND, never PRODUCT_ARCHIVED
    await expectDomainError(ownerA.items.create({ productId: b.product.id, type: 'task', title: 'x' }), 'NOT_FOUND');
    expect((await ownerA.auth.me()).memberships.flatMap((m) => m.products.map((p) => p.id))).toEqual([a.product.id]);
    const extra = await buildProduct(db, a.org.id);
    expect((await ownerA.products.list()).map((p) => p.id).sort()).toEqual([a.product.id, extra.id].sort());
  });
});
