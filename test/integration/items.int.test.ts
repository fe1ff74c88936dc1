import { LIMITS, type ItemPriority, type MemberRole } from '@baton/contracts';
import type { Deps } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildProduct, buildUser, callerAsUser, manualClock, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

/** A fresh product with one signed-in member (a developer unless said otherwise). */
async function setup(role: MemberRole = 'developer', d: Deps = deps) {
  const { org, product } = await buildOrg(db);
  const user = await buildUser(db, org.id, role);
  const { caller } = await callerAsUser(d, user);
  return { org, product, user, caller, productId: product.id };
}

type Caller = Awaited<ReturnType<typeof setup>>['caller'];
const keys = (page: { items: { key: string }[] }) => page.items.map((i) => i.key);

describe('items.create', () => {
  it('numbers items per product and fills in the defaults', async () => {
    const a = await setup();
    const b = await setup();
    const a1 = await a.caller.items.create({ productId: a.productId, type: 'bug', title: 'A one' });
    const b1 = await b.caller.items.create({ productId: b.productId, type: 'task', title: 'B one' });
    const a2 = await a.caller.items.create({ productId: a.productId, type: 'feature', title: 'A two' });

    expect([a1.key, a2.key, b1.key]).toEqual([`${a.product.key}-1`, `${a.product.key}-2`, `${b.product.key}-1`]);
    expect(a1).toMatchObject({
      number: 1,
      productId: a.productId,
      type: 'bug',
      title: 'A one',
      status: 'open',
      priority: 'medium',
      visibility: 'internal',
      description: '',
      source: 'internal',
      version: 1,
      assignee: null,
      labels: [],
      milestone: null,
      parent: null,
      voteCount: 0,
      commentCount: 0,
      customFields: {},
      progress: { done: 0, total: 0 },
      startedAt: null,
      doneAt: null,
      closedAt: null,
    });
    const stored = await db.product.findUniqueOrThrow({ where: { id: a.productId }, select: { nextItemNumber: true } });
    expect(stored.nextItemNumber).toBe(3);
  });

  it('creates labels and a checklist with the item, sets the reporter and makes the creator a watcher', async () => {
    const { caller, productId, user } = await setup();
    const item = await caller.items.create({
      productId,
      type: 'feature',
      title: 'With extras',
      labels: ['ui', 'bug', 'ui'],
      checklist: ['write spec', 'build', 'ship'],
    });

    expect(item.labels.map((l) => l.name)).toEqual(['bug', 'ui']);
    expect((await caller.labels.list({ productId })).map((l) => l.name)).toEqual(['bug', 'ui']);
    const checklist = await caller.items.checklist.list({ productId, ref: item.key });
    expect(checklist.map((e) => [e.position, e.text, e.done])).toEqual([
      [0, 'write spec', false],
      [1, 'build', false],
      [2, 'ship', false],
    ]);
    expect(item.reporter).toEqual({ kind: 'user', id: user.id, name: user.name });
    expect(await caller.items.watchers({ productId, ref: item.id })).toEqual([{ id: user.id, name: user.name }]);
  });

  it('refuses an assignee who is not a member of the organization', async () => {
    const { caller, productId, org } = await setup();
    const outsider = await buildUser(db, (await buildOrg(db)).org.id, 'developer');
    const err = await expectDomainError(caller.items.create({ productId, type: 'bug', title: 'x', assigneeUserId: outsider.id }), 'BAD_INPUT');
    expect(err.message).toContain('assigneeUserId');
    expect(err.details).toEqual({ issues: [{ path: ['assigneeUserId'], message: 'is not a member of this organization' }] });
    // nothing was written: the number was not used up
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).nextItemNumber).toBe(1);

    const member = await buildUser(db, org.id, 'viewer');
    const item = await caller.items.create({ productId, type: 'bug', title: 'x', assigneeUserId: member.id });
    expect(item.assignee).toEqual({ kind: 'user', id: member.id, name: member.name });
    const upd = await expectDomainError(
      caller.items.update({ productId, ref: item.id, expectedVersion: 1, patch: { assigneeUserId: outsider.id } }),
      'BAD_INPUT',
    );
    expect(upd.details).toMatchObject({ issues: [{ path: ['assigneeUserId'] }] });
  });

  it('refuses an oversized title or description, quoting the limit', async () => {
    const { caller, productId } = await setup();
    const longTitle = await expectInputError(caller.items.create({ productId, type: 'bug', title: 'x'.repeat(LIMITS.title + 1) }), 'title');
    expect(longTitle.message).toContain(`${LIMITS.title} characters`);
    const longText = await expectInputError(
      caller.items.create({ productId, type: 'bug', title: 'ok', description: 'x'.repeat(LIMITS.description + 1) }),
      'description',
    );
    expect(longText.message).toContain(`${LIMITS.description} characters`);

    const item = await caller.items.create({ productId, type: 'bug', title: 'x'.repeat(LIMITS.title) });
    expect(item.title).toHaveLength(LIMITS.title);
    const upd = await expectInputError(
      caller.items.update({ productId, ref: item.id, expectedVersion: 1, patch: { title: 'y'.repeat(LIMITS.title + 1) } }),
      'patch.title',
    );
    expect(upd.message).toContain(`${LIMITS.title} characters`);
    expect(await db.item.count({ where: { productId } })).toBe(1);
  });
});

