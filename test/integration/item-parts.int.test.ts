import type { MemberRole } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildProduct, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

/** A product with one signed-in developer and a way to add more members. */
async function setup() {
  const { org, product } = await buildOrg(db);
  const member = async (role: MemberRole) => {
    const user = await buildUser(db, org.id, role);
    return { user, caller: (await callerAsUser(deps, user)).caller };
  };
  const dev = await member('developer');
  return { org, product, productId: product.id, dev, member };
}

const actions = async (itemId: string) =>
  (await db.activityEvent.findMany({ where: { itemId }, orderBy: { seq: 'asc' }, select: { action: true } })).map((e) => e.action);

describe('comments', () => {
  it('adds, edits and deletes comments with author and moderator rules', async () => {
    const { productId, dev, member } = await setup();
    const dev2 = await member('developer');
    const manager = await member('manager');
    const item = await dev.caller.items.create({ productId, type: 'bug', title: 'Discuss me' });

    const first = await dev.caller.items.comments.add({ productId, ref: item.key, body: 'First thoughts' });
    expect(first).toMatchObject({ itemId: item.id, body: 'First thoughts', editedAt: null, author: { kind: 'user', id: dev.user.id, name: dev.user.name } });
    const second = await dev2.caller.items.comments.add({ productId, ref: item.id, body: 'Second opinion' });
    expect((await dev.caller.items.get({ productId, ref: item.id })).commentCount).toBe(2);
    expect((await dev.caller.items.comments.list({ productId, ref: item.id })).items.map((c) => c.id)).toEqual([first.id, second.id]);

    const edited = await dev.caller.items.comments.edit({ productId, commentId: first.id, body: 'Better thoughts' });
    expect(edited.body).toBe('Better thoughts');
    expect(edited.editedAt).toBeInstanceOf(Date);

    const notMine = await expectDomainError(dev2.caller.items.comments.edit({ productId, commentId: first.id, body: 'Hijacked' }), 'FORBIDDEN');
    expect(notMine.message).toContain('author');
    await expectDomainError(dev2.caller.items.comments.delete({ productId, commentId: first.id }), 'FORBIDDEN');
    // moderation is deleting, never rewording someone else's words
    await expectDomainError(manager.caller.items.comments.edit({ productId, commentId: first.id, body: 'Moderated' }), 'FORBIDDEN');
    expect(await manager.caller.items.comments.delete({ productId, commentId: first.id })).toEqual({ ok: true });

    const left = await dev.caller.items.comments.list({ productId, ref: item.id });
    expect(left.items.map((c) => [c.id, c.body])).toEqual([[second.id, 'Second opinion']]);
    expect((await dev.caller.items.get({ productId, ref: item.id })).commentCount).toBe(1);
    await expectDomainError(dev.caller.items.comments.edit({ productId, commentId: first.id, body: 'Again' }), 'NOT_FOUND');
    await expectDomainError(manager.caller.items.comments.delete({ productId, commentId: first.id }), 'NOT_FOUND');

    expect(await dev2.caller.items.comments.delete({ productId, commentId: second.id })).toEqual({ ok: true });
    expect((await dev.caller.items.get({ productId, ref: item.id })).commentCount).toBe(0);
    expect(await actions(item.id)).toEqual(['created', 'commented', 'commented', 'comment_edited', 'comment_deleted', 'comment_deleted']);
  });

  it('hides comments of another product and keeps viewers from commenting', async () => {
    const { org, productId, dev, member } = await setup();
    const viewer = await member('viewer');
    const item = await dev.caller.items.create({ productId, type: 'bug', title: 'Quiet' });
    const comment = await dev.caller.items.comments.add({ productId, ref: item.id, body: 'Hello' });
    const sibling = await buildProduct(db, org.id);

    await expectDomainError(viewer.caller.items.comments.add({ productId, ref: item.id, body: 'Me too' }), 'FORBIDDEN');
    expect((await viewer.caller.items.comments.list({ productId, ref: item.id })).items).toHaveLength(1);
    await expectDomainError(dev.caller.items.comments.edit({ productId: sibling.id, commentId: comment.id, body: 'Moved' }), 'NOT_FOUND');
  });
});

