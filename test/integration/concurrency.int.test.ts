import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function setup() {
  const { org, product } = await buildOrg(db);
  const { caller } = await callerAsUser(deps, await buildUser(db, org.id, 'developer'));
  return { caller, productId: product.id, product };
}

describe('racing writers', () => {
  it('lets exactly one of 50 parallel updates with the same expectedVersion win', async () => {
    const { caller, productId } = await setup();
    const item = await caller.items.create({ productId, type: 'bug', title: 'Contended' });

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        caller.items.update({ productId, ref: item.id, expectedVersion: 1, patch: { title: `Writer ${i}` } }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    const winners = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    const losers = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const error of losers) {
      const conflict = await expectDomainError(Promise.reject(error), 'CONFLICT');
      expect(conflict.details).toEqual({ currentVersion: 2, fields: ['title'] });
    }

    const winner = winners[0]!;
    expect(winner.version).toBe(2);
    const stored = await db.item.findUniqueOrThrow({ where: { id: item.id }, select: { version: true, title: true } });
    expect(stored).toEqual({ version: 2, title: winner.title });
    const events = await db.activityEvent.findMany({ where: { itemId: item.id, action: 'updated', field: 'title' }, select: { before: true, after: true } });
    expect(events).toEqual([{ before: 'Contended', after: winner.title }]);
  });

  it('gives 20 parallel creates in one product 20 distinct consecutive numbers', async () => {
    const { caller, productId, product } = await setup();
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => caller.items.create({ productId, type: 'task', title: `Parallel ${i}`, labels: ['shared'] })));

    expect(created.map((i) => i.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(created.map((i) => i.key)).size).toBe(20);
    expect(created.every((i) => i.key === `${product.key}-${i.number}`)).toBe(true);
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).nextItemNumber).toBe(21);
    // the label they all asked for exists once
    expect((await caller.labels.list({ productId })).map((l) => l.name)).toEqual(['shared']);
  });
});
