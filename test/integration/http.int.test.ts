import { randomUUID } from 'node:crypto';
import { createApp, createLogger, TRUST_LOOPBACK } from '@baton/backend';
import { createClient, errorOf, TRPCClientError } from '@baton/client';
import type { CreateItemInput, ListItemsInput } from '@baton/contracts';
import { createApiKey, createInProcessBus, createSession } from '@baton/core';
import { createDb, startEmbeddedDatabase, type Db, type EmbeddedDatabase } from '@baton/db';
import { migrateDatabase } from '@baton/migrate';
import { listen } from '../support/api-server.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildOrg, buildUser, TEST_PASSWORD, testDeps } from '../support/builders.ts';

// The Express host over real sockets: what only HTTP shows (statuses, headers, cookies, the rate limiter, logs,
// a database that goes away and comes back). Procedure logic itself is covered through createCaller elsewhere.

type Running = { url: string; db: Db; lines: string[]; close(): Promise<void> };

async function serve(opts: { db?: Db; authRateLimit?: number } = {}): Promise<Running> {
  const db = opts.db ?? createDb(inject('databaseUrl'), { max: 4, embedded: inject('databaseKind') === 'embedded' });
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  const app = createApp({
    db,
    clock: () => new Date(),
    bus: createInProcessBus(),
    logger,
    ...(opts.authRateLimit && { authRateLimit: opts.authRateLimit }),
    // these tests stand in for a proxy on this machine, naming each visitor with X-Forwarded-For
    trustProxy: TRUST_LOOPBACK,
  });
  const { url, close } = await listen(app, db);
  return { url, db, lines, close };
}

/** One raw tRPC call (superjson envelope) with plain fetch, for what the typed client hides: statuses and headers. */
async function trpc(base: string, path: string, input: unknown, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}) {
  const method = init.method ?? 'POST';
  const envelope = JSON.stringify({ json: input });
  const res = await fetch(method === 'GET' ? `${base}/trpc/${path}?input=${encodeURIComponent(envelope)}` : `${base}/trpc/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(method === 'POST' && { body: envelope }),
  });
  const body = (await res.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string; data: { code: string; httpStatus: number; baton: { code: string; message: string } | null } } };
  };
  return { status: res.status, headers: res.headers, data: body.result?.data.json, error: body.error?.json };
}

/** The failure of a typed-client call: HTTP status, message and the domain error body. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof TRPCClientError)) throw e;
    return { status: (e.data as { httpStatus?: number } | undefined)?.httpStatus, message: e.message, baton: errorOf(e) };
  }
  throw new Error('expected the call to fail');
}

let api: Running;
const deps = () => testDeps(api.db);
beforeAll(async () => {
  api = await serve();
});
afterAll(() => api.close());

/** A product with a member of `role` signed in: a session token for Bearer use. */
async function member(role: 'owner' | 'admin' | 'developer' = 'developer') {
  const { org, product } = await buildOrg(api.db);
  const user = await buildUser(api.db, org.id, role);
  const { token } = await createSession(deps(), user.id, { twoFactorVerified: true });
  return { org, product, user, token, client: createClient({ url: api.url, token }) };
}

describe('health and readiness', () => {
  it('answers /health and /ready with 200 while the database is up', async () => {
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('sends security headers: a strict CSP on the API, nosniff, no framing, no x-powered-by', async () => {
    for (const path of ['/trpc/auth.session', '/health', '/trpc/no.such.procedure']) {
      const res = await fetch(`${api.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      expect(res.headers.get('x-request-id'), path).toMatch(/\S/);
    }
  });
});

