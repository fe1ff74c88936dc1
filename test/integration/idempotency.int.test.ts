import { randomUUID } from 'node:crypto';
import type { MemberRole } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeam, failure, settle, useApiServer } from '../support/api-server.ts';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';

// Idempotent writes: a retried call with the same idempotencyKey returns the first result and changes nothing.
// Through the tRPC caller for the rules, and over real HTTP for what a retrying client actually sees.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

const newKey = () => `retry-${randomUUID()}`;

async function setup(role: MemberRole = 'developer') {
  const { org, product } = await buildOrg(db);
  const user = await buildUser(db, org.id, role);
  const { caller } = await callerAsUser(deps, user);
  return { org, product, user, caller, productId: product.id };
}

const record = (key: string) => db.idempotencyRecord.findMany({ where: { key }, select: { callerId: true, response: true } });

describe('idempotent writes through the caller', () => {
  it('returns the first item for a retried items.create and creates one row', async () => {
    const { caller, productId } = await setup();
    const idempotencyKey = newKey();
    const input = { productId, type: 'bug' as const, title: 'Once only', labels: ['retry'], idempotencyKey };
    const first = await caller.items.create(input);
    const again = await caller.items.create(input);

    expect(again).toEqual(first);
    expect(again.createdAt).toBeInstanceOf(Date);
    expect(await db.item.count({ where: { productId } })).toBe(1);
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).nextItemNumber).toBe(2);
    expect(await db.activityEvent.count({ where: { productId, action: 'created' } })).toBe(1);
    // without a key every call is a new write
    await caller.items.create({ productId, type: 'bug', title: 'Twice' });
    await caller.items.create({ productId, type: 'bug', title: 'Twice' });
    expect(await db.item.count({ where: { productId } })).toBe(3);
  });

  it('adds one comment for a retried items.comments.add', async () => {
    const { caller, productId } = await setup();
    const item = await caller.items.create({ productId, type: 'task', title: 'Commented' });
    const idempotencyKey = newKey();
    const first = await caller.items.comments.add({ productId, ref: item.key, body: 'Said once', idempotencyKey });
    const again = await caller.items.comments.add({ productId, ref: item.key, body: 'Said once', idempotencyKey });

    expect(again).toEqual(first);
    expect(await db.comment.count({ where: { itemId: item.id } })).toBe(1);
    expect((await caller.items.get({ productId, ref: item.id })).commentCount).toBe(1);
  });

  it('replays a retried update instead of failing it on the version it moved itself', async () => {
    const { caller, productId } = await setup();
    const item = await caller.items.create({ productId, type: 'task', title: 'Before' });
    const input = { productId, ref: item.id, expectedVersion: 1, patch: { title: 'After' }, idempotencyKey: newKey() };
    const first = await caller.items.update(input);
    expect(await caller.items.update(input)).toEqual(first);
    expect(first.version).toBe(2);
    // the same call without the key is a second write against a stale version
    const { idempotencyKey: _k, ...plain } = input;
    await expectDomainError(caller.items.update(plain), 'CONFLICT');
  });

  it('refuses the same key with a different input, or for another procedure, with IDEMPOTENCY_MISMATCH', async () => {
    const { caller, productId } = await setup();
    const idempotencyKey = newKey();
    const item = await caller.items.create({ productId, type: 'bug', title: 'First', idempotencyKey });
    const err = await expectDomainError(
      caller.items.create({ productId, type: 'bug', title: 'Second', idempotencyKey }),
      'IDEMPOTENCY_MISMATCH',
    );
    expect(err.details).toEqual({ key: idempotencyKey });
    await expectDomainError(caller.items.comments.add({ productId, ref: item.id, body: 'First', idempotencyKey }), 'IDEMPOTENCY_MISMATCH');
    expect(await db.item.count({ where: { productId } })).toBe(1);
    expect(await db.comment.count({ where: { itemId: item.id } })).toBe(0);
  });

  it('keeps keys per caller: another person may use the same key for their own write', async () => {
    const { caller, productId, org } = await setup();
    const other = (await callerAsUser(deps, await buildUser(db, org.id, 'developer'))).caller;
    const idempotencyKey = newKey();
    const mine = await caller.items.create({ productId, type: 'task', title: 'Mine', idempotencyKey });
    const theirs = await other.items.create({ productId, type: 'task', title: 'Theirs', idempotencyKey });
    expect(theirs.id).not.toBe(mine.id);
    expect((await record(idempotencyKey)).map((r) => r.callerId).sort()).toHaveLength(2);
  });

  it('does not keep the key of a failed write: the retry runs for real once the cause is fixed', async () => {
    const { caller, productId, org } = await setup();
    const outsider = await buildUser(db, null, null);
    const idempotencyKey = newKey();
    const input = { productId, type: 'bug' as const, title: 'Assigned', assigneeUserId: outsider.id, idempotencyKey };
    await expectDomainError(caller.items.create(input), 'BAD_INPUT');
    expect(await record(idempotencyKey)).toEqual([]);
    // the same call fails the same way (it ran again, nothing was replayed) ...
    await expectDomainError(caller.items.create(input), 'BAD_INPUT');
    // ... and succeeds once the assignee has joined
    await db.membership.create({ data: { userId: outsider.id, organizationId: org.id, role: 'viewer' } });
    const item = await caller.items.create(input);
    expect(item.assignee).toMatchObject({ id: outsider.id });
    expect(await caller.items.create(input)).toEqual(item);
    expect(await db.item.count({ where: { productId } })).toBe(1);
    expect(await record(idempotencyKey)).toEqual([expect.objectContaining({ response: { value: expect.anything() } })]);
  });

  it('refuses a malformed key before anything runs', async () => {
    const { caller, productId } = await setup();
    await expect(caller.items.create({ productId, type: 'bug', title: 'x', idempotencyKey: 'short' })).rejects.toThrow(/idempotencyKey/);
    await expect(caller.items.create({ productId, type: 'bug', title: 'x', idempotencyKey: 'has spaces in it' })).rejects.toThrow(
      /idempotencyKey/,
    );
    expect(await db.item.count({ where: { productId } })).toBe(0);
  });

  it('covers every items mutation: retried checklist, label, link and delete calls change things once', async () => {
    const { caller, productId, user } = await setup('manager');
    const a = await caller.items.create({ productId, type: 'task', title: 'A' });
    const b = await caller.items.create({ productId, type: 'task', title: 'B' });
    const twice = async <T>(call: (idempotencyKey: string) => Promise<T>) => {
      const idempotencyKey = newKey();
      const first = await call(idempotencyKey);
      expect(await call(idempotencyKey)).toEqual(first);
      return first;
    };
    const entry = await twice((k) => caller.items.checklist.add({ productId, ref: a.id, text: 'Step', idempotencyKey: k }));
    await twice((k) => caller.items.checklist.set({ productId, ref: a.id, entryId: entry.id, done: true, idempotencyKey: k }));
    await twice((k) => caller.items.setLabels({ productId, ref: a.id, labels: ['x'], idempotencyKey: k }));
    const link = await twice((k) => caller.items.links.add({ productId, ref: a.id, type: 'blocks', to: b.id, idempotencyKey: k }));
    await twice((k) => caller.items.links.remove({ productId, ref: a.id, linkId: link.id, idempotencyKey: k }));
    await twice((k) => caller.items.watch({ productId, ref: b.id, watching: true, idempotencyKey: k }));
    const comment = await caller.items.comments.add({ productId, ref: a.id, body: 'Hi' });
    await twice((k) => caller.items.comments.edit({ productId, commentId: comment.id, body: 'Hello', idempotencyKey: k }));
    await twice((k) => caller.items.comments.delete({ productId, commentId: comment.id, idempotencyKey: k }));
    await twice((k) => caller.items.checklist.remove({ productId, ref: a.id, entryId: entry.id, idempotencyKey: k }));
    await twice((k) => caller.items.delete({ productId, ref: b.id, idempotencyKey: k }));

    expect(await db.checklistEntry.count({ where: { itemId: a.id } })).toBe(0);
    expect(await db.itemLink.count({ where: { fromItemId: a.id } })).toBe(0);
    expect((await db.item.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(2);
    expect(
      await db.activityEvent.count({
        where: { itemId: a.id, action: { in: ['linked', 'unlinked', 'checklist_checked', 'comment_edited', 'comment_deleted'] } },
      }),
    ).toBe(5);
    expect(await db.watcher.count({ where: { itemId: b.id, userId: user.id } })).toBe(1);
  });

  it('takes a key on triage.setPublicStatus like every write: a retry replays the first answer', async () => {
    const { caller, productId } = await setup('manager');
    const item = await caller.items.create({ productId, type: 'feature', title: 'Shown on the roadmap' });
    const idempotencyKey = newKey();
    const input = { productId, ref: item.id, publicStatus: 'planned' as const, idempotencyKey };
    const first = await caller.triage.setPublicStatus(input);
    expect(first).toMatchObject({ publicStatus: 'planned', shown: 'planned' });
    expect(await caller.triage.setPublicStatus(input)).toEqual(first);
    expect(await db.activityEvent.count({ where: { itemId: item.id, field: 'publicStatus' } })).toBe(1);
  });

  it('replays organizations.create, products.create and products.archive retried with their key', async () => {
    const owner = await buildUser(db, null, null);
    const { caller } = await callerAsUser(deps, owner);
    const key = () => `I${randomUUID().replace(/\D/g, '').slice(0, 7)}`;
    const orgInput = { name: 'Retried Inc', product: { name: 'First', key: key() }, idempotencyKey: newKey() };
    const started = await caller.organizations.create(orgInput);
    expect(await caller.organizations.create(orgInput)).toEqual(started);
    const productInput = { organizationId: started.organization.id, name: 'Second', key: key(), idempotencyKey: newKey() };
    const product = await caller.products.create(productInput);
    expect(await caller.products.create(productInput)).toEqual(product);
    const archive = { productId: product.id, idempotencyKey: newKey() };
    const archived = await caller.products.archive(archive);
    expect(await caller.products.archive(archive)).toEqual(archived);
    expect(await db.product.count({ where: { organizationId: started.organization.id } })).toBe(2);
  });

  it('lets exactly one of 10 concurrent same-key creates run; the others replay it or are told IN_PROGRESS', async () => {
    const { caller, productId } = await setup();
    const idempotencyKey = newKey();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => caller.items.create({ productId, type: 'task', title: 'Raced', idempotencyKey })),
    );
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((i) => i.id)).size).toBe(1);
    for (const e of failed)
      expect((await expectDomainError(Promise.reject(e), 'IN_PROGRESS')).details).toEqual({ key: idempotencyKey, retryAfterSeconds: 1 });
    expect(await db.item.count({ where: { productId } })).toBe(1);
    // once the winner has finished, a retry of any loser gets its item
    expect((await caller.items.create({ productId, type: 'task', title: 'Raced', idempotencyKey })).id).toBe(ok[0]!.id);
  });
});

