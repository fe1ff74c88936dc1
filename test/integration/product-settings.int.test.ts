import { afterAll, describe, expect, it } from 'vitest';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { buildOrg, buildProduct, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';

// Product configuration: custom field definitions (and item values checked against them), label edits, key changes.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function productWith(role: 'manager' | 'developer' = 'manager') {
  const { org, product } = await buildOrg(db);
  const user = await buildUser(db, org.id, role);
  return { org, product, caller: (await callerAsUser(deps, user)).caller };
}

describe('custom fields', () => {
  it('validates definitions: key format, unique keys, options only (and always) for select fields', async () => {
    const { org, product, caller } = await productWith();
    const productId = product.id;
    await expectInputError(caller.customFields.create({ productId, key: 'Tier', name: 'Tier', kind: 'text' }), 'key');
    await expectInputError(caller.customFields.create({ productId, key: 'tier', name: 'Tier', kind: 'select' }), 'options');
    await expectInputError(caller.customFields.create({ productId, key: 'tier', name: 'Tier', kind: 'text', options: ['a'] }), 'options');
    await expectInputError(caller.customFields.create({ productId, key: 'tier', name: 'Tier', kind: 'select', options: ['a', 'a'] }), 'options');
    await expectInputError(caller.customFields.create({ productId, key: 'tier', name: ' ', kind: 'text' }), 'name');

    const tier = await caller.customFields.create({ productId, key: 'tier', name: 'Tier', kind: 'select', options: ['gold', 'silver'] });
    expect(tier).toMatchObject({ key: 'tier', kind: 'select', options: ['gold', 'silver'] });
    const dup = await expectDomainError(caller.customFields.create({ productId, key: 'tier', name: 'Again', kind: 'text' }), 'CONFLICT');
    expect(dup.details?.issues).toEqual([{ path: ['key'], message: 'is already used by another field' }]);

    const seats = await caller.customFields.create({ productId, key: 'seats', name: 'Seats', kind: 'number' });
    await expectDomainError(caller.customFields.update({ productId, fieldId: seats.id, options: ['x'] }), 'BAD_INPUT');
    await expectDomainError(caller.customFields.update({ productId, fieldId: tier.id, options: [] }), 'BAD_INPUT');
    const renamed = await caller.customFields.update({ productId, fieldId: tier.id, name: 'Customer tier', options: ['gold', 'silver', 'bronze'] });
    expect(renamed).toMatchObject({ name: 'Customer tier', options: ['gold', 'silver', 'bronze'] });
    expect((await caller.customFields.list({ productId })).map((f) => f.key)).toEqual(['tier', 'seats']);

    // a developer reads definitions but cannot change them; another product's field is not found
    const dev = (await callerAsUser(deps, await buildUser(db, org.id, 'developer'))).caller;
    expect(await dev.customFields.list({ productId })).toHaveLength(2);
    await expectDomainError(dev.customFields.delete({ productId, fieldId: seats.id }), 'FORBIDDEN');
    const other = await buildProduct(db, org.id);
    await expectDomainError(caller.customFields.delete({ productId: other.id, fieldId: seats.id }), 'NOT_FOUND');
    await caller.customFields.delete({ productId, fieldId: seats.id });
    expect((await caller.customFields.list({ productId })).map((f) => f.key)).toEqual(['tier']);
  });

  it('checks item values against the definitions on create and update, naming each bad field', async () => {
    const { product, caller } = await productWith();
    const productId = product.id;
    await caller.customFields.create({ productId, key: 'tier', name: 'Tier', kind: 'select', options: ['gold', 'silver'] });
    await caller.customFields.create({ productId, key: 'seats', name: 'Seats', kind: 'number' });
    await caller.customFields.create({ productId, key: 'renewal', name: 'Renewal', kind: 'date' });
    await caller.customFields.create({ productId, key: 'note', name: 'Note', kind: 'text' });

    const bad = await expectDomainError(
      caller.items.create({ productId, type: 'task', title: 'Bad values', customFields: { tier: 'platinum', seats: 'many', renewal: '2026-13-45', note: 3, nope: 'x' } }),
      'BAD_INPUT',
    );
    const issues = (bad.details?.issues as { path: string[] }[]).map((i) => i.path.join('.'));
    expect(issues.sort()).toEqual(['customFields.nope', 'customFields.note', 'customFields.renewal', 'customFields.seats', 'customFields.tier']);

    const item = await caller.items.create({ productId, type: 'task', title: 'Good values', customFields: { tier: 'gold', seats: 25, renewal: '2027-01-31', note: 'VIP' } });
    expect(item.customFields).toEqual({ tier: 'gold', seats: 25, renewal: '2027-01-31', note: 'VIP' });
    await expectDomainError(caller.items.update({ productId, ref: item.id, expectedVersion: item.version, patch: { customFields: { tier: 'bronze' } } }), 'BAD_INPUT');
    const cleared = await caller.items.update({ productId, ref: item.id, expectedVersion: item.version, patch: { customFields: { tier: 'silver', seats: null } } });
    expect(cleared.customFields).toEqual({ tier: 'silver', seats: null });
  });
});