describe('bad requests answer 4xx with a reason, never 500', () => {
  it('names the field and the limit when a title is too long', async () => {
    const { product, client, token } = await member();
    const f = await failure(client.items.create.mutate({ productId: product.id, type: 'task', title: 'x'.repeat(300) }));
    expect(f.status).toBe(400);
    expect(f.baton?.code).toBe('BAD_INPUT');
    expect(f.message).toContain('title');
    expect(f.message).toContain('200');
    expect(f.baton?.details?.issues).toEqual([expect.objectContaining({ path: ['title'] })]);
    const raw = await trpc(
      api.url,
      'items.create',
      { productId: product.id, type: 'task', title: 'x'.repeat(300) },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(raw.status).toBe(400);
  });

  it('names a missing productId', async () => {
    const { client } = await member();
    const f = await failure(client.items.create.mutate({ type: 'task', title: 'No product' } as CreateItemInput));
    expect(f.status).toBe(400);
    expect(f.baton?.code).toBe('BAD_INPUT');
    expect(f.message).toMatch(/productId: \S/);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await fetch(`${api.url}/trpc/auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"json": {"email": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: { httpStatus: number; baton: { code: string } } } } };
    expect(body.error.json.data).toMatchObject({ httpStatus: 400, baton: { code: 'BAD_INPUT' } });
    expect(body.error.json.message).toMatch(/not valid JSON/);
  });

  it('answers a body over 1 MB with 413 and the limit', async () => {
    const res = await fetch(`${api.url}/trpc/auth.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'a@example.test', password: 'x'.repeat(1_100_000) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { json: { data: { baton: { code: string; message: string } } } } };
    expect(body.error.json.data.baton).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 MB') });
  });

  it('answers an unknown procedure with 404', async () => {
    expect((await fetch(`${api.url}/trpc/items.nothingHere`)).status).toBe(404);
    expect((await trpc(api.url, 'nothing.here', {})).status).toBe(404);
  });

  it('answers an unknown item id with 404 NOT_FOUND', async () => {
    const { product, client, token } = await member();
    const f = await failure(client.items.get.query({ productId: product.id, ref: randomUUID() }));
    expect(f).toMatchObject({ status: 404, baton: { code: 'NOT_FOUND' } });
    const raw = await trpc(
      api.url,
      'items.get',
      { productId: product.id, ref: 'NOPE-1' },
      { method: 'GET', headers: { authorization: `Bearer ${token}` } },
    );
    expect(raw.status).toBe(404);
    expect(raw.error?.data.code).toBe('NOT_FOUND');
  });
});

describe('API keys over HTTP', () => {
  async function keyFor(role: 'owner' | 'admin' = 'admin') {
    const m = await member(role);
    const { key, secret } = await m.client.apiKeys.create.mutate({ organizationId: m.org.id, name: 'CI', role: 'ci', scopes: ['write'] });
    return { ...m, key, secret };
  }

  it('authenticates `Authorization: Bearer bat_...` end to end and records each request', async () => {
    const { org, product, client, key, secret } = await keyFor();
    const agent = createClient({ url: api.url, token: secret });
    const item = await agent.items.create.mutate({ productId: product.id, type: 'bug', title: 'Filed by CI' });
    expect(item.reporter).toMatchObject({ kind: 'agent', id: key.id, name: 'CI' });
    const page = await agent.items.list.query({ productId: product.id });
    expect(page.items.map((i) => i.id)).toEqual([item.id]);

    const [listed] = (await client.apiKeys.list.query({ organizationId: org.id })).filter((k) => k.id === key.id);
    expect(listed?.requestCount).toBe(2);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('lets `x-product-id` stand in for productId', async () => {
    const { product, secret } = await keyFor();
    const agent = createClient({ url: api.url, token: secret, productId: product.id });
    const item = await agent.items.create.mutate({ type: 'task', title: 'Product from the header' } as CreateItemInput);
    expect(item.productId).toBe(product.id);
    const page = await agent.items.list.query({} as ListItemsInput);
    expect(page.items.map((i) => i.id)).toEqual([item.id]);
    // procedures without a productId field are called as they are: the header is not added to their strict input
    expect(await agent.products.checkKey.query({ key: 'ZZ' })).toHaveProperty('available');
    expect((await agent.products.list.query()).map((p) => p.id)).toContain(product.id);
  });

  it('answers a revoked key with 401', async () => {
    const { product, client, key, secret } = await keyFor('owner');
    const agent = createClient({ url: api.url, token: secret });
    await agent.items.list.query({ productId: product.id });
    await client.apiKeys.revoke.mutate({ id: key.id });
    const f = await failure(agent.items.list.query({ productId: product.id }));
    expect(f).toMatchObject({ status: 401, baton: { code: 'UNAUTHENTICATED' } });
    const raw = await trpc(
      api.url,
      'items.create',
      { productId: product.id, type: 'task', title: 'Too late' },
      { headers: { authorization: `Bearer ${secret}` } },
    );
    expect(raw.status).toBe(401);
  });
});

describe('API-key rate limit over HTTP', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the key\'s requests per minute', async () => {
    const m = await member('admin');
    const { secret } = await m.client.apiKeys.create.mutate({ organizationId: m.org.id, name: 'Chatty', role: 'agent', scopes: ['read'], requestsPerMinute: 2 });
    const get = () => fetch(`${api.url}/trpc/items.stats?input=${encodeURIComponent(JSON.stringify({ json: { productId: m.product.id } }))}`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { json: { data: { baton: { code: string } } } } }).error.json.data.baton.code).toBe('RATE_LIMITED');
  });
});