describe('items.get', () => {
  it('reads an item by id and by key, and answers NOT_FOUND for items of other products', async () => {
    const { caller, productId, product, org } = await setup();
    const item = await caller.items.create({ productId, type: 'bug', title: 'Mine' });
    const byId = await caller.items.get({ productId, ref: item.id });
    const byKey = await caller.items.get({ productId, ref: item.key });
    expect(byKey).toEqual(byId);
    expect(byId).toMatchObject({ id: item.id, title: 'Mine' });

    // same organization, other product: its id and its key must not resolve through this product
    const sibling = await buildProduct(db, org.id);
    const foreign = await caller.items.create({ productId: sibling.id, type: 'bug', title: 'Theirs' });
    await expectDomainError(caller.items.get({ productId, ref: foreign.id }), 'NOT_FOUND');
    await expectDomainError(caller.items.get({ productId, ref: foreign.key }), 'NOT_FOUND');
    await expectDomainError(caller.items.get({ productId, ref: `${product.key}-99` }), 'NOT_FOUND');

    // another organization cannot see the product at all
    const stranger = await setup();
    await expectDomainError(stranger.caller.items.get({ productId, ref: item.id }), 'NOT_FOUND');
    await expectDomainError(stranger.caller.items.get({ productId: stranger.productId, ref: item.id }), 'NOT_FOUND');
  });
});

