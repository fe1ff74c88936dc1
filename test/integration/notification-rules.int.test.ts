import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildUser, callerAsUser } from '../support/builders.ts';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// The notification rules (core/notifications/raise-notifications.ts) at two edges: the tRPC caller a person's web
// app uses, and an agent's API key over real HTTP; plus the live unread count the bell listens to.

const api = useApiServer();

async function team() {
  const t = await buildTeam(api());
  const pmUser = await buildUser(api().db, t.org.id, 'manager');
  const devUser = await buildUser(api().db, t.org.id, 'developer');
  const pm = (await callerAsUser(api().deps, pmUser)).caller;
  const dev = (await callerAsUser(api().deps, devUser)).caller;
  const handle = (u: { email: string }) => u.email.split('@')[0]!;
  const inbox = async (userId: string) =>
    (
      await api().db.notification.findMany({
        where: { userId },
        orderBy: { createdAt: 'asc' },
        select: { kind: true, body: true, itemId: true },
      })
    ).map((n) => `${n.kind}: ${n.body}`);
  return { ...t, pmUser, devUser, pm, dev, handle, inbox };
}

describe('notification rules, through the caller a person uses', () => {
  it('assigning and mentioning in a description notify once each; the actor hears nothing; the assignee watches', async () => {
    const t = await team();
    const item = await t.pm.items.create({
      productId: t.productId,
      type: 'task',
      title: 'Wire the bell',
      assigneeUserId: t.devUser.id,
      description: `@${t.handle(t.devUser)} and @${t.handle(t.pmUser)} see this`,
    });
    expect(await t.inbox(t.devUser.id)).toEqual([`mention: ${t.pmUser.name} mentioned you in the description of ${item.key}`]);
    expect(await t.inbox(t.pmUser.id)).toEqual([]);
    expect((await t.pm.items.watchers({ productId: t.productId, ref: item.key })).map((w) => w.id).sort()).toEqual([t.pmUser.id, t.devUser.id].sort());

    const other = await buildUser(api().db, t.org.id, 'developer');
    const updated = await t.dev.items.update({
      productId: t.productId,
      ref: item.key,
      expectedVersion: item.version,
      patch: { assigneeUserId: other.id, description: `@${t.handle(t.pmUser)} see this, @${t.handle(t.devUser)}` },
    });
    expect(await t.inbox(other.id)).toEqual([`assigned: ${t.devUser.name} assigned you ${item.key}`]);
    // pm was mentioned before: the edit re-mentions nobody
    expect(await t.inbox(t.pmUser.id)).toEqual([]);
    await t.dev.items.update({
      productId: t.productId,
      ref: item.key,
      expectedVersion: updated.version,
      patch: { description: `cc @${t.handle(other)} only` },
    });
    await t.dev.items.update({
      productId: t.productId,
      ref: item.key,
      expectedVersion: updated.version + 1,
      patch: { description: `cc @${t.handle(t.pmUser)} again` },
    });
    expect(await t.inbox(t.pmUser.id)).toEqual([`mention: ${t.devUser.name} mentioned you in the description of ${item.key}`]);
  });

  it('a status change or comment tells watchers and the reporter; commenters watch; a mention outranks the comment', async () => {
    const t = await team();
    const item = await t.pm.items.create({ productId: t.productId, type: 'bug', title: 'Crash' });
    const ref = { productId: t.productId, ref: item.key };
    await t.dev.items.comments.add({ ...ref, body: 'On it' });
    expect(await t.inbox(t.pmUser.id)).toEqual([`commented: ${t.devUser.name} commented on ${item.key}`]);
    await t.pm.items.comments.add({ ...ref, body: `@${t.handle(t.devUser)} thanks` });
    expect(await t.inbox(t.devUser.id)).toEqual([`mention: ${t.pmUser.name} mentioned you on ${item.key}`]);
    const { version } = await t.dev.items.get(ref);
    await t.dev.items.update({ ...ref, expectedVersion: version, patch: { status: 'in_progress' } });
    expect((await t.inbox(t.pmUser.id)).at(-1)).toBe(`status_changed: ${t.devUser.name} moved ${item.key} to in progress`);
    // unwatching stops it (the reporter still hears)
    await t.dev.items.watch({ ...ref, watching: false });
    await t.pm.items.update({ ...ref, expectedVersion: version + 1, patch: { status: 'done' } });
    expect(await t.inbox(t.devUser.id)).toHaveLength(1);
  });

  it('the last open blocker done tells the blocked item’s assignee and reporter; one still open keeps them waiting', async () => {
    const t = await team();
    const blocker = await t.pm.items.create({ productId: t.productId, type: 'task', title: 'API first' });
    const other = await t.pm.items.create({ productId: t.productId, type: 'task', title: 'Schema first' });
    const waiting = await t.dev.items.create({ productId: t.productId, type: 'task', title: 'UI', assigneeUserId: t.devUser.id });
    await t.pm.items.links.add({ productId: t.productId, ref: blocker.key, type: 'blocks', to: waiting.key });
    await t.pm.items.links.add({ productId: t.productId, ref: other.key, type: 'blocks', to: waiting.key });
    await t.pm.items.update({ productId: t.productId, ref: blocker.key, expectedVersion: blocker.version, patch: { status: 'done' } });
    expect(await t.inbox(t.devUser.id)).toEqual([]);
    await t.pm.items.update({ productId: t.productId, ref: other.key, expectedVersion: other.version, patch: { status: 'closed' } });
    expect(await t.inbox(t.devUser.id)).toEqual([`unblocked: ${waiting.key} is unblocked: ${other.key} is done`]);
  });

  it('never tells anyone outside the organization: a watcher who left, or a mention of an outsider', async () => {
    const t = await team();
    const elsewhere = await buildTeam(api());
    const outsider = await buildUser(api().db, elsewhere.org.id, 'owner');
    const item = await t.pm.items.create({ productId: t.productId, type: 'task', title: 'Private' });
    await t.dev.items.watch({ productId: t.productId, ref: item.key, watching: true });
    await core.removeMember(t.owner, { organizationId: t.org.id, userId: t.devUser.id });
    await t.pm.items.comments.add({ productId: t.productId, ref: item.key, body: `@${t.handle(outsider)} @${t.handle(t.devUser)} look` });
    expect(await t.inbox(t.devUser.id)).toEqual([]);
    expect(await t.inbox(outsider.id)).toEqual([]);
  });
});

