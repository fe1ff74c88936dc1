import { createApp, createLogger } from '@baton/backend';
import { BatonError, createAgentClient, createClient, type AgentClientOptions } from '@baton/client';
import type { ApiScope } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx } from '@baton/core';
import type { Db } from '@baton/db';
import { listen } from '../support/api-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, testDb } from '../support/builders.ts';

// createAgentClient's helpers against a real server over HTTP: what an agent's author writes, end to end.

let url: string;
let db: Db;
let closeServer: () => Promise<void>;
beforeAll(async () => {
  db = testDb();
  const app = createApp({ db, clock: () => new Date(), bus: core.createInProcessBus(), logger: createLogger('silent') });
  ({ url, close: closeServer } = await listen(app, db));
});
afterAll(async () => {
  await closeServer();
});

/** A product, a person who files work (typed client) and a way to mint agents (API keys) in it. */
async function world() {
  const { org, product } = await buildOrg(db);
  const owner = await buildUser(db, org.id, 'owner');
  const ownerCtx: Ctx = {
    db,
    clock: () => new Date(),
    bus: core.createInProcessBus(),
    principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null },
  };
  const { token } = await core.createSession(ownerCtx, owner.id, { twoFactorVerified: true });
  const agent = async (name: string, scopes: ApiScope[] = ['write'], opts: Partial<AgentClientOptions> = {}) => {
    const { secret } = await core.createApiKey(ownerCtx, { organizationId: org.id, name, role: 'agent', scopes });
    return createAgentClient({ url, token: secret, productId: product.id, ...opts });
  };
  return { product, pm: createClient({ url, token }), agent };
}

/** The BatonError a call failed with. */
async function failure(p: Promise<unknown>): Promise<BatonError> {
  const e = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(BatonError);
  return e as BatonError;
}

