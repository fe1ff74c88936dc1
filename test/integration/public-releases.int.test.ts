import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function setup() {
  const { org, product } = await buildOrg(db);
  const manager = await buildUser(db, org.id, 'manager');
  const { caller } = await callerAsUser(deps, manager);
  return { org, product, caller };
}

describe('releases', () => {
  it('drafts notes from done items grouped into features, fixes and other', async () => {
    const { product, caller } = await setup();
    const feature = await caller.items.create({ productId: product.id, type: 'feature', title: 'Dark mode' });
    const bug = await caller.items.create({ productId: product.id, type: 'bug', title: 'Crash on save' });
    const task = await caller.items.create({ productId: product.id, type: 'task', title: 'Upgrade deps' });
    await caller.items.create({ productId: product.id, type: 'feature', title: 'Not done yet' });
    for (const i of [feature, bug, task]) await db.item.update({ where: { id: i.id }, data: { status: 'done', doneAt: new Date() } });
    const draft = await caller.releases.draftNotes({ productId: product.id });
    expect(draft.markdown).toBe(
      `## Features\n\n- Dark mode (${feature.key})\n\n## Fixes\n\n- Crash on save (${bug.key})\n\n## Other\n\n- Upgrade deps (${task.key})`,
    );
    expect(draft.items.map((i) => i.key).sort()).toEqual([feature.key, bug.key, task.key].sort());
  });

  it('creates, updates, lists and publishes once, queuing one shipped email per asker', async () => {
    const { product, caller } = await setup();
    const a = await caller.items.create({ productId: product.id, type: 'feature', title: 'Export CSV', visibility: 'public' });
    const b = await caller.items.create({ productId: product.id, type: 'bug', title: 'Fix login' });
    const email = `voter-${a.id}@example.test`;
    await db.item.update({ where: { id: a.id }, data: { submitterEmail: `submitter-${a.id}@example.test` } });
    await db.vote.create({ data: { itemId: a.id, email, verifiedAt: new Date() } });
    await db.vote.create({ data: { itemId: b.id, email, verifiedAt: new Date() } });
    await db.vote.create({ data: { itemId: b.id, email: `unverified-${a.id}@example.test` } });

    const created = await caller.releases.create({ productId: product.id, name: 'v1.0', notes: 'First', itemIds: [a.id], isPublic: true });
    expect(created.items.map((i) => i.id)).toEqual([a.id]);
    const updated = await caller.releases.update({ id: created.id, itemIds: [a.id, b.id], notes: 'First release' });
    expect(updated.itemCount).toBe(2);
    const list = await caller.releases.list({ productId: product.id });
    expect(list.items.map((r) => r.id)).toEqual([created.id]);

    const published = await caller.releases.publish({ id: created.id });
    expect(published.publishedAt).toBeInstanceOf(Date);
    await expectDomainError(caller.releases.publish({ id: created.id }), 'CONFLICT');

    const mail = await db.emailMessage.findMany({ where: { dedupeKey: { startsWith: `shipped:${created.id}:` } }, orderBy: { to: 'asc' } });
    expect(mail.map((m) => m.to).sort()).toEqual([`submitter-${a.id}@example.test`, email].sort());
    const voterMail = mail.find((m) => m.to === email)!;
    expect(voterMail.text).toContain(`- Export CSV (${a.key})`);
    expect(voterMail.text).toContain(`- Fix login (${b.key})`);
    expect(voterMail.text).toMatch(/Unsubscribe: http\S+\/unsubscribe\/\w+/);
  });

  it('refuses items of another product with a field error, and hides other tenants', async () => {
    const { product, caller } = await setup();
    const other = await setup();
    const foreign = await other.caller.items.create({ productId: other.product.id, type: 'task', title: 'Theirs' });
    const e = await expectDomainError(caller.releases.create({ productId: product.id, name: 'v2', itemIds: [foreign.id] }), 'BAD_INPUT');
    expect(e.details).toMatchObject({ issues: [{ path: ['itemIds'] }] });
    const theirs = await other.caller.releases.create({ productId: other.product.id, name: 'v9' });
    await expectDomainError(caller.releases.get({ id: theirs.id }), 'NOT_FOUND');
  });
});