describe('the same rules for an agent over HTTP', () => {
  it('an agent’s claim, status and comment notify the watchers like a person’s', async () => {
    const t = await team();
    const agent = await t.agent();
    const item = await t.pm.items.create({ productId: t.productId, type: 'task', title: 'For the agent' });
    const ref = { productId: t.productId, ref: item.key };
    await agent.client.claims.claim.mutate(ref);
    await agent.client.items.comments.add.mutate({ ...ref, body: `@${t.handle(t.pmUser)} started` });
    await agent.client.agent.setStatus.mutate({ ...ref, status: 'done', reason: 'shipped' });
    expect(await t.inbox(t.pmUser.id)).toEqual([
      `status_changed: ${agent.principal.name} moved ${item.key} to in progress`,
      `mention: ${agent.principal.name} mentioned you on ${item.key}`,
      `status_changed: ${agent.principal.name} moved ${item.key} to done`,
    ]);
  });
});

describe('the live unread count', () => {
  it('counts now, then again after each notification and read, until closed', async () => {
    const t = await team();
    const ctx = {
      ...api().deps,
      principal: { kind: 'user' as const, userId: t.devUser.id, name: t.devUser.name, email: t.devUser.email, sessionId: null },
    };
    const abort = new AbortController();
    const counts = core.unreadCounts(ctx, abort.signal);
    expect((await counts.next()).value).toEqual({ count: 0 });
    const item = await t.pm.items.create({ productId: t.productId, type: 'task', title: 'Live', assigneeUserId: t.devUser.id });
    expect((await counts.next()).value).toEqual({ count: 1 });
    const [n] = (await t.dev.notifications.list({})).items;
    expect(await t.dev.notifications.open({ id: n!.id })).toMatchObject({ item: { key: item.key }, readAt: expect.any(Date) });
    expect((await counts.next()).value).toEqual({ count: 0 });
    abort.abort();
    expect((await counts.next()).done).toBe(true);
    await expect(t.pm.notifications.open({ id: n!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('ends with UNAUTHENTICATED once the session is signed out', async () => {
    const t = await team();
    const { session } = await callerAsUser(api().deps, t.devUser);
    const ctx = { ...api().deps, principal: { kind: 'user' as const, userId: t.devUser.id, name: t.devUser.name, email: t.devUser.email, sessionId: session.sessionId } };
    const counts = core.unreadCounts(ctx, undefined, { recheckMs: 60_000 });
    expect((await counts.next()).value).toEqual({ count: 0 });
    const pending = counts.next();
    await core.invalidateSession(api().deps, session.sessionId!);
    await expect(pending).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