describe('createAgentClient', () => {
  it('runs an agent loop: ready, takeNext, context, progress, PR, comment, done', async () => {
    const w = await world();
    const bot = await w.agent('Bot');
    const filed = await w.pm.items.create.mutate({
      productId: w.product.id,
      type: 'bug',
      title: 'Crash on save',
      description: 'Saving twice crashes.',
      labels: ['agent'],
    });

    const ready = await bot.items.ready({ label: ['agent'] });
    expect(ready.items.map((i) => i.id)).toEqual([filed.id]);
    expect(await bot.items.explain(filed.id)).toMatchObject({ ready: true });

    const next = await bot.items.takeNext({ label: ['agent'] });
    expect(next?.item.id).toBe(filed.id);
    const lease = next!.lease;
    expect(lease.fencingToken).toBeGreaterThanOrEqual(1);
    const renewed = await bot.items.heartbeat(lease, { ttlSeconds: 7_200 });
    expect(renewed.leaseExpiresAt.getTime()).toBeGreaterThan(lease.leaseExpiresAt.getTime());

    const pack = await bot.items.context(filed.id);
    expect(pack.markdown).toContain('Crash on save');
    expect(pack.markdown).toContain('Saving twice crashes.');

    const fencingToken = lease.fencingToken;
    await bot.items.progress(filed.id, { percent: 60, stage: 'tests', fencingToken });
    const pr = await bot.items.linkPr(filed.id, {
      url: 'https://github.com/acme/app/pull/7',
      number: 7,
      branch: 'fix/crash',
      fencingToken,
    });
    expect(pr).toMatchObject({ number: 7, status: 'open', branch: 'fix/crash' });
    await bot.items.comment(filed.id, 'Fixed in #7');
    const done = await bot.items.setStatus(filed.id, 'done', { reason: 'fix merged', evidence: { links: [pr.url] }, fencingToken });
    expect(done).toMatchObject({ item: { status: 'done' }, changed: true, claimEnded: { reason: 'completed', fencingToken } });

    const seen = await bot.items.get(filed.id);
    expect(seen).toMatchObject({ status: 'done', commentCount: 1 });
    expect(await bot.items.explain(filed.id)).toMatchObject({ ready: false });
    expect(await bot.items.takeNext({ label: ['agent'] })).toBeNull();
    expect((await bot.items.list({})).items.map((i) => i.id)).toContain(filed.id);
  });

  it('creates items and claims by key; a second agent meets CLAIM_CONFLICT, then gets it after a release', async () => {
    const w = await world();
    const [alice, bob] = [await w.agent('Alice'), await w.agent('Bob')];
    const item = await alice.items.create({ type: 'task', title: 'Shared work' });
    const key = `${w.product.key}-${item.number}`;

    const lease = await alice.items.claim(key, { ttlSeconds: 300 });
    expect(lease.itemId).toBe(item.id);
    const conflict = await failure(bob.items.claim(item.id));
    expect(conflict.code).toBe('CLAIM_CONFLICT');
    expect(conflict.details).toMatchObject({ holder: expect.objectContaining({ name: 'Alice' }) });

    const ended = await alice.items.release(lease, 'handing over');
    expect(ended.endReason).toBe('released');
    const bobs = await bob.items.claim(item.id);
    expect(bobs.fencingToken).toBeGreaterThan(lease.fencingToken);
    // alice's lease is gone: every write with her stale token says so (LEASE_EXPIRED, as heartbeat and release do),
    // though bob holds the item now; only a write without a token meets bob's claim
    expect((await failure(alice.items.heartbeat(lease))).code).toBe('LEASE_EXPIRED');
    expect((await failure(alice.items.progress(item.id, { percent: 10, stage: 'late', fencingToken: lease.fencingToken }))).code).toBe(
      'LEASE_EXPIRED',
    );
    expect((await failure(alice.items.setStatus(item.id, 'done', { fencingToken: lease.fencingToken }))).code).toBe('LEASE_EXPIRED');
    expect((await failure(alice.items.progress(item.id, { percent: 10, stage: 'late' }))).code).toBe('CLAIM_CONFLICT');
  });

  it('keeps a lease alive in the background and reports when it is lost', async () => {
    const w = await world();
    const bot = await w.agent('Keeper');
    const item = await bot.items.create({ type: 'task', title: 'Long job' });
    const lease = await bot.items.claim(item.id, { ttlSeconds: 60 });
    let lost: BatonError | null = null;
    const alive = bot.items.keepAlive(lease, { everyMs: 150, onLost: (e) => (lost = e) });
    await expect.poll(() => alive.lease.leaseExpiresAt.getTime(), { timeout: 5_000 }).toBeGreaterThan(lease.leaseExpiresAt.getTime());
    await bot.items.release(alive.lease, 'stopping');
    await expect.poll(() => lost?.code, { timeout: 5_000 }).toBe('LEASE_EXPIRED');
    alive.stop();
  });

  it('keeps beating through an outage and renews once the server answers again; unreachable is never lost', async () => {
    const w = await world();
    let down = true;
    // the network between client and server is cut until `down` turns false (a restart, a blip)
    const flaky: typeof fetch = async (input, init) => {
      if (down && String(input instanceof Request ? input.url : input).includes('claims.heartbeat')) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const bot = await w.agent('Outage', ['write'], { fetch: flaky, retries: 0 });
    const item = await bot.items.create({ type: 'task', title: 'Survives a blip' });
    const lease = await bot.items.claim(item.id, { ttlSeconds: 60 });
    const lost: BatonError[] = [];
    let unreachable = 0;
    const renewed: Date[] = [];
    const alive = bot.items.keepAlive(lease, {
      immediate: true,
      maxBackoffMs: 200,
      onLost: (e) => lost.push(e),
      onUnreachable: () => unreachable++,
      onRenewed: (l) => renewed.push(l.leaseExpiresAt),
    });
    await expect.poll(() => unreachable, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(lost).toEqual([]);
    expect(renewed).toEqual([]);
    down = false;
    await expect.poll(() => renewed.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(renewed[0]!.getTime()).toBeGreaterThan(lease.leaseExpiresAt.getTime());
    expect(lost).toEqual([]);
    // a lease really gone after the outage is reported as lost
    down = true;
    await bot.items.release(alive.lease, 'gone while offline');
    alive.stop();
    const after = bot.items.keepAlive(alive.lease, { immediate: true, maxBackoffMs: 100, onLost: (e) => lost.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    down = false;
    await expect.poll(() => lost.map((e) => e.code), { timeout: 5_000 }).toEqual(['LEASE_EXPIRED']);
    after.stop();
  });

  it('never tells onLost after stop(), even about a beat that was on its way', async () => {
    const w = await world();
    let answered!: () => void;
    const beatAnswered = new Promise<void>((resolve) => (answered = resolve));
    // hands the heartbeat's answer over whole, then says so: the client has all it needs to settle the beat
    const watching: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).includes('claims.heartbeat')) return res;
      const copy = new Response(await res.text(), { status: res.status, headers: res.headers });
      setTimeout(answered, 0);
      return copy;
    };
    const bot = await w.agent('Stopper', ['write'], { fetch: watching });
    const item = await bot.items.create({ type: 'task', title: 'Short job' });
    const lease = await bot.items.claim(item.id, { ttlSeconds: 60 });
    await bot.items.release(lease, 'done elsewhere'); // so the beat below fails with LEASE_EXPIRED
    const lost: BatonError[] = [];
    const alive = bot.items.keepAlive(lease, { immediate: true, everyMs: 60_000, onLost: (e) => lost.push(e) });
    alive.stop(); // the immediate beat is on its way
    await beatAnswered;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lost).toEqual([]);

    // the same beat without stop() is reported
    const reported = bot.items.keepAlive(lease, { immediate: true, onLost: (e) => lost.push(e) });
    await expect.poll(() => lost.map((e) => e.code), { timeout: 5_000 }).toEqual(['LEASE_EXPIRED']);
    reported.stop();
  });

  it('releases through keepAlive: true while the lease holds, false once it was lost', async () => {
    const w = await world();
    const bot = await w.agent('Releaser');
    const item = await bot.items.create({ type: 'task', title: 'Given back' });
    const alive = bot.items.keepAlive(await bot.items.claim(item.id, { ttlSeconds: 60 }), { everyMs: 60_000 });
    expect(await alive.release('not today')).toBe(true);
    expect(await alive.release('again')).toBe(false);
    expect((await bot.items.get(item.id)).status).toBe('open');
  });

  it('beats at once when asked, for a lease picked up again after a restart', async () => {
    const w = await world();
    const bot = await w.agent('Restarted');
    const item = await bot.items.create({ type: 'task', title: 'Resumed job' });
    const lease = await bot.items.claim(item.id, { ttlSeconds: 60 });
    // the interval alone would not beat within this test
    const alive = bot.items.keepAlive(lease, { everyMs: 60_000, immediate: true });
    await expect.poll(() => alive.lease.leaseExpiresAt.getTime(), { timeout: 5_000 }).toBeGreaterThan(lease.leaseExpiresAt.getTime());
    alive.stop();
    await bot.items.release(alive.lease, 'done here');
  });

  it('throws BatonError with the code agents switch on', async () => {
    const w = await world();
    const bot = await w.agent('Strict');
    const reader = await w.agent('Reader', ['read']);
    expect((await failure(bot.items.get('no-such-item'))).code).toBe('NOT_FOUND');
    const bad = await failure(bot.items.create({ type: 'task', title: 'x'.repeat(500) }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.details?.issues).toEqual([expect.objectContaining({ path: ['title'] })]);
    expect((await failure(reader.items.create({ type: 'task', title: 'Nope' }))).code).toBe('FORBIDDEN');
    const item = await bot.items.create({ type: 'task', title: 'Finished' });
    await bot.items.setStatus(item.id, 'done');
    expect((await failure(bot.items.setStatus(item.id, 'in_progress'))).code).toBe('INVALID_TRANSITION');
    const stranger = createAgentClient({ url, token: 'bat_nope_nope', productId: w.product.id });
    expect((await failure(stranger.items.list())).code).toBe('UNAUTHENTICATED');
  });

  it('answers UNAVAILABLE when the server cannot be reached, after its retries', async () => {
    const closed = createAgentClient({ url: 'http://127.0.0.1:1', token: 'bat_x_y', productId: 'p', retries: 1 });
    const started = Date.now();
    const e = await failure(closed.items.list());
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toContain('The Baton server at http://127.0.0.1:1 cannot be reached');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});
