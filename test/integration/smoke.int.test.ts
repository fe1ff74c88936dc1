import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

describe('items through the tRPC caller', () => {
  it('creates an item numbered per product and reads it back by key', async () => {
    const { org, product } = await buildOrg(db);
    const dev = await buildUser(db, org.id, 'developer');
    const { caller } = await callerAsUser(deps, dev);
    const a = await caller.items.create({ productId: product.id, type: 'bug', title: 'First' });
    const b = await caller.items.create({ productId: product.id, type: 'task', title: 'Second' });
    expect([a.key, b.key]).toEqual([`${product.key}-1`, `${product.key}-2`]);
    const got = await caller.items.get({ productId: product.id, ref: b.key });
    expect(got).toMatchObject({ id: b.id, title: 'Second', status: 'open', version: 1, reporter: { kind: 'user', id: dev.id } });
  });
});