describe('sessions over HTTP', () => {
  it('logs in with an HttpOnly SameSite=Lax baton_session cookie that authenticates the next request', async () => {
    const { org } = await buildOrg(api.db);
    const user = await buildUser(api.db, org.id, 'viewer');
    const login = await trpc(api.url, 'auth.logIn', { email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('baton_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);

    const cookie = session!.split(';')[0]!;
    const me = await trpc(api.url, 'auth.me', undefined, { method: 'GET', headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ id: user.id, email: user.email });
    expect((await trpc(api.url, 'auth.me', undefined, { method: 'GET' })).status).toBe(401);
  });
});

describe('the auth rate limit', () => {
  let limited: Running;
  beforeAll(async () => {
    limited = await serve({ authRateLimit: 3 });
  });
  afterAll(() => limited.close());

  const logIn = (ip: string, path = 'auth.logIn') =>
    trpc(
      limited.url,
      path,
      { email: `nobody-${randomUUID().slice(0, 8)}@example.test`, password: 'wrong password' },
      { headers: { 'x-forwarded-for': ip } },
    );

  it('answers 429 with retry-after once an IP makes more than N attempts in a minute, and not for other IPs', async () => {
    for (let i = 0; i < 3; i++) expect((await logIn('203.0.113.7')).status).toBe(401);
    const blocked = await logIn('203.0.113.7');
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await logIn('203.0.113.8')).status).toBe(401);

    const typed = createClient({ url: limited.url, headers: { 'x-forwarded-for': '203.0.113.7' } });
    const f = await failure(typed.auth.logIn.mutate({ email: 'someone@example.test', password: 'wrong password' }));
    expect(f).toMatchObject({ status: 429, baton: { code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
  });

  it('counts every attempt of a batch, and attempts behind an encoded path', async () => {
    const ip = '203.0.113.9';
    const batch = await fetch(`${limited.url}/trpc/auth.logIn,auth.logIn,auth.logIn?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify(
        Object.fromEntries([0, 1, 2].map((i) => [i, { json: { email: `batch-${i}@example.test`, password: 'wrong password' } }])),
      ),
    });
    expect(batch.status).not.toBe(429);
    expect((await logIn(ip, 'auth%2ElogIn')).status).toBe(429);
    expect((await logIn(ip)).status).toBe(429);
  });
});

describe('logs', () => {
  it('writes JSON lines with a request id, and never an email or an API-key secret from a request', async () => {
    const { org, product, client } = await member('admin');
    const { secret } = await client.apiKeys.create.mutate({ organizationId: org.id, name: 'Logged', role: 'agent', scopes: ['read'] });
    const email = `secret-person-${randomUUID().slice(0, 8)}@example.test`;
    const before = api.lines.length;

    await trpc(api.url, 'auth.signUp', { email, name: 'Secret Person', password: TEST_PASSWORD });
    await trpc(api.url, 'auth.logIn', { email, password: 'not the password' });
    await trpc(api.url, 'items.list', { productId: product.id }, { method: 'GET', headers: { authorization: `Bearer ${secret}` } });
    // secrets where they do not belong: in the path and the query string
    await fetch(`${api.url}/trpc/${email}?key=${secret}`);
    await fetch(`${api.url}/trpc/${secret}`, { headers: { authorization: `Bearer ${secret}` } });
    const echoed = await fetch(`${api.url}/health`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-me-123');

    const lines = api.lines.slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      const entry = JSON.parse(line) as { requestId?: unknown; level?: unknown; msg?: unknown };
      expect(entry.requestId, line).toEqual(expect.any(String));
      expect(entry.level, line).toEqual(expect.any(String));
      expect(entry.msg, line).toEqual(expect.any(String));
    }
    expect(lines.some((l) => (JSON.parse(l) as { requestId: string }).requestId === 'trace-me-123')).toBe(true);
    const all = api.lines.join('\n');
    expect(all).not.toContain(email);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(secret.slice(-32));
  });
});

describe('a database outage', () => {
  let embedded: EmbeddedDatabase | null = null;
  let outage: Running | null = null;
  afterAll(async () => {
    await outage?.close();
    await embedded?.stop();
  });

  it('answers 503 while the database is down and recovers on the same app when it is back', { timeout: 180_000 }, async () => {
    embedded = await startEmbeddedDatabase();
    await migrateDatabase(embedded.url);
    const port = Number(new URL(embedded.url).port);
    outage = await serve({ db: createDb(embedded.url, { embedded: true }) });
    const { org } = await buildOrg(outage.db);
    const user = await buildUser(outage.db, org.id, 'owner');
    const d = testDeps(outage.db);
    const { token } = await createSession(d, user.id, { twoFactorVerified: true });
    const signedIn = { authorization: `Bearer ${token}` };
    const principal = { kind: 'user' as const, userId: user.id, name: user.name, email: user.email, sessionId: null };
    const { secret } = await createApiKey({ ...d, principal }, { organizationId: org.id, name: 'Outage', role: 'agent', scopes: ['read'] });
    const withKey = { authorization: `Bearer ${secret}` };
    expect((await fetch(`${outage.url}/ready`)).status).toBe(200);
    expect((await trpc(outage.url, 'auth.me', undefined, { method: 'GET', headers: signedIn })).status).toBe(200);

    await embedded.stop();
    const ready = await fetch(`${outage.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reasons: ['database unreachable'] });
    const anonymous = await trpc(outage.url, 'auth.logIn', { email: user.email, password: TEST_PASSWORD });
    expect(anonymous.status).toBe(503);
    expect(anonymous.error?.data.baton?.code).toBe('UNAVAILABLE');
    // the credentials are checked against the database before any procedure runs: that answers 503 as well
    for (const headers of [signedIn, withKey]) {
      const authenticated = await trpc(outage.url, 'auth.session', undefined, { method: 'GET', headers });
      expect(authenticated.status).toBe(503);
      expect(authenticated.error?.data.baton?.code).toBe('UNAVAILABLE');
    }

    embedded = await startEmbeddedDatabase({ port });
    await migrateDatabase(embedded.url);
    expect((await fetch(`${outage.url}/ready`)).status).toBe(200);
    // a fresh, empty database: the old session is gone, and the answer says so instead of failing
    expect((await trpc(outage.url, 'auth.me', undefined, { method: 'GET', headers: signedIn })).status).toBe(401);
    expect(outage.lines.every((l) => typeof (JSON.parse(l) as { requestId?: unknown }).requestId === 'string')).toBe(true);
  });
});
