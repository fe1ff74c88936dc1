import { DomainError } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof DomainError ? cause.code : String(e);
  }
}

describe('members and roles', () => {
  it('keeps at least one owner and never lets anyone grant above their own role', async () => {
    const { org } = await buildOrg(db);
    const owner = await buildUser(db, org.id, 'owner');
    const admin = await buildUser(db, org.id, 'admin');
    const dev = await buildUser(db, org.id, 'developer');
    const asOwner = (await callerAsUser(deps, owner)).caller;
    const asAdmin = (await callerAsUser(deps, admin)).caller;
    const asDev = (await callerAsUser(deps, dev)).caller;

    const list = await asDev.members.list({ organizationId: org.id });
    expect(list.items.map((m) => m.id).sort()).toEqual([owner.id, admin.id, dev.id].sort());
    expect(list.items[0]).not.toHaveProperty('passwordHash');

    expect(await codeOf(asOwner.members.setRole({ organizationId: org.id, userId: owner.id, role: 'admin' }))).toBe('CONFLICT');
    expect(await codeOf(asOwner.members.remove({ organizationId: org.id, userId: owner.id }))).toBe('CONFLICT');
    expect(await codeOf(asAdmin.members.setRole({ organizationId: org.id, userId: dev.id, role: 'owner' }))).toBe('FORBIDDEN');
    expect(await codeOf(asAdmin.members.remove({ organizationId: org.id, userId: owner.id }))).toBe('FORBIDDEN');
    expect(await codeOf(asDev.members.setRole({ organizationId: org.id, userId: dev.id, role: 'manager' }))).toBe('FORBIDDEN');

    const promoted = await asAdmin.members.setRole({ organizationId: org.id, userId: dev.id, role: 'manager' });
    expect(promoted.role).toBe('manager');
    await asOwner.members.setRole({ organizationId: org.id, userId: admin.id, role: 'owner' });
    // with a second owner, the first may step down
    expect((await asOwner.members.setRole({ organizationId: org.id, userId: owner.id, role: 'admin' })).role).toBe('admin');
    await asAdmin.members.remove({ organizationId: org.id, userId: dev.id });
    expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(2);
  });

  it('lists only the products of the caller’s organizations', async () => {
    const a = await buildOrg(db);
    const b = await buildOrg(db);
    const user = await buildUser(db, a.org.id, 'viewer');
    const { caller } = await callerAsUser(deps, user);
    const products = await caller.products.list();
    expect(products.map((p) => p.id)).toEqual([a.product.id]);
    expect(products.map((p) => p.id)).not.toContain(b.product.id);
  });
});