describe('idempotent writes over HTTP', () => {
  const api = useApiServer();

  it('answers a retried items.create with the same item and stores one row', async () => {
    const team = await buildTeam(api());
    const dev = await team.person('developer');
    const idempotencyKey = newKey();
    const input = { productId: team.productId, type: 'bug' as const, title: 'Over the wire', idempotencyKey };
    const first = await dev.client.items.create.mutate(input);
    const again = await dev.client.items.create.mutate(input);
    expect(again).toEqual(first);
    expect(again.updatedAt).toBeInstanceOf(Date);
    expect(await api().db.item.count({ where: { productId: team.productId } })).toBe(1);
  });

  it('adds one comment for a retried comment add, for a person and for an API key', async () => {
    const team = await buildTeam(api());
    const dev = await team.person('developer');
    const agent = await team.agent(['write']);
    const item = await dev.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Talked about' });
    for (const client of [dev.client, agent.client]) {
      const idempotencyKey = newKey();
      const first = await client.items.comments.add.mutate({ productId: team.productId, ref: item.key, body: 'Once', idempotencyKey });
      expect(await client.items.comments.add.mutate({ productId: team.productId, ref: item.key, body: 'Once', idempotencyKey })).toEqual(
        first,
      );
    }
    expect(await api().db.comment.count({ where: { itemId: item.id } })).toBe(2);
  });

  it('answers the same key with another input with 422 IDEMPOTENCY_MISMATCH', async () => {
    const team = await buildTeam(api());
    const dev = await team.person('developer');
    const idempotencyKey = newKey();
    await dev.client.items.create.mutate({ productId: team.productId, type: 'bug', title: 'One', idempotencyKey });
    const f = await failure(dev.client.items.create.mutate({ productId: team.productId, type: 'bug', title: 'Two', idempotencyKey }));
    expect(f).toMatchObject({ status: 422, baton: { code: 'IDEMPOTENCY_MISMATCH', details: { key: idempotencyKey } } });
  });

  it('does not poison the key when the write fails inside core', async () => {
    const team = await buildTeam(api());
    const dev = await team.person('developer');
    const stranger = await buildUser(api().db, null, null);
    const idempotencyKey = newKey();
    const input = { productId: team.productId, type: 'bug' as const, title: 'Assigned', assigneeUserId: stranger.id, idempotencyKey };
    expect(await failure(dev.client.items.create.mutate(input))).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT' } });
    await api().db.membership.create({ data: { userId: stranger.id, organizationId: team.org.id, role: 'viewer' } });
    const item = await dev.client.items.create.mutate(input);
    expect(item.assignee?.id).toBe(stranger.id);
    expect(await api().db.item.count({ where: { productId: team.productId } })).toBe(1);
  });

  it('creates exactly one item from 10 concurrent requests with one key', async () => {
    const team = await buildTeam(api());
    const agent = await team.agent(['write']);
    const idempotencyKey = newKey();
    const input = { productId: team.productId, type: 'task' as const, title: 'Concurrent', idempotencyKey };
    const { ok, failed } = await settle(Array.from({ length: 10 }, () => agent.client.items.create.mutate(input)));
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((i) => i.id)).size).toBe(1);
    for (const e of failed) expect(await failure(Promise.reject(e))).toMatchObject({ status: 409, baton: { code: 'IN_PROGRESS' } });
    expect(await api().db.item.count({ where: { productId: team.productId } })).toBe(1);
    expect((await agent.client.items.create.mutate(input)).id).toBe(ok[0]!.id);
  });
});
