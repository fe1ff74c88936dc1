import { createApp, createLogger, createPostgresBus, type PostgresBus } from '@baton/backend';
import { createAgentClient, createClient } from '@baton/client';
import type { ItemEventMessage } from '@baton/contracts';
import * as core from '@baton/core';
import { createDb, type Db } from '@baton/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listen } from '../support/api-server.ts';
import { buildOrg, buildUser } from '../support/builders.ts';
import { queryRows } from '../support/pg-client.ts';
import { waitUntil } from '../support/webhook-receiver.ts';

// Two replicas on one PostgreSQL (docs/events.md, "Replicas"): two apps, each with its own pool, access cache and
// LISTEN/NOTIFY bus (backend/src/postgres-bus.ts), over real HTTP. The embedded database serves one process and
// its one session delivers no NOTIFY to another connection, so there the server uses the in-process bus and this
// file has nothing to test.

type Replica = { url: string; db: Db; bus: PostgresBus; close(): Promise<void> };
const replicas: Replica[] = [];
const onPostgres = inject('databaseKind') === 'postgresql';

async function replica(name: string): Promise<Replica> {
  const url = inject('databaseUrl');
  const db = createDb(url, { max: 4 });
  const bus = await createPostgresBus({ url, name, reconnectMs: 100 });
  const served = await listen(createApp({ db, clock: () => new Date(), bus, cache: core.createAccessCache(bus), logger: createLogger('silent') }), db);
  return { url: served.url, db, bus, close: async () => (await served.close(), await bus.close()) };
}

describe.runIf(onPostgres)('replicas on one PostgreSQL', () => {
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    [a, b] = await Promise.all([replica('a'), replica('b')]);
    replicas.push(a, b);
  });
  afterAll(() => Promise.all(replicas.map((r) => r.close())));

  async function team() {
    const { org, product } = await buildOrg(a.db);
    const owner = await buildUser(a.db, org.id, 'owner');
    const ctx: core.Ctx = { db: a.db, clock: () => new Date(), bus: a.bus, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
    const { token } = await core.createSession(ctx, owner.id, { twoFactorVerified: true });
    const { key, secret } = await core.createApiKey(ctx, { organizationId: org.id, name: 'Agent', role: 'agent', scopes: ['read', 'write'] });
    return { product, key, secret, onA: createClient({ url: a.url, token }), agentOnB: createAgentClient({ url: b.url, token: secret, productId: product.id, retries: 0 }) };
  }

  it('carries every event written through one replica to a stream on the other, once each', async () => {
    const t = await team();
    const got: ItemEventMessage[] = [];
    const sub = t.agentOnB.events.subscribe({}, (e) => void got.push(e));
    await sub.ready;
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await t.onA.items.create.mutate({ productId: t.product.id, type: 'task', title: `Across ${i}` }));
    await waitUntil('12 events on replica b', () => got.length >= 12);
    await new Promise((r) => setTimeout(r, 300));
    sub.unsubscribe();
    expect(got.map((e) => e.itemId)).toEqual(created.map((c) => c.id));
    expect(got.every((e) => e.action === 'created')).toBe(true);
  });

  it('ends a key revoked through one replica on the other at once, cached or not', async () => {
    const t = await team();
    // replica b loads the key now and keeps it for the access cache's 5 s: only the bus can end it sooner
    expect(await t.agentOnB.items.list()).toMatchObject({ items: [] });
    await t.onA.apiKeys.revoke.mutate({ id: t.key.id });
    await waitUntil('the revocation heard on replica b', async () => {
      const res = await fetch(`${b.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${t.secret}` } });
      return res.status === 401;
    }, 2_000);
  });

  it('misses nothing while a replica reconnects its listener: the stream re-reads what it did not hear', async () => {
    const t = await team();
    const got: ItemEventMessage[] = [];
    const sub = t.agentOnB.events.subscribe({}, (e) => void got.push(e));
    await sub.ready;
    const first = await t.onA.items.create.mutate({ productId: t.product.id, type: 'task', title: 'Before the drop' });
    await waitUntil('the first event', () => got.length === 1);
    // replica b's listening session dies (a failover, a proxy restart); replica a writes meanwhile
    const ended = await queryRows(inject('databaseUrl'), `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'baton-bus-listen-b'`);
    expect(ended).toEqual([{ ended: true }]);
    const during = [];
    for (let i = 0; i < 3; i++) during.push(await t.onA.items.create.mutate({ productId: t.product.id, type: 'task', title: `During ${i}` }));
    await waitUntil('every event on replica b', () => got.length >= 4);
    const after = await t.onA.items.create.mutate({ productId: t.product.id, type: 'task', title: 'After' });
    await waitUntil('the event after', () => got.length >= 5);
    await new Promise((r) => setTimeout(r, 300));
    sub.unsubscribe();
    expect(got.map((e) => e.itemId)).toEqual([first, ...during, after].map((c) => c.id));
  });
});