describe('labels', () => {
  it('renames and recolors a label, refusing duplicate names and colors that are not #rrggbb', async () => {
    const { product, caller } = await productWith();
    const productId = product.id;
    const bug = await caller.labels.create({ productId, name: 'bug', color: '#ff0000' });
    await caller.labels.create({ productId, name: 'ui' });
    const item = await caller.items.create({ productId, type: 'bug', title: 'Labelled', labels: ['bug'] });

    const renamed = await caller.labels.update({ productId, labelId: bug.id, name: 'defect', color: '#00AA11' });
    expect(renamed).toEqual({ id: bug.id, name: 'defect', color: '#00AA11' });
    expect((await caller.items.get({ productId, ref: item.id })).labels.map((l) => l.name)).toEqual(['defect']);

    const dup = await expectDomainError(caller.labels.update({ productId, labelId: bug.id, name: 'ui' }), 'CONFLICT');
    expect(dup.details?.issues).toEqual([{ path: ['name'], message: 'is already used by another label' }]);
    for (const color of ['red', '#fff', '#12345g', 'url(javascript:x)', '#000000;background:red', '#00000000']) {
      await expectInputError(caller.labels.update({ productId, labelId: bug.id, color }), 'color');
    }
    await expectInputError(caller.labels.update({ productId, labelId: bug.id }), 'input');

    // markup is stored as text (the web app renders it inert; see settings.e2e.test.ts)
    const xss = await caller.labels.update({ productId, labelId: bug.id, name: '<img src=x onerror=alert(1)>' });
    expect(xss.name).toBe('<img src=x onerror=alert(1)>');

    const other = await productWith();
    await expectDomainError(other.caller.labels.update({ productId, labelId: bug.id, name: 'mine' }), 'NOT_FOUND');
    await expectDomainError(other.caller.labels.update({ productId: other.product.id, labelId: bug.id, name: 'mine' }), 'NOT_FOUND');
    const dev = await productWith('developer');
    await expectDomainError(dev.caller.labels.update({ productId: dev.product.id, labelId: bug.id, name: 'x' }), 'FORBIDDEN');
  });
});

describe('product key changes', () => {
  it('renames item keys, keeps old refs resolving, and refuses a key another product uses', async () => {
    const { org, product, caller } = await productWith();
    const productId = product.id;
    const item = await caller.items.create({ productId, type: 'task', title: 'Keyed' });
    const oldKey = product.key;
    const newKey = `N${oldKey.slice(1)}`;

    const updated = await caller.products.update({ productId, key: newKey.toLowerCase(), name: 'Renamed' });
    expect(updated).toMatchObject({ key: newKey, name: 'Renamed' });
    expect((await caller.items.get({ productId, ref: `${newKey}-${item.number}` })).key).toBe(`${newKey}-${item.number}`);
    expect((await caller.items.get({ productId, ref: `${oldKey}-${item.number}` })).id).toBe(item.id);
    const me = await caller.auth.me();
    expect(me.memberships[0]!.products.find((p) => p.id === productId)?.formerKeys).toEqual([oldKey]);

    const sibling = await buildProduct(db, org.id);
    const taken = await expectDomainError(caller.products.update({ productId, key: sibling.key }), 'CONFLICT');
    expect(taken.details?.issues).toEqual([{ path: ['key'], message: `is already used by ${sibling.name}` }]);
    await expectInputError(caller.products.update({ productId, key: 'b-1' }), 'key');

    // a sibling may take the old key: then it is the sibling's, and no longer a redirect for the renamed product
    await caller.products.update({ productId: sibling.id, key: oldKey });
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).formerKeys).toEqual([]);
    await expectDomainError(caller.items.get({ productId, ref: `${oldKey}-${item.number}` }), 'NOT_FOUND');
  });
});

describe('estimate unit', () => {
  it('is points until a manager sets hours; the numbers stay, every reader sees the unit', async () => {
    const { org, product, caller } = await productWith();
    const productId = product.id;
    const item = await caller.items.create({ productId, type: 'task', title: 'Estimated', estimate: 3 });
    expect((await caller.products.get({ productId })).estimateUnit).toBe('points');

    expect(await caller.products.update({ productId, estimateUnit: 'hours' })).toMatchObject({ id: productId, estimateUnit: 'hours' });
    const dev = (await callerAsUser(deps, await buildUser(db, org.id, 'developer'))).caller;
    expect((await dev.products.get({ productId })).estimateUnit).toBe('hours');
    const mine = (await dev.auth.me()).memberships[0]!.products.find((p) => p.id === productId);
    expect(mine?.estimateUnit).toBe('hours');
    expect((await dev.items.get({ productId, ref: item.id })).estimate).toBe(3);
  });

  it('only managers and up change it; a value other than points or hours is refused naming the field', async () => {
    const { org, product, caller } = await productWith();
    const productId = product.id;
    for (const role of ['developer', 'viewer'] as const) {
      const other = (await callerAsUser(deps, await buildUser(db, org.id, role))).caller;
      await expectDomainError(other.products.update({ productId, estimateUnit: 'hours' }), 'FORBIDDEN');
    }
    const admin = (await callerAsUser(deps, await buildUser(db, org.id, 'admin'))).caller;
    expect((await admin.products.update({ productId, estimateUnit: 'hours' })).estimateUnit).toBe('hours');

    for (const bad of ['days', 'Points', '', null, 3]) {
      const body = await expectInputError(caller.products.update({ productId, estimateUnit: bad as never }), 'estimateUnit');
      expect(body.details?.issues).toEqual([expect.objectContaining({ path: ['estimateUnit'], message: 'must be points or hours' })]);
    }
    await expectInputError(caller.products.update({ productId, estimateUnits: 'hours' } as never), 'estimateUnits');
    expect((await caller.products.get({ productId })).estimateUnit).toBe('hours');
  });
});