describe('labels', () => {
  it('lets managers create labels, refuses duplicates, and replaces an item\'s labels with activity', async () => {
    const { productId, dev, member } = await setup();
    const manager = await member('manager');

    await expectDomainError(dev.caller.labels.create({ productId, name: 'bug' }), 'FORBIDDEN');
    const bug = await manager.caller.labels.create({ productId, name: 'bug', color: '#ff0000' });
    expect(bug).toMatchObject({ name: 'bug', color: '#ff0000' });
    const dup = await expectDomainError(manager.caller.labels.create({ productId, name: 'bug' }), 'CONFLICT');
    expect(dup.message).toContain('"bug"');

    const item = await dev.caller.items.create({ productId, type: 'bug', title: 'Labelled', labels: ['bug', 'ui'] });
    expect(item.labels).toEqual([bug, expect.objectContaining({ name: 'ui' })]);

    const set = await dev.caller.items.setLabels({ productId, ref: item.key, labels: ['ui', 'docs', 'docs'] });
    expect(set.map((l) => l.name)).toEqual(['docs', 'ui']);
    const after = await dev.caller.items.get({ productId, ref: item.id });
    expect(after.labels.map((l) => l.name)).toEqual(['docs', 'ui']);
    expect(after.version).toBe(2);
    // removing a label from an item keeps the label itself (and its color)
    expect(await dev.caller.labels.list({ productId })).toEqual([bug, expect.objectContaining({ name: 'docs' }), expect.objectContaining({ name: 'ui' })]);

    const history = await dev.caller.items.activity({ productId, ref: item.id });
    expect(history.items.at(-1)).toMatchObject({ action: 'updated', field: 'labels', before: ['bug', 'ui'], after: ['docs', 'ui'] });

    expect(await dev.caller.items.setLabels({ productId, ref: item.id, labels: [] })).toEqual([]);
    expect((await dev.caller.items.get({ productId, ref: item.id })).labels).toEqual([]);
    expect(keysOf(await dev.caller.items.list({ productId, label: ['ui'] }))).toEqual([]);
  });
});

const keysOf = (page: { items: { key: string }[] }) => page.items.map((i) => i.key);

describe('checklist', () => {
  it('adds entries in order, checks and removes them, and keeps appending after the last', async () => {
    const { productId, dev } = await setup();
    const item = await dev.caller.items.create({ productId, type: 'task', title: 'Steps', checklist: ['one'] });
    const two = await dev.caller.items.checklist.add({ productId, ref: item.key, text: 'two' });
    const three = await dev.caller.items.checklist.add({ productId, ref: item.key, text: '  three  ' });
    expect([two.position, three.position, three.text]).toEqual([1, 2, 'three']);
    const [one] = await dev.caller.items.checklist.list({ productId, ref: item.id });

    expect(await dev.caller.items.checklist.set({ productId, ref: item.id, entryId: two.id, done: true })).toMatchObject({ id: two.id, done: true });
    expect(await dev.caller.items.checklist.remove({ productId, ref: item.id, entryId: one!.id })).toEqual({ ok: true });
    const four = await dev.caller.items.checklist.add({ productId, ref: item.id, text: 'four' });
    expect(four.position).toBe(3);

    const list = await dev.caller.items.checklist.list({ productId, ref: item.id });
    expect(list.map((e) => [e.text, e.done])).toEqual([
      ['two', true],
      ['three', false],
      ['four', false],
    ]);

    // an entry only answers through its own item
    const other = await dev.caller.items.create({ productId, type: 'task', title: 'Other' });
    await expectDomainError(dev.caller.items.checklist.set({ productId, ref: other.id, entryId: two.id, done: false }), 'NOT_FOUND');
    await expectDomainError(dev.caller.items.checklist.remove({ productId, ref: item.id, entryId: one!.id }), 'NOT_FOUND');
    expect(await actions(item.id)).toEqual(['created', 'checklist_added', 'checklist_added', 'checklist_checked', 'checklist_removed', 'checklist_added']);
  });
});

describe('links', () => {
  it('lists links outgoing and incoming and refuses a cycle of blockers, naming it', async () => {
    const { org, productId, dev } = await setup();
    const make = (title: string) => dev.caller.items.create({ productId, type: 'task', title });
    const a = await make('A');
    const b = await make('B');
    const c = await make('C');
    const d = await make('D');

    const ab = await dev.caller.items.links.add({ productId, ref: a.key, type: 'blocks', to: b.key });
    await dev.caller.items.links.add({ productId, ref: a.id, type: 'relates_to', to: c.id });
    await dev.caller.items.links.add({ productId, ref: d.key, type: 'duplicate_of', to: a.key });
    // adding the same link again returns it rather than a second row
    expect(await dev.caller.items.links.add({ productId, ref: a.key, type: 'blocks', to: b.key })).toEqual(ab);

    const view = (links: { type: string; direction: string; item: { key: string } }[]) =>
      links.map((l) => `${l.direction} ${l.type} ${l.item.key}`).sort();
    expect(view(await dev.caller.items.links.list({ productId, ref: a.id }))).toEqual(
      [`outgoing blocks ${b.key}`, `outgoing relates_to ${c.key}`, `incoming duplicate_of ${d.key}`].sort(),
    );
    expect(view(await dev.caller.items.links.list({ productId, ref: b.id }))).toEqual([`incoming blocks ${a.key}`]);

    await dev.caller.items.links.add({ productId, ref: b.key, type: 'blocks', to: c.key });
    const cycle = await expectDomainError(dev.caller.items.links.add({ productId, ref: c.key, type: 'blocks', to: a.key }), 'DEPENDENCY_CYCLE');
    expect(cycle.details).toEqual({ cycle: [c.key, a.key, b.key, c.key] });
    expect(cycle.message).toContain(`${c.key} → ${a.key} → ${b.key} → ${c.key}`);
    // other link types may point back
    await dev.caller.items.links.add({ productId, ref: c.key, type: 'relates_to', to: a.key });
    expect(view(await dev.caller.items.links.list({ productId, ref: c.id }))).toEqual(
      [`incoming blocks ${b.key}`, `incoming relates_to ${a.key}`, `outgoing relates_to ${a.key}`].sort(),
    );

    await expectDomainError(dev.caller.items.links.add({ productId, ref: a.key, type: 'blocks', to: a.key }), 'BAD_INPUT');
    const foreign = await dev.caller.items.create({ productId: (await buildProduct(db, org.id)).id, type: 'task', title: 'Elsewhere' });
    await expectDomainError(dev.caller.items.links.add({ productId, ref: a.key, type: 'relates_to', to: foreign.id }), 'NOT_FOUND');

    // removed from the target's side, the link is gone for both
    expect(await dev.caller.items.links.remove({ productId, ref: b.id, linkId: ab.id })).toEqual({ ok: true });
    expect(view(await dev.caller.items.links.list({ productId, ref: b.id }))).toEqual([`outgoing blocks ${c.key}`]);
    expect(view(await dev.caller.items.links.list({ productId, ref: a.id }))).not.toContain(`outgoing blocks ${b.key}`);
  });
});

