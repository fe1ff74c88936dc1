import type { Server } from 'node:http';
import { createApp, createLogger } from '@baton/backend';
import { BatonError, createAgentClient, createClient, type EventSubscription } from '@baton/client';
import type { ItemEventMessage } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx, EventBus } from '@baton/core';
import type { Db } from '@baton/db';
import { listen } from '../support/api-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, testDb } from '../support/builders.ts';

// events.items over real HTTP and SSE: the typed client's httpSubscriptionLink through the `eventsource`
// package, the in-process bus, back-fill from ActivityEvent rows, filters, resumption, and clean-up.

/** The in-process bus, counting its listeners so a test can see a stream let go of it. */
function countingBus(): EventBus & { listeners(): number } {
  const bus = core.createInProcessBus();
  let n = 0;
  return {
    publish: (events) => bus.publish(events),
    publishAccessChange: () => bus.publishAccessChange(),
    onAccessChange: (listener) => bus.onAccessChange(listener),
    publishNotified: (userIds) => bus.publishNotified(userIds),
    onNotified: (userId, listener) => bus.onNotified(userId, listener),
    subscribe(productId, listener) {
      n++;
      const off = bus.subscribe(productId, listener);
      let on = true;
      return () => {
        if (on) n--;
        on = false;
        off();
      };
    },
    listeners: () => n,
  };
}

type Running = { url: string; db: Db; bus: ReturnType<typeof countingBus>; server: Server; close(): Promise<void> };

async function serve(): Promise<Running> {
  const db = testDb();
  const bus = countingBus();
  const { url, server, close } = await listen(createApp({ db, clock: () => new Date(), bus, logger: createLogger('silent') }), db);
  return { url, db, bus, server, close };
}

let api: Running;
beforeAll(async () => {
  api = await serve();
});
afterAll(() => api.close());

/** An organization with a product, an owner (who makes the changes, as a person) and a read-only API key. */
async function world(run: Running = api) {
  const { org, product } = await buildOrg(run.db);
  const owner = await buildUser(run.db, org.id, 'owner');
  const ownerCtx: Ctx = {
    db: run.db,
    clock: () => new Date(),
    bus: run.bus,
    principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null },
  };
  const { token } = await core.createSession(ownerCtx, owner.id, { twoFactorVerified: true });
  const { secret } = await core.createApiKey(ownerCtx, { organizationId: org.id, name: 'Watcher', role: 'agent', scopes: ['read'] });
  return {
    org,
    product,
    owner,
    secret,
    writer: createClient({ url: run.url, token }),
    watcher: createAgentClient({ url: run.url, token: secret, productId: product.id }),
    /** an agent that may claim work */
    async worker() {
      const key = await core.createApiKey(ownerCtx, { organizationId: org.id, name: 'Worker', role: 'agent', scopes: ['write'] });
      return createAgentClient({ url: run.url, token: key.secret, productId: product.id });
    },
  };
}