describe('items.update', () => {
  it('bumps the version and refuses a stale expectedVersion naming the current one', async () => {
    const { caller, productId } = await setup();
    const item = await caller.items.create({ productId, type: 'bug', title: 'Original' });
    const updated = await caller.items.update({ productId, ref: item.key, expectedVersion: 1, patch: { title: 'Renamed', priority: 'high' } });
    expect(updated).toMatchObject({ title: 'Renamed', priority: 'high', version: 2 });

    const err = await expectDomainError(caller.items.update({ productId, ref: item.key, expectedVersion: 1, patch: { title: 'Stale' } }), 'CONFLICT');
    expect(err.details).toEqual({ currentVersion: 2, fields: ['title'] });
    expect(err.message).toContain('current version is 2');
    expect(await caller.items.get({ productId, ref: item.id })).toMatchObject({ title: 'Renamed', version: 2 });

    const again = await caller.items.update({ productId, ref: item.id, expectedVersion: 2, patch: { description: 'More detail' } });
    expect(again).toMatchObject({ description: 'More detail', title: 'Renamed', version: 3 });
  });

  it('follows the status transition table and stamps the lifecycle times', async () => {
    const clock = manualClock(new Date('2031-03-01T09:00:00.000Z'));
    const { caller, productId } = await setup('developer', testDeps(db, clock.now));
    const item = await caller.items.create({ productId, type: 'task', title: 'Lifecycle' });
    const t0 = clock.now();

    const started = await caller.items.update({ productId, ref: item.id, expectedVersion: 1, patch: { status: 'in_progress' } });
    expect(started).toMatchObject({ status: 'in_progress', startedAt: t0, doneAt: null, closedAt: null, version: 2 });

    clock.advance(3_600_000);
    const t1 = clock.now();
    const done = await caller.items.update({ productId, ref: item.id, expectedVersion: 2, patch: { status: 'done' } });
    expect(done).toMatchObject({ status: 'done', startedAt: t0, doneAt: t1, closedAt: null });

    clock.advance(60_000);
    const t2 = clock.now();
    const closed = await caller.items.update({ productId, ref: item.id, expectedVersion: 3, patch: { status: 'closed' } });
    expect(closed).toMatchObject({ status: 'closed', doneAt: t1, closedAt: t2, version: 4 });

    const err = await expectDomainError(caller.items.update({ productId, ref: item.id, expectedVersion: 4, patch: { status: 'done' } }), 'INVALID_TRANSITION');
    expect(err.details).toEqual({ from: 'closed', to: 'done', allowed: ['open'], allowedStates: ['Open'] });
    expect(err.message).toContain('closed to done');
    expect(await caller.items.get({ productId, ref: item.id })).toMatchObject({ status: 'closed', version: 4 });

    const reopened = await caller.items.update({ productId, ref: item.id, expectedVersion: 4, patch: { status: 'open' } });
    expect(reopened).toMatchObject({ status: 'open', doneAt: null, closedAt: null, version: 5 });
    await caller.items.update({ productId, ref: item.id, expectedVersion: 5, patch: { status: 'wont_fix' } });
    await expectDomainError(caller.items.update({ productId, ref: item.id, expectedVersion: 6, patch: { status: 'in_progress' } }), 'INVALID_TRANSITION');
  });

  it('writes an activity event for every change in the same transaction, and none for a refused one', async () => {
    const { caller, productId, user } = await setup();
    const item = await caller.items.create({ productId, type: 'bug', title: 'Original' });
    await caller.items.update({ productId, ref: item.id, expectedVersion: 1, patch: { title: 'Renamed', priority: 'critical' } });
    await caller.items.update({ productId, ref: item.id, expectedVersion: 2, patch: { status: 'in_progress' } });
    await expectDomainError(caller.items.update({ productId, ref: item.id, expectedVersion: 2, patch: { title: 'Stale' } }), 'CONFLICT');
    // an unchanged status records nothing; only the title changed
    await caller.items.update({ productId, ref: item.id, expectedVersion: 3, patch: { status: 'in_progress', title: 'Same status, new title' } });
    await caller.items.update({ productId, ref: item.id, expectedVersion: 4, patch: { status: 'closed' } });
    await expectDomainError(caller.items.update({ productId, ref: item.id, expectedVersion: 5, patch: { status: 'done' } }), 'INVALID_TRANSITION');

    const activity = await caller.items.activity({ productId, ref: item.key });
    expect(activity.items.map((e) => [e.action, e.field, e.before, e.after])).toEqual([
      ['created', null, null, { title: 'Original', type: 'bug' }],
      // one event per changed field (in the schema's field order)
      ['updated', 'priority', 'medium', 'critical'],
      ['updated', 'title', 'Original', 'Renamed'],
      ['status_changed', 'status', 'open', 'in_progress'],
      ['updated', 'title', 'Renamed', 'Same status, new title'],
      ['status_changed', 'status', 'in_progress', 'closed'],
    ]);
    expect(new Set(activity.items.map((e) => e.actorName))).toEqual(new Set([user.name]));
    // the history and the version move together: one version per successful update
    expect((await caller.items.get({ productId, ref: item.id })).version).toBe(5);
  });
});

