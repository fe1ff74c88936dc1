import { createApp, createLogger, startWebhookJobs } from '@baton/backend';
import type { WebhookEventType } from '@baton/contracts';
import * as core from '@baton/core';
import { createDb, createEmbeddedPool, type DbPool } from '@baton/db';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTeam, listen, type ApiServer } from '../support/api-server.ts';
import { manualClock, testDeps } from '../support/builders.ts';
import { closedPort, startReceiver, waitUntil } from '../support/webhook-receiver.ts';

// Outbound webhooks (docs/webhooks-out.md) over real HTTP on the run's database: a real receiver on a loopback
// socket (allowed explicitly: WEBHOOK_ALLOW_ADDRESSES), the real job queue with a short retry delay and no backoff
// (the schedule itself is pg-boss's, tested in jobs.int.test.ts), signatures checked with the `standardwebhooks`
// verifier from npm. The crash test is webhooks-out-crash.int.test.ts.

const embedded = inject('databaseKind') === 'embedded';
let pool: DbPool | undefined;
let queue: JobQueue;
let api: ApiServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let offsetMs = 0;
const TIMEOUT_MS = 1_500;

beforeAll(async () => {
  const url = inject('databaseUrl');
  pool = embedded ? createEmbeddedPool(url) : undefined;
  const db = createDb(url, { max: 4, embedded, ...(pool && { pool }) });
  // the clock can be moved forward (an endpoint failing for days) while staying the wall clock otherwise
  const clock = { ...manualClock(), now: () => new Date(Date.now() + offsetMs) };
  const webhooks: core.WebhookDeps = { allowAddresses: ['127.0.0.1'], timeoutMs: TIMEOUT_MS };
  const deps = { ...testDeps(db, clock.now), webhooks };
  const { url: apiUrl, close } = await listen(createApp({ ...deps, logger: createLogger('silent') }), db);
  queue = await createJobQueue({ connection: pool ? { pool } : { url, max: 2 }, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
  // no sweeper: other files on this database leave pending deliveries (no queue of theirs), which must not crowd this one
  await startWebhookJobs(queue, deps, { retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 5, queueSuffix: '.test-out', sweepSeconds: null });
  api = { url: apiUrl, db, deps, clock, close };
  receiver = await startReceiver();
});
afterAll(async () => {
  await queue?.stop(3_000);
  await receiver?.close();
  await api?.close();
  await pool?.end();
});

let paths = 0;
/** A team with a webhook to a fresh path of the receiver (or to `url`), made through the API by its owner. */
async function setUp(opts: { events?: WebhookEventType[]; url?: string } = {}) {
  const team = await buildTeam(api);
  const owner = await team.person('owner');
  const path = `/hook-${++paths}`;
  const hook = await owner.client.webhooks.create.mutate({
    productId: team.productId,
    url: opts.url ?? `${receiver.url}${path}`,
    events: opts.events ?? ['item.created'],
    description: 'test receiver',
  });
  const deliveries = async () => (await owner.client.webhooks.deliveries.query({ productId: team.productId, id: hook.id })).items;
  return { team, owner, hook, path, deliveries, secret: hook.secret! };
}
const verify = (secret: string, r: { headers: Record<string, string>; body: string }) => new Webhook(secret).verify(r.body, r.headers);

describe('outbound webhooks', () => {
  it('retries a receiver that fails 3 times, delivers once, and every attempt verifies with a Standard Webhooks library', async () => {
    const { team, owner, path, deliveries, secret, hook } = await setUp();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(await owner.client.webhooks.list.query({ productId: team.productId }))).not.toContain(secret);
    receiver.on(path, (n) => (n < 3 ? 500 : 200));
    const item = await owner.client.items.create.mutate({ productId: team.productId, type: 'bug', title: 'Webhook me' });
    await waitUntil('the delivery', async () => (await deliveries())[0]?.status === 'delivered');
    // no fifth attempt comes after the success
    await new Promise((r) => setTimeout(r, 2_500));
    const got = receiver.at(path);
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of got) {
      const payload = verify(secret, r) as { type: string; data: { item: { key: string; title: string }; actor: { name: string } } };
      expect(payload).toMatchObject({ type: 'item.created', data: { item: { key: item.key, title: 'Webhook me' }, actor: { name: owner.principal.name } } });
    }
    expect(() => verify(hook.secret!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), got[0]!)).toThrow();
    const [log] = await deliveries();
    expect(log).toMatchObject({ status: 'delivered', attemptCount: 4, eventType: 'item.created', webhookId: got[0]!.headers['webhook-id'] });
    expect(log!.attempts.map((a) => a.httpStatus)).toEqual([200, 500, 500, 500]);
    expect(log!.attempts[1]!.response).toContain('failing on purpose');
    expect(log!.attempts.every((a) => a.latencyMs >= 0 && a.latencyMs < TIMEOUT_MS)).toBe(true);
  });

  it('gives up on a receiver that is down the whole window: 5 attempts, then failed', async () => {
    const { team, owner, deliveries } = await setUp({ url: `http://127.0.0.1:${await closedPort()}/down` });
    await owner.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Nobody listens' });
    await waitUntil('the delivery to fail', async () => (await deliveries())[0]?.status === 'failed');
    await new Promise((r) => setTimeout(r, 2_500));
    const [log] = await deliveries();
    expect(log).toMatchObject({ status: 'failed', attemptCount: 5 });
    expect(log!.attempts).toHaveLength(5);
    expect(log!.attempts.every((a) => a.httpStatus === null && /ECONNREFUSED|connect/.test(a.response))).toBe(true);
    const [endpoint] = (await owner.client.webhooks.list.query({ productId: team.productId })).items;
    expect(endpoint).toMatchObject({ enabled: true, failingSince: expect.any(Date) });
  });

  it('times out a receiver that does not answer within the timeout, and says so in the log', async () => {
    const { team, owner, path } = await setUp();
    receiver.on(path, () => 'hang');
    const started = Date.now();
    const test = await owner.client.webhooks.test.mutate({ productId: team.productId, id: (await owner.client.webhooks.list.query({ productId: team.productId })).items[0]!.id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(test).toMatchObject({ eventType: 'webhook.test', status: 'failed', attemptCount: 1 });
    expect(test.attempts[0]).toMatchObject({ httpStatus: null, manual: true, response: expect.stringContaining('timed out') });
    expect(test.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(receiver.at(path)).toHaveLength(1);
  });

  it('fails a test event whose process died during its one attempt, once its deadline is long past', async () => {
    const { hook, deliveries } = await setUp();
    // what a kill -9 during webhooks.test leaves (no job retries a test event): 'sending', with the line its
    // attempt wrote before sending
    const cut = await api.db.webhookOutDelivery.create({
      data: { endpointId: hook.id, eventType: 'webhook.test', body: '{}', status: 'sending', attemptCount: 1, attempts: { create: { httpStatus: null, latencyMs: 0, response: core.ATTEMPT_CUT_OFF, manual: true } } },
      select: { id: true },
    });
    const sweep = (aheadMs: number) => core.sweepWebhookDeliveries({ ...api.deps, clock: () => new Date(Date.now() + aheadMs) }, { graceMs: 30_000 });
    await sweep(0);
    expect((await deliveries())[0]).toMatchObject({ id: cut.id, status: 'sending' });
    await sweep(60_000);
    expect((await deliveries())[0]).toMatchObject({ id: cut.id, status: 'failed', attemptCount: 1, attempts: [{ httpStatus: null, response: core.ATTEMPT_CUT_OFF }] });
  });

  it('refuses loopback without the allowlist, and private, link-local and mapped addresses, before and after DNS', async () => {
    const { team, owner, path, hook } = await setUp();
    const strict: core.Ctx = { ...team.owner, webhooks: {} };
    const attempt = async (url: string) => {
      await owner.client.webhooks.update.mutate({ productId: team.productId, id: hook.id, url });
      return (await core.sendTestWebhook(strict, { productId: team.productId, id: hook.id })).attempts[0]!;
    };
    for (const url of [`${receiver.url}${path}`, `http://localhost:${new URL(receiver.url).port}${path}`, 'http://10.0.0.1/x', 'http://192.168.1.10/x', 'http://172.16.5.4/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://100.64.0.1/x', 'http://0.0.0.0/x']) {
      const a = await attempt(url);
      expect(a, url).toMatchObject({ httpStatus: null, response: expect.stringMatching(/^refused: .*private, loopback or link-local/) });
    }
    expect(receiver.at(path)).toHaveLength(0);
    // the same address is reached once the allowlist names it (the server's deps: 127.0.0.1)
    const allowed = await owner.client.webhooks.test.mutate({ productId: team.productId, id: (await attempt(`${receiver.url}${path}`), hook.id) });
    expect(allowed).toMatchObject({ status: 'delivered', attempts: [{ httpStatus: 200 }] });
    expect(core.refusedAddress('10.1.2.3', ['10.0.0.0/8'])).toBeNull();
    expect(core.refusedAddress('93.184.215.14', [])).toBeNull();
  });

  it('rotates a secret with an overlap: both signatures verify until it ends, then only the new one', async () => {
    const { team, owner, path, hook, secret: old } = await setUp();
    const rotated = await owner.client.webhooks.update.mutate({ productId: team.productId, id: hook.id, rotateSecret: { overlapHours: 1 } });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    await owner.client.webhooks.test.mutate({ productId: team.productId, id: hook.id });
    const during = receiver.at(path).at(-1)!;
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(old, during)).toMatchObject({ type: 'webhook.test' });
    expect(verify(rotated.secret!, during)).toMatchObject({ type: 'webhook.test' });
    const again = await owner.client.webhooks.update.mutate({ productId: team.productId, id: hook.id, rotateSecret: { overlapHours: 0 } });
    await owner.client.webhooks.test.mutate({ productId: team.productId, id: hook.id });
    const after = receiver.at(path).at(-1)!;
    expect(verify(again.secret!, after)).toBeTruthy();
    expect(() => verify(rotated.secret!, after)).toThrow();
  });

  it('sends the events recordActivity produces, each to the endpoints that chose it, and redelivers on demand', async () => {
    const { team, owner, path, deliveries } = await setUp({ events: ['item.status_changed', 'item.closed', 'comment.added'] });
    const item = await owner.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Lifecycle' });
    await owner.client.items.comments.add.mutate({ productId: team.productId, ref: item.id, body: 'On it' });
    await owner.client.items.update.mutate({ productId: team.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'done' } });
    await waitUntil('three deliveries', async () => (await deliveries()).filter((d) => d.status === 'delivered').length === 3);
    expect((await deliveries()).map((d) => d.eventType).sort()).toEqual(['comment.added', 'item.closed', 'item.status_changed']);
    const closed = receiver.at(path).map((r) => JSON.parse(r.body) as { type: string; data: { item: { status: string }; changes: Array<{ before: string; after: string }> } }).find((b) => b.type === 'item.closed')!;
    expect(closed.data).toMatchObject({ item: { status: 'done' }, changes: [{ before: 'open', after: 'done' }] });
    const first = (await deliveries()).find((d) => d.eventType === 'comment.added')!;
    const redelivered = await owner.client.webhooks.redeliver.mutate({ productId: team.productId, deliveryId: first.id });
    expect(redelivered).toMatchObject({ status: 'delivered', attemptCount: 2, attempts: [{ manual: true, httpStatus: 200 }, { manual: false }] });
    expect(receiver.at(path).filter((r) => r.headers['webhook-id'] === first.webhookId)).toHaveLength(2);
  });

  it("disables an endpoint failing for 3 days and emails its owner through the outbox", async () => {
    const { team, owner, hook, deliveries } = await setUp({ url: `http://127.0.0.1:${await closedPort()}/gone` });
    await owner.client.webhooks.update.mutate({ productId: team.productId, id: hook.id, events: ['item.created'] });
    await owner.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Day one' });
    await waitUntil('a first failure', async () => ((await deliveries())[0]?.attemptCount ?? 0) >= 1);
    try {
      offsetMs = 3 * 86_400_000 + 60_000;
      await waitUntil('the endpoint to be disabled', async () => !(await owner.client.webhooks.list.query({ productId: team.productId })).items[0]!.enabled);
    } finally {
      offsetMs = 0;
    }
    const [endpoint] = (await owner.client.webhooks.list.query({ productId: team.productId })).items;
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('failed for 3 days') });
    const mail = await api.db.emailMessage.findMany({ where: { to: owner.principal.email, kind: 'webhook_disabled' } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('/settings/webhooks');
    // later attempts of what was queued are not sent; turning it back on starts the streak over
    await waitUntil('the delivery to fail', async () => (await deliveries())[0]?.status === 'failed');
    expect((await deliveries())[0]!.attempts[0]!.response).toContain('disabled');
    const on = await owner.client.webhooks.update.mutate({ productId: team.productId, id: hook.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
  });

  it('refuses bad input with the field and reason, and another product\'s webhook as not found', async () => {
    const { team, owner, hook } = await setUp();
    const other = await setUp();
    const bad = async (p: Promise<unknown>) => p.then(() => null, (e: { data?: { httpStatus?: number }; message: string }) => ({ status: e.data?.httpStatus, message: e.message }));
    expect(await bad(owner.client.webhooks.create.mutate({ productId: team.productId, url: 'ftp://x.test/', events: ['item.created'] }))).toMatchObject({ status: 400, message: expect.stringContaining('http or https') });
    expect(await bad(owner.client.webhooks.create.mutate({ productId: team.productId, url: 'https://x.test/', events: [] }))).toMatchObject({ status: 400 });
    expect(await bad(owner.client.webhooks.create.mutate({ productId: team.productId, url: 'https://x.test/', events: ['item.exploded' as never] }))).toMatchObject({ status: 400 });
    expect(await bad(owner.client.webhooks.test.mutate({ productId: team.productId, id: other.hook.id }))).toMatchObject({ status: 404 });
    expect(await owner.client.webhooks.delete.mutate({ productId: team.productId, id: hook.id })).toEqual({ deleted: true });
    expect((await owner.client.webhooks.list.query({ productId: team.productId })).items).toEqual([]);
  });
});