/** Events received by a subscription, and a way to wait until some arrived. */
function collector() {
  const events: ItemEventMessage[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    events,
    onEvent(e: ItemEventMessage) {
      events.push(e);
      for (const w of waiters.filter((w) => events.length >= w.n)) w.resolve();
    },
    async until(n: number, ms = 10_000) {
      if (events.length >= n) return events;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited for ${n} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.action))}`)),
          ms,
        );
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
      return events;
    },
  };
}

/** The product's activity rows after `after`, as the stream should carry them. */
async function rowsAfter(db: Db, productId: string, after = 0n) {
  const rows = await db.activityEvent.findMany({
    where: { productId, seq: { gt: after } },
    orderBy: { seq: 'asc' },
    select: { seq: true, itemId: true, action: true },
  });
  return rows.map((r) => ({ seq: r.seq.toString(), itemId: r.itemId, action: r.action }));
}
const brief = (events: ItemEventMessage[]) => events.map((e) => ({ seq: e.seq, itemId: e.itemId, action: e.action }));

async function settled(sub: EventSubscription) {
  sub.unsubscribe();
  await sub.done;
}

describe('events.items over SSE', () => {
  it('streams creates, updates and comments to an API key in order, each with its seq', async () => {
    const w = await world();
    const got = collector();
    const sub = w.watcher.events.subscribe({}, got.onEvent);
    await sub.ready;

    const item = await w.writer.items.create.mutate({ productId: w.product.id, type: 'task', title: 'Watched' });
    await w.writer.items.update.mutate({
      productId: w.product.id,
      ref: item.id,
      expectedVersion: item.version,
      patch: { title: 'Watched, renamed' },
    });
    await w.writer.items.comments.add.mutate({ productId: w.product.id, ref: item.id, body: 'Looks good' });

    const rows = await rowsAfter(api.db, w.product.id);
    expect(rows.map((r) => r.action)).toEqual(['created', 'updated', 'commented']);
    await got.until(3);
    expect(brief(got.events)).toEqual(rows);
    expect(got.events.every((e) => e.productId === w.product.id && e.actorName.length > 0 && e.at instanceof Date)).toBe(true);
    expect(sub.lastEventId).toBe(rows[2]!.seq);
    await settled(sub);
  });

  it('filters by item, and by label against the item as it is now', async () => {
    const w = await world();
    const p = w.product.id;
    const a = await w.writer.items.create.mutate({ productId: p, type: 'bug', title: 'A', labels: ['api'] });
    const b = await w.writer.items.create.mutate({ productId: p, type: 'task', title: 'B' });
    const byItem = collector();
    const byLabel = collector();
    const subs = [
      w.watcher.events.subscribe({ itemId: a.id }, byItem.onEvent),
      w.watcher.events.subscribe({ label: 'api' }, byLabel.onEvent),
    ];
    await Promise.all(subs.map((s) => s.ready));

    await w.writer.items.comments.add.mutate({ productId: p, ref: b.id, body: 'B, unlabelled: nobody here hears it' });
    await w.writer.items.comments.add.mutate({ productId: p, ref: a.id, body: 'A' });
    await w.writer.items.setLabels.mutate({ productId: p, ref: b.id, labels: ['api'] });
    await w.writer.items.comments.add.mutate({ productId: p, ref: b.id, body: 'B, labelled now' });
    await w.writer.items.comments.add.mutate({ productId: p, ref: a.id, body: 'A again' });

    await byItem.until(2);
    await byLabel.until(4);
    expect(byItem.events.map((e) => [e.itemId, e.action])).toEqual([
      [a.id, 'commented'],
      [a.id, 'commented'],
    ]);
    expect(byLabel.events.map((e) => [e.itemId, e.action])).toEqual([
      [a.id, 'commented'],
      [b.id, 'updated'],
      [b.id, 'commented'],
      [a.id, 'commented'],
    ]);
    await Promise.all(subs.map(settled));
  });

  it("filters by assignee: 'me' for the calling key, or a person's id", async () => {
    const w = await world();
    const p = w.product.id;
    const worker = await w.worker();
    const [a, b] = [
      await w.writer.items.create.mutate({ productId: p, type: 'task', title: 'For the agent' }),
      await w.writer.items.create.mutate({ productId: p, type: 'task', title: 'For the owner' }),
    ];
    const mine = collector();
    const owners = collector();
    const subs = [worker.events.subscribe({ assigneeId: 'me' }, mine.onEvent), w.watcher.events.subscribe({ assigneeId: w.owner.id }, owners.onEvent)];
    await Promise.all(subs.map((s) => s.ready));

    await w.writer.items.comments.add.mutate({ productId: p, ref: a.id, body: 'unassigned yet' });
    await worker.items.claim(a.id); // claiming assigns the item to the key
    await w.writer.items.update.mutate({ productId: p, ref: b.id, expectedVersion: b.version, patch: { assigneeUserId: w.owner.id } });
    await w.writer.items.comments.add.mutate({ productId: p, ref: a.id, body: 'for the agent' });
    await w.writer.items.comments.add.mutate({ productId: p, ref: b.id, body: 'for the owner' });

    const claimed = (await rowsAfter(api.db, p)).filter((r) => r.itemId === a.id).slice(2);
    await mine.until(claimed.length);
    await owners.until(2);
    expect(brief(mine.events)).toEqual(claimed);
    expect(mine.events.at(-1)?.action).toBe('commented');
    expect(owners.events.map((e) => [e.itemId, e.action])).toEqual([
      [b.id, 'updated'],
      [b.id, 'commented'],
    ]);
    await Promise.all(subs.map(settled));
  });

  it('resumes from lastEventId with exactly the events made while away, then goes live without repeats', async () => {
    const w = await world();
    const p = w.product.id;
    const first = collector();
    const sub = w.watcher.events.subscribe({}, first.onEvent);
    await sub.ready;
    const item = await w.writer.items.create.mutate({ productId: p, type: 'task', title: 'Resumed' });
    await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'one' });
    await first.until(2);
    const lastEventId = sub.lastEventId!;
    await settled(sub);

    // made while nobody listens
    await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'two' });
    await w.writer.items.checklist.add.mutate({ productId: p, ref: item.id, text: 'three' });
    await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'four' });
    const missed = await rowsAfter(api.db, p, BigInt(lastEventId));
    expect(missed).toHaveLength(3);

    const again = collector();
    const resumed = w.watcher.events.subscribe({ lastEventId }, again.onEvent);
    await resumed.ready;
    await again.until(3);
    await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'live' });
    await again.until(4);
    expect(brief(again.events)).toEqual(await rowsAfter(api.db, p, BigInt(lastEventId)));
    expect(new Set(again.events.map((e) => e.seq)).size).toBe(4);
    await settled(resumed);
  });

  it('reconnects by itself after the connection drops, sending its credentials and last id again', async () => {
    const own = await serve();
    try {
      const w = await world(own);
      const p = w.product.id;
      const got = collector();
      const sub = w.watcher.events.subscribe({}, got.onEvent);
      await sub.ready;
      const item = await w.writer.items.create.mutate({ productId: p, type: 'task', title: 'Dropped' });
      await got.until(1);

      own.server.closeAllConnections();
      // the server side of the dropped stream lets go of the bus
      await expect.poll(() => own.bus.listeners(), { timeout: 5_000 }).toBe(0);
      await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'while down' });
      await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'still down' });

      await got.until(3, 15_000);
      await w.writer.items.comments.add.mutate({ productId: p, ref: item.id, body: 'back' });
      await got.until(4);
      expect(brief(got.events)).toEqual(await rowsAfter(own.db, p));
      await settled(sub);
    } finally {
      await own.close();
    }
  });

  it("answers NOT_FOUND for another organization's product, as for a missing one", async () => {
    const w = await world();
    const other = await buildOrg(api.db);
    for (const productId of [other.product.id, 'no-such-product']) {
      const sub = createAgentClient({ url: api.url, token: w.secret, productId }).events.subscribe({}, () => {});
      const error = await sub.done.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, productId).toBeInstanceOf(BatonError);
      expect((error as BatonError).code, productId).toBe('NOT_FOUND');
    }
  });

  it('refuses callers without credentials, and a filter on an item of another product', async () => {
    const w = await world();
    const anonymous = createAgentClient({ url: api.url, productId: w.product.id }).events.subscribe({}, () => {});
    await expect(anonymous.done).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const other = await world();
    const foreign = await other.writer.items.create.mutate({ productId: other.product.id, type: 'task', title: 'Elsewhere' });
    const sub = w.watcher.events.subscribe({ itemId: foreign.id }, () => {});
    await expect(sub.done).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets go of the bus when the client unsubscribes', async () => {
    const w = await world();
    const before = api.bus.listeners();
    const subs = [w.watcher.events.subscribe({}, () => {}), w.watcher.events.subscribe({ label: 'x' }, () => {})];
    await Promise.all(subs.map((s) => s.ready));
    expect(api.bus.listeners()).toBe(before + 2);
    await Promise.all(subs.map(settled));
    await expect.poll(() => api.bus.listeners(), { timeout: 5_000 }).toBe(before);
  });
});