describe('items.delete', () => {
  it('soft-deletes: the item leaves get, list, search and stats, and later calls answer NOT_FOUND', async () => {
    const { caller, productId, org } = await setup('manager');
    const keep = await caller.items.create({ productId, type: 'bug', title: 'Keep me' });
    const gone = await caller.items.create({ productId, type: 'bug', title: 'Delete me' });

    const developer = await callerAsUser(deps, await buildUser(db, org.id, 'developer'));
    await expectDomainError(developer.caller.items.delete({ productId, ref: gone.id }), 'FORBIDDEN');

    expect(await caller.items.delete({ productId, ref: gone.key })).toEqual({ ok: true });
    await expectDomainError(caller.items.get({ productId, ref: gone.id }), 'NOT_FOUND');
    await expectDomainError(caller.items.get({ productId, ref: gone.key }), 'NOT_FOUND');
    await expectDomainError(caller.items.update({ productId, ref: gone.id, expectedVersion: 2, patch: { title: 'Back' } }), 'NOT_FOUND');
    await expectDomainError(caller.items.delete({ productId, ref: gone.id }), 'NOT_FOUND');
    await expectDomainError(caller.items.activity({ productId, ref: gone.id }), 'NOT_FOUND');
    expect(keys(await caller.items.list({ productId }))).toEqual([keep.key]);
    expect(keys(await caller.items.search({ productId, query: 'Delete' }))).toEqual([]);
    expect(keys(await caller.items.search({ productId, query: '' }))).toEqual([keep.key]);
    expect((await caller.items.stats({ productId })).total).toBe(1);

    // the row stays for history
    const row = await db.item.findUniqueOrThrow({ where: { id: gone.id }, select: { deletedAt: true } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    const events = await db.activityEvent.findMany({ where: { itemId: gone.id }, orderBy: { seq: 'asc' }, select: { action: true } });
    expect(events.map((e) => e.action)).toEqual(['created', 'deleted']);
  });
});

describe('items.list', () => {
  async function fixture() {
    const s = await setup();
    const { caller, productId, org, user } = s;
    const other = await buildUser(db, org.id, 'developer');
    const m = await db.milestone.create({ data: { productId, name: 'Q1' } });
    const i1 = await caller.items.create({ productId, type: 'bug', priority: 'high', title: 'Login crash', assigneeUserId: user.id, labels: ['bug'], visibility: 'public', milestoneId: m.id });
    const i2 = await caller.items.create({ productId, type: 'feature', priority: 'low', title: 'Dark mode', assigneeUserId: other.id, labels: ['ui'] });
    const i3 = await caller.items.create({ productId, type: 'task', priority: 'critical', title: 'Save', description: 'The CRASH happens on save', labels: ['bug', 'ui'], milestoneId: m.id });
    const i4 = await caller.items.create({ productId, type: 'bug', title: 'Slow search' });
    await caller.items.update({ productId, ref: i4.id, expectedVersion: 1, patch: { status: 'in_progress' } });
    return { ...s, other, milestone: m, k: [i1.key, i2.key, i3.key, i4.key] as const };
  }

  it('filters by type, status, priority, assignee, label, visibility, milestone and text', async () => {
    const { caller, productId, user, other, milestone, k } = await fixture();
    const [k1, k2, k3, k4] = k;
    const list = async (filter: Omit<Parameters<Caller['items']['list']>[0], 'productId' | 'sort'>) =>
      keys(await caller.items.list({ productId, sort: 'number-asc', ...filter }));

    expect(await list({})).toEqual([k1, k2, k3, k4]);
    expect(await list({ type: ['bug'] })).toEqual([k1, k4]);
    expect(await list({ type: ['feature', 'task'] })).toEqual([k2, k3]);
    expect(await list({ status: ['in_progress'] })).toEqual([k4]);
    expect(await list({ status: ['open'] })).toEqual([k1, k2, k3]);
    expect(await list({ priority: ['critical', 'high'] })).toEqual([k1, k3]);
    expect(await list({ assigneeUserId: user.id })).toEqual([k1]);
    expect(await list({ assigneeUserId: other.id })).toEqual([k2]);
    expect(await list({ assigneeUserId: null })).toEqual([k3, k4]);
    expect(await list({ label: ['bug'] })).toEqual([k1, k3]);
    expect(await list({ label: ['ui', 'bug'] })).toEqual([k1, k2, k3]);
    expect(await list({ visibility: 'public' })).toEqual([k1]);
    expect(await list({ visibility: 'internal' })).toEqual([k2, k3, k4]);
    expect(await list({ milestoneId: milestone.id })).toEqual([k1, k3]);
    expect(await list({ milestoneId: null })).toEqual([k2, k4]);
    expect(await list({ text: 'crash' })).toEqual([k1, k3]);
    expect(await list({ text: 'DARK' })).toEqual([k2]);
    expect(await list({ type: ['bug'], label: ['bug'], status: ['open'] })).toEqual([k1]);
    expect(await list({ text: 'nothing like this' })).toEqual([]);
  });

  it('sorts by number, creation, update and priority', async () => {
    const { caller, productId } = await setup();
    const priorities: ItemPriority[] = ['low', 'critical', 'medium', 'high'];
    const items = [];
    for (const [i, priority] of priorities.entries()) items.push(await caller.items.create({ productId, type: 'task', priority, title: `Item ${i + 1}` }));
    const [a, b, c, d] = items.map((i) => i.key) as [string, string, string, string];
    // explicit, distinct timestamps: created c, a, d, b; last updated b, d, a, c (newest first)
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));
    const minutes: [created: number, updated: number][] = [
      [1, 3],
      [3, 5],
      [0, 2],
      [2, 4],
    ];
    for (const [i, [created, updated]] of minutes.entries()) {
      await db.item.update({ where: { id: items[i]!.id }, data: { createdAt: at(created), updatedAt: at(updated) } });
    }
    const sorted = async (sort: 'updated-desc' | 'created-desc' | 'created-asc' | 'priority-desc' | 'number-asc') =>
      keys(await caller.items.list({ productId, sort }));

    expect(await sorted('number-asc')).toEqual([a, b, c, d]);
    expect(await sorted('created-asc')).toEqual([c, a, d, b]);
    expect(await sorted('created-desc')).toEqual([b, d, a, c]);
    expect(await sorted('updated-desc')).toEqual([b, d, a, c]);
    expect(keys(await caller.items.list({ productId }))).toEqual([b, d, a, c]);
    expect(await sorted('priority-desc')).toEqual([b, d, c, a]);
  });

  it('walks every page with limit 2 without duplicates or gaps, ties included', async () => {
    const { caller, productId } = await setup();
    const priorities: ItemPriority[] = ['high', 'low', 'high', 'critical', 'low', 'high', 'medium'];
    for (const [i, priority] of priorities.entries()) await caller.items.create({ productId, type: 'bug', priority, title: `Paged ${i}` });
    // identical timestamps force the id tie-break that keeps pages stable
    await db.item.updateMany({ where: { productId }, data: { updatedAt: new Date('2030-06-01T00:00:00.000Z'), createdAt: new Date('2030-06-01T00:00:00.000Z') } });

    type Page = { items: { key: string }[]; nextCursor: string | null };
    async function walk(fetch: (cursor: string | undefined) => Promise<Page>) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await fetch(cursor);
        seen.push(...keys(page));
        sizes.push(page.items.length);
        if (!page.nextCursor) return { seen, sizes };
        cursor = page.nextCursor;
      }
      throw new Error('pagination did not end');
    }

    for (const sort of ['number-asc', 'updated-desc', 'created-asc', 'priority-desc'] as const) {
      const all = keys(await caller.items.list({ productId, sort, limit: 100 }));
      expect(all).toHaveLength(7);
      const { seen, sizes } = await walk((cursor) => caller.items.list({ productId, sort, limit: 2, cursor }));
      expect(seen, sort).toEqual(all);
      expect(sizes).toEqual([2, 2, 2, 1]);
    }
    const viaSearch = await walk((cursor) => caller.items.search({ productId, query: 'sort:priority-desc', limit: 2, cursor }));
    expect(viaSearch.seen).toEqual(keys(await caller.items.search({ productId, query: 'sort:priority-desc', limit: 100 })));
    expect(new Set(viaSearch.seen).size).toBe(7);
  });
});