describe('sub-items', () => {
  it('rolls progress up to the parent and refuses a cycle of parents', async () => {
    const { org, productId, dev, member } = await setup();
    const manager = await member('manager');
    const parent = await dev.caller.items.create({ productId, type: 'feature', title: 'Epic' });
    const child = (title: string, parentId: string) => dev.caller.items.create({ productId, type: 'task', title, parentId });
    const c1 = await child('Part 1', parent.id);
    const c2 = await child('Part 2', parent.id);
    const c3 = await child('Part 3', parent.id);

    expect(c1.parent).toEqual({ id: parent.id, key: parent.key, title: 'Epic' });
    expect((await dev.caller.items.get({ productId, ref: parent.id })).progress).toEqual({ done: 0, total: 3 });
    expect((await dev.caller.items.children({ productId, ref: parent.key })).map((i) => i.key)).toEqual([c1.key, c2.key, c3.key]);

    await dev.caller.items.update({ productId, ref: c1.id, expectedVersion: 1, patch: { status: 'done' } });
    await dev.caller.items.update({ productId, ref: c2.id, expectedVersion: 1, patch: { status: 'in_progress' } });
    expect((await dev.caller.items.get({ productId, ref: parent.id })).progress).toEqual({ done: 1, total: 3 });
    await manager.caller.items.delete({ productId, ref: c3.id });
    expect((await dev.caller.items.get({ productId, ref: parent.id })).progress).toEqual({ done: 1, total: 2 });
    expect((await dev.caller.items.children({ productId, ref: parent.id })).map((i) => i.key)).toEqual([c1.key, c2.key]);
    await dev.caller.items.update({ productId, ref: c2.id, expectedVersion: 2, patch: { status: 'wont_fix' } });
    expect((await dev.caller.items.get({ productId, ref: parent.id })).progress).toEqual({ done: 2, total: 2 });

    // Epic ← Part 1 ← Detail: making Detail (or Part 1, or Epic itself) the parent of Epic would loop
    const grandchild = await child('Detail', c1.id);
    for (const loop of [grandchild.id, c1.id, parent.id]) {
      const err = await expectDomainError(dev.caller.items.update({ productId, ref: parent.id, expectedVersion: 1, patch: { parentId: loop } }), 'BAD_INPUT');
      expect(err.details).toMatchObject({ issues: [{ path: ['parentId'] }] });
    }
    const foreign = await dev.caller.items.create({ productId: (await buildProduct(db, org.id)).id, type: 'task', title: 'Elsewhere' });
    await expectDomainError(child('Stray', foreign.id), 'BAD_INPUT');
    expect((await dev.caller.items.get({ productId, ref: parent.id })).parent).toBeNull();

    await dev.caller.items.update({ productId, ref: c2.id, expectedVersion: 3, patch: { parentId: null } });
    expect((await dev.caller.items.get({ productId, ref: parent.id })).progress).toEqual({ done: 1, total: 1 });
  });
});

describe('watchers', () => {
  it('watches and unwatches, idempotently', async () => {
    const { productId, dev, member } = await setup();
    const viewer = await member('viewer');
    const item = await dev.caller.items.create({ productId, type: 'bug', title: 'Watch me' });
    const names = async () => (await dev.caller.items.watchers({ productId, ref: item.id })).map((w) => w.id);

    expect(await names()).toEqual([dev.user.id]);
    expect(await viewer.caller.items.watch({ productId, ref: item.key, watching: true })).toEqual({ watching: true });
    expect(await viewer.caller.items.watch({ productId, ref: item.key, watching: true })).toEqual({ watching: true });
    expect(await names()).toEqual([dev.user.id, viewer.user.id]);
    await viewer.caller.items.watch({ productId, ref: item.id, watching: false });
    expect(await names()).toEqual([dev.user.id]);
    await dev.caller.items.watch({ productId, ref: item.id, watching: false });
    await dev.caller.items.watch({ productId, ref: item.id, watching: false });
    expect(await names()).toEqual([]);
  });
});
