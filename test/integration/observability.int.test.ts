import { createApp, createLogger, createMetrics, queueReadiness } from '@baton/backend';
import * as core from '@baton/core';
import { createDb, createEmbeddedPool, startEmbeddedDatabase, type Db, type DbPool, type EmbeddedDatabase } from '@baton/db';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import { migrateDatabase } from '@baton/migrate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../support/api-server.ts';
import { buildOrg, buildUser, testDb, testDeps } from '../support/builders.ts';

// /metrics, /ready and /health over real HTTP (docs/operations.md): the text parses as Prometheus' exposition format,
// counters move with calls, the token or loopback rule keeps the numbers private, and /ready names what is down.

const TOKEN = 'metrics-token-for-tests-0123456789';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Parses Prometheus' text exposition format (what prom-client's registry writes), refusing any line it does not know. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    // prom-client writes an empty summary's mean as "Nan"; Prometheus reads values with Go's ParseFloat, which takes
    // NaN in any case, so the check does too
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('/metrics with METRICS_TOKEN', () => {
  let db: Db;
  let server: Awaited<ReturnType<typeof listen>>;
  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseMetrics(await res.text());
  };
  beforeAll(async () => {
    db = testDb();
    const deps = testDeps(db);
    server = await listen(createApp({ ...deps, logger: createLogger('silent'), metricsToken: TOKEN }), db);
  });
  afterAll(() => server?.close());

  it('refuses a missing or wrong token, and parses as Prometheus text with the process metrics', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    const { samples, types } = await scrape();
    expect(types.get('baton_http_requests_total')).toBe('counter');
    expect(types.get('baton_http_request_duration_seconds')).toBe('histogram');
    expect(types.get('baton_sse_subscribers')).toBe('gauge');
    expect(types.get('baton_active_leases')).toBe('gauge');
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    // the app's own pool: its size is the configured maximum
    expect(value(samples, 'baton_db_pool_connections', { state: 'max' })).toBeGreaterThanOrEqual(1);
  });

  it('counts calls by procedure and route, times them, and counts 5xx as errors', async () => {
    const before = (await scrape()).samples;
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/trpc/auth.me`)).status).toBe(401);
    expect((await fetch(`${server.url}/trpc/no.such.thing`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/webhooks/github/NOPE`, { method: 'POST', body: '{}' })).status).toBe(401);
    const after = (await scrape()).samples;
    const moved = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(moved('baton_http_requests_total', { route: 'trpc:auth.me', method: 'GET', status: '401' })).toBe(3);
    expect(moved('baton_http_request_duration_seconds_count', { route: 'trpc:auth.me', method: 'GET' })).toBe(3);
    expect(moved('baton_http_requests_total', { route: 'trpc:unknown', status: '404' })).toBe(1);
    expect(moved('baton_http_requests_total', { route: '/api/webhooks/github/:key', method: 'POST', status: '401' })).toBe(1);
    // raw paths never become labels
    expect(after.some((s) => Object.values(s.labels).some((v) => v.includes('NOPE') || v.includes('no.such')))).toBe(false);
    expect(moved('baton_http_request_errors_total', {})).toBe(0);
  });

  it('counts an open event stream as a subscriber until it closes, and active leases', async () => {
    const { org, product } = await buildOrg(db);
    const user = await buildUser(db, org.id, 'owner');
    const deps = testDeps(db);
    const { token } = await core.createSession(deps, user.id, { twoFactorVerified: true });
    const owner = { ...deps, principal: { kind: 'user' as const, userId: user.id, name: user.name, email: user.email, sessionId: null } };
    const item = await core.createItem(owner, { productId: product.id, type: 'task', title: 'Leased' });
    const leasesBefore = value((await scrape()).samples, 'baton_active_leases');
    await core.claimItem(owner, { productId: product.id, ref: item.id });
    expect(value((await scrape()).samples, 'baton_active_leases')).toBe(leasesBefore + 1);

    const stream = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ json: { productId: product.id } }));
    const res = await fetch(`${server.url}/trpc/events.items?input=${input}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: stream.signal });
    expect(res.status).toBe(200);
    expect(value((await scrape()).samples, 'baton_sse_subscribers', { procedure: 'events.items' })).toBe(1);
    stream.abort();
    await res.body?.cancel().catch(() => {});
    await expect.poll(async () => value((await scrape()).samples, 'baton_sse_subscribers', { procedure: 'events.items' }), { timeout: 5_000 }).toBe(0);
  });
});

describe('/metrics without a token', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const db = testDb();
    server = await listen(createApp({ ...testDeps(db), logger: createLogger('silent') }), db);
  });
  afterAll(() => server?.close());

  it('answers this host only: a request that came through a proxy is refused', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    expect((await fetch(`${server.url}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(403);
  });
});

describe('/ready with a job queue, on a database that goes away', () => {
  let embedded: EmbeddedDatabase | null = null;
  let pool: DbPool | null = null;
  let queue: JobQueue | null = null;
  let server: Awaited<ReturnType<typeof listen>> | null = null;
  afterAll(async () => {
    await queue?.stop(1_000).catch(() => {});
    await server?.close();
    await pool?.end().catch(() => {});
    await embedded?.stop();
  });

  it('reports job depth and failures, answers 200, then 503 naming the database and the queue, and recovers', { timeout: 180_000 }, async () => {
    embedded = await startEmbeddedDatabase();
    await migrateDatabase(embedded.url);
    const port = Number(new URL(embedded.url).port);
    // as server.ts wires the embedded database: the app and the queue share its one connection
    pool = createEmbeddedPool(embedded.url);
    const db = createDb(embedded.url, { embedded: true, pool });
    const deps = testDeps(db);
    let running: JobQueue | null = null;
    const metrics = createMetrics({ deps, jobs: () => running });
    queue = await createJobQueue({ connection: { pool }, pollingIntervalSeconds: 0.5, onError: (_e, job) => job && metrics.jobFailed(job.name) });
    running = queue;
    await queue.define({ name: 'observability.fails', retryLimit: 0, handler: async () => Promise.reject(new Error('always')) });
    server = await listen(createApp({ ...deps, logger: createLogger('silent'), metrics, metricsToken: TOKEN, jobsHealth: queueReadiness(() => running) }), db);
    const scrape = async () => parseMetrics(await (await fetch(`${server!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()).samples;

    await queue.send('observability.fails', {});
    await expect.poll(async () => value(await scrape(), 'baton_jobs', { queue: 'observability.fails', state: 'failed' }), { timeout: 20_000 }).toBe(1);
    expect(value(await scrape(), 'baton_job_attempt_failures_total', { queue: 'observability.fails' })).toBe(1);

    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const up = await fetch(`${server.url}/ready`);
    expect({ status: up.status, body: await up.json() }).toEqual({ status: 200, body: { status: 'ready' } });

    await embedded.stop();
    const started = performance.now();
    const down = await fetch(`${server.url}/ready`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', reasons: ['database unreachable', 'job queue unreachable'] });
    // liveness is not readiness: the process is alive
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const afterDown = await scrape();
    expect(value(afterDown, 'baton_http_request_errors_total', { route: '/ready', status: '503' })).toBe(1);

    embedded = await startEmbeddedDatabase({ port });
    await migrateDatabase(embedded.url);
    await expect.poll(async () => (await fetch(`${server!.url}/ready`)).status, { timeout: 20_000 }).toBe(200);
  });
});