describe('items.search', () => {
  it('combines is:, label:, priority:, assignee:me, sort: and free text', async () => {
    const { caller, productId, org, user } = await setup();
    const other = await buildUser(db, org.id, 'developer');
    const make = (title: string, priority: ItemPriority, labels: string[], assigneeUserId: string | null, description = '') =>
      caller.items.create({ productId, type: 'bug', title, priority, labels, assigneeUserId, description });

    const m2 = await make('Payment fails', 'high', ['bug'], user.id, 'a crash when paying');
    const m1 = await make('Checkout crash on submit', 'critical', ['bug', 'ui'], user.id);
    await caller.items.update({ productId, ref: m2.id, expectedVersion: 1, patch: { status: 'in_progress' } });
    const closed = await make('Closed crash', 'critical', ['bug'], user.id);
    await caller.items.update({ productId, ref: closed.id, expectedVersion: 1, patch: { status: 'closed' } });
    const medium = await make('Medium crash', 'medium', ['bug'], user.id);
    await make('Unlabelled crash', 'high', ['ui'], user.id);
    const theirs = await make('Their crash', 'high', ['bug'], other.id);
    const noText = await make('Unrelated', 'high', ['bug'], user.id);
    const nobody = await make('Nobody\'s crash', 'low', ['bug'], null);

    const search = async (query: string) => keys(await caller.items.search({ productId, query }));
    expect(await search('is:open label:bug priority:>=high assignee:me sort:priority-desc crash')).toEqual([m1.key, m2.key]);
    expect(await search('IS:OPEN label:BUG priority:>=high assignee:me sort:priority-desc CRASH')).toEqual([m1.key, m2.key]);
    expect((await search('is:open label:bug priority:>=high assignee:me')).sort()).toEqual([m1.key, m2.key, noText.key].sort());
    expect(await search('is:closed')).toEqual([closed.key]);
    // a negation is an exact complement: unassigned items are "not assigned to me" too
    expect((await search('label:bug -assignee:me')).sort()).toEqual([theirs.key, nobody.key].sort());
    expect(await search('label:bug priority:<high assignee:me')).toEqual([medium.key]);
    expect(await search('"crash when paying"')).toEqual([m2.key]);
  });

  it('answers BAD_QUERY with the position and token of a parse error', async () => {
    const { caller, productId } = await setup();
    const query = 'is:open bogus:1 crash';
    const err = await expectDomainError(caller.items.search({ productId, query }), 'BAD_QUERY');
    expect(err.details).toMatchObject({ position: 8, token: 'bogus' });

    const badValue = 'label:bug priority:>=urgent';
    const err2 = await expectDomainError(caller.items.search({ productId, query: badValue }), 'BAD_QUERY');
    const { position, token } = err2.details as { position: number; token: string };
    expect(token).toBe('urgent');
    expect(badValue.slice(position, position + token.length)).toBe('urgent');
    expect(err2.message).toContain('critical, high, medium, low');
  });
});

describe('items.stats', () => {
  it('counts live items by type, status and priority', async () => {
    const { caller, productId } = await setup('manager');
    await caller.items.create({ productId, type: 'bug', priority: 'high', title: 'a' });
    const b = await caller.items.create({ productId, type: 'bug', priority: 'low', title: 'b' });
    await caller.items.update({ productId, ref: b.id, expectedVersion: 1, patch: { status: 'in_progress' } });
    const c = await caller.items.create({ productId, type: 'feature', priority: 'high', title: 'c' });
    await caller.items.update({ productId, ref: c.id, expectedVersion: 1, patch: { status: 'done' } });
    await caller.items.create({ productId, type: 'task', priority: 'critical', title: 'd' });
    const gone = await caller.items.create({ productId, type: 'task', priority: 'low', title: 'deleted' });
    await caller.items.delete({ productId, ref: gone.id });

    expect(await caller.items.stats({ productId })).toEqual({
      total: 4,
      byType: { bug: 2, feature: 1, task: 1 },
      byStatus: { open: 2, in_progress: 1, done: 1, closed: 0, wont_fix: 0, triage: 0 },
      byPriority: { critical: 1, high: 2, medium: 0, low: 1 },
    });
  });
});
