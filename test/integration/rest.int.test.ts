import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter } from '@baton/api';
import { createApp, createLogger } from '@baton/backend';
import type { ApiScope, CreateItemInput } from '@baton/contracts';
import { createApiKey, createInProcessBus, createItem, type Principal } from '@baton/core';
import type { Db } from '@baton/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_PREFIX, REST_ROUTES } from '../../backend/src/rest/routes.ts';
import { buildOrg, buildUser, testDb, testDeps } from '../support/builders.ts';

// The REST surface over real HTTP: each route's happy path, query coercion, the error envelope and statuses,
// Idempotency-Key, and the OpenAPI document generated from the same route table.

let base: string;
let db: Db;
let server: Server;
const logLines: string[] = [];

beforeAll(async () => {
  db = testDb();
  const app = createApp({ db, clock: () => new Date(), bus: createInProcessBus(), logger: createLogger('debug', (l) => logLines.push(l)) });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$disconnect();
});

/** A fresh product, its owner, and an API key on it with `scopes`. */
async function agentOn(scopes: ApiScope[] = ['read', 'write']) {
  const { org, product } = await buildOrg(db);
  const owner = await buildUser(db, org.id, 'owner');
  const principal: Principal = { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null };
  const ctx = { ...testDeps(db), principal };
  const key = async (s: ApiScope[], name = 'agent') =>
    (await createApiKey(ctx, { organizationId: org.id, productId: product.id, name, role: 'agent', scopes: s })).secret;
  const token = await key(scopes);
  const item = (input: Partial<CreateItemInput> = {}) =>
    createItem(ctx, { productId: product.id, type: 'task', title: `Item ${randomUUID().slice(0, 6)}`, ...input });
  return { org, product, owner, token, key, item };
}

type Call = { token?: string; body?: unknown; headers?: Record<string, string>; product?: string | null };

/** One REST call; `product` is sent as x-product-id unless null. */
async function call(method: string, path: string, opts: Call = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.product) headers['x-product-id'] = opts.product;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined && { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  const body = text ? (JSON.parse(text) as any) : undefined;
  return { status: res.status, headers: res.headers, body };
}

describe('the route table', () => {
  it('names existing procedures, of the right kind, once each', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;
    for (const route of REST_ROUTES) {
      const procedure = procedures[route.procedure];
      expect(procedure, `${route.method} ${route.path} -> ${route.procedure}`).toBeDefined();
      expect(procedure!._def.type, route.procedure).toBe(route.method === 'get' ? 'query' : 'mutation');
    }
    expect(new Set(REST_ROUTES.map((r) => r.name)).size).toBe(REST_ROUTES.length);
    expect(new Set(REST_ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(REST_ROUTES.length);
    expect(logLines.filter((l) => l.includes('missing procedure'))).toEqual([]);
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every route, its parameters and its request/response schemas', async () => {
    const { status, body: doc } = await call('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of REST_ROUTES) {
      const path = REST_PREFIX + route.path.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method];
      expect(op, `${route.method} ${path}`).toBeDefined();
      expect(op.operationId).toBe(route.name);
      const ok = op.responses[String(route.status ?? 200)];
      expect(ok.content['application/json'].schema, route.name).toBeDefined();
      expect(op.responses.default).toEqual({ $ref: '#/components/responses/Error' });
      for (const param of route.path.matchAll(/:(\w+)/g)) {
        expect(op.parameters).toContainEqual(expect.objectContaining({ name: param[1], in: 'path', required: true }));
      }
      if (route.method === 'get') expect(op.requestBody).toBeUndefined();
      else expect(op.requestBody.content['application/json'].schema.type).toBe('object');
    }
    // schemas come from the procedures themselves
    const report = doc.paths['/api/agent/items'].post;
    expect(report.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['type', 'title']));
    expect(report.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    const get = doc.paths['/api/agent/items/{ref}'].get;
    expect(get.responses['200'].content['application/json'].schema.properties.createdAt).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    const ready = doc.paths['/api/agent/ready'].get;
    expect(ready.parameters).toContainEqual(expect.objectContaining({ name: 'label', in: 'query', explode: true }));
    expect(ready.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query', schema: expect.objectContaining({ type: 'integer' }) }),
    );
    // every $ref resolves inside the document
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs)
      expect(
        ref.split('/').reduce((node, key) => node?.[key], doc),
        ref,
      ).toBeDefined();
  });
});

describe('items', () => {
  it('reports an item (auto_detected, 201) and retries with the same Idempotency-Key without a duplicate', async () => {
    const a = await agentOn();
    const headers = { 'idempotency-key': `run-${randomUUID()}` };
    const body = {
      type: 'bug',
      title: 'CI: test suite fails',
      labels: ['ci'],
      description: 'Output:\n```\nFAIL\n```',
      metadata: { run: 42 },
    };
    const first = await call('POST', '/api/agent/items', { token: a.token, product: a.product.id, headers, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      type: 'bug',
      title: 'CI: test suite fails',
      source: 'auto_detected',
      labels: [expect.objectContaining({ name: 'ci' })],
    });
    expect(first.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const retry = await call('POST', '/api/agent/items', { token: a.token, product: a.product.id, headers, body });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const changed = await call('POST', '/api/agent/items', {
      token: a.token,
      product: a.product.id,
      headers,
      body: { ...body, title: 'Another' },
    });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    const count = await db.item.count({ where: { productId: a.product.id } });
    expect(count).toBe(1);
  });

  it('gets an item by key or id, with the product by id or key from the header or the query', async () => {
    const a = await agentOn();
    const item = await a.item({ title: 'Readable' });
    const byKey = await call('GET', `/api/agent/items/${item.key}`, { token: a.token, product: a.product.id });
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ id: item.id, key: item.key, title: 'Readable', description: '' });
    const byQuery = await call('GET', `/api/agent/items/${item.id}?productId=${a.product.id}`, { token: a.token });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.key).toBe(item.key);
    // scripts may name the product by key, in the header or the query
    const byProductKey = await call('GET', `/api/agent/items/${item.key}`, { token: a.token, product: a.product.key });
    expect(byProductKey.status).toBe(200);
    expect(byProductKey.body.id).toBe(item.id);
    const keyInQuery = await call('GET', `/api/agent/ready?productId=${a.product.key}`, { token: a.token });
    expect(keyInQuery.status).toBe(200);
    // keys are case-insensitive at every edge (core's resolveProductId), in the header, the query and the body
    const lowerHeader = await call('GET', `/api/agent/items/${item.key}`, { token: a.token, product: a.product.key.toLowerCase() });
    expect(lowerHeader.body.id).toBe(item.id);
    const lowerBody = await call('POST', '/api/agent/items', {
      token: a.token,
      body: { productId: a.product.key.toLowerCase(), type: 'task', title: 'Filed by key' },
    });
    expect(lowerBody.status).toBe(201);
    expect(lowerBody.body.key).toMatch(new RegExp(`^${a.product.key}-`));
    const unknownKey = await call('GET', `/api/agent/items/${item.key}`, { token: a.token, product: 'NOSUCHKEY' });
    expect(unknownKey.status).toBe(404);
    expect(unknownKey.body.error.code).toBe('NOT_FOUND');
  });

  it('lists changed items with since, status and label coerced from the query string', async () => {
    const a = await agentOn();
    const old = await a.item({ title: 'Old' });
    const labelled = await a.item({ title: 'Labelled', labels: ['agent-ready'] });
    const done = await a.item({ title: 'Other label', labels: ['docs'] });
    // agent.changed serves changes once they have settled for a few seconds: age these directly
    const at = (s: number) => new Date(Date.now() - s * 1000);
    await db.item.update({ where: { id: old.id }, data: { updatedAt: at(3600) } });
    await db.item.update({ where: { id: labelled.id }, data: { updatedAt: at(60) } });
    await db.item.update({ where: { id: done.id }, data: { updatedAt: at(50) } });
    const since = at(120).toISOString();
    const res = await call(
      'GET',
      `/api/agent/items?since=${encodeURIComponent(since)}&status=open,in_progress&label=agent-ready&label=ci&limit=10`,
      {
        token: a.token,
        product: a.product.id,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { key: string }) => i.key)).toEqual([labelled.key]);
    expect(res.body.nextCursor).toBeNull();
    const all = await call('GET', `/api/agent/items?since=${encodeURIComponent(since)}`, { token: a.token, product: a.product.id });
    expect(all.body.items.map((i: { key: string }) => i.key)).toEqual([labelled.key, done.key]);
  });
});

describe('queue and claims', () => {
  it('lists ready work with coerced filters, takes the next item, heartbeats and releases it', async () => {
    const a = await agentOn();
    const bug = await a.item({ type: 'bug', priority: 'high', title: 'Bug', labels: ['agent-ready'] });
    await a.item({ type: 'feature', title: 'Feature', labels: ['agent-ready'] });
    await a.item({ type: 'task', title: 'Unlabelled' });
    const ready = await call('GET', '/api/agent/ready?label=agent-ready&type=bug,feature&limit=1', {
      token: a.token,
      product: a.product.id,
    });
    expect(ready.status).toBe(200);
    expect(ready.body.items).toHaveLength(1);
    expect(ready.body.items[0]).toMatchObject({ key: bug.key, reason: expect.any(String) });
    expect(ready.body.nextCursor).toEqual(expect.any(String));

    const explain = await call('GET', `/api/agent/items/${bug.key}/explain`, { token: a.token, product: a.product.id });
    expect(explain.status).toBe(200);
    expect(explain.body.ready).toBe(true);

    const next = await call('POST', '/api/agent/next', {
      token: a.token,
      product: a.product.id,
      body: { label: ['agent-ready'], ttlSeconds: 120 },
    });
    expect(next.status).toBe(200);
    expect(next.body.item.key).toBe(bug.key);
    const token = next.body.lease.fencingToken;
    expect(token).toBeGreaterThan(0);

    const beat = await call('PATCH', `/api/agent/items/${bug.key}/heartbeat`, {
      token: a.token,
      product: a.product.id,
      body: { fencingToken: token, ttlSeconds: 600 },
    });
    expect(beat.status).toBe(200);
    expect(new Date(beat.body.leaseExpiresAt).getTime()).toBeGreaterThan(Date.now() + 500_000);

    const release = await call('PATCH', `/api/agent/items/${bug.key}/release`, {
      token: a.token,
      product: a.product.id,
      body: { fencingToken: token, reason: 'blocked on review' },
    });
    expect(release.status).toBe(200);
    expect(release.body).toMatchObject({ endReason: 'released', endNote: 'blocked on review' });

    const history = await call('GET', `/api/agent/items/${bug.key}/claims?limit=5`, { token: a.token, product: a.product.id });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
  });

  it('answers null from /next when nothing is ready', async () => {
    const a = await agentOn();
    const next = await call('POST', '/api/agent/next', { token: a.token, product: a.product.id });
    expect(next.status).toBe(200);
    expect(next.body).toBeNull();
  });

  it('claims an item; a second agent gets 409 CLAIM_CONFLICT with the holder', async () => {
    const a = await agentOn();
    const other = await a.key(['read', 'write'], 'other agent');
    const item = await a.item();
    const claim = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, body: {} });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      itemKey: item.key,
      fencingToken: expect.any(Number),
      holder: expect.objectContaining({ kind: 'agent' }),
    });
    const lost = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: other, product: a.product.id, body: {} });
    expect(lost.status).toBe(409);
    expect(lost.body.error).toMatchObject({ code: 'CLAIM_CONFLICT', message: expect.any(String) });
    expect(lost.body.error.details).toBeDefined();
  });

  it('retries a claim with the same Idempotency-Key: same lease, not a conflict', async () => {
    const a = await agentOn();
    const item = await a.item();
    const headers = { 'idempotency-key': `claim-${randomUUID()}` };
    const first = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, headers, body: {} });
    const retry = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, headers, body: {} });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });
});

describe('working on an item', () => {
  it('reads context, reports progress, comments, ticks a criterion, links a PR and finishes', async () => {
    const a = await agentOn();
    const item = await a.item({
      title: 'Add export',
      description: 'Export items as CSV',
      checklist: ['CSV has a header', 'Dates are ISO'],
    });
    const claim = await call('PATCH', `/api/agent/items/${item.key}/claim`, {
      token: a.token,
      product: a.product.id,
      body: { ttlSeconds: 300 },
    });
    const fencingToken = claim.body.fencingToken;

    const context = await call('GET', `/api/agent/items/${item.key}/context?budget=2000`, { token: a.token, product: a.product.id });
    expect(context.status).toBe(200);
    expect(context.body.markdown).toContain('Add export');
    expect(context.body.chars).toBeLessThanOrEqual(2000);

    const progress = await call('PATCH', `/api/agent/items/${item.key}/progress`, {
      token: a.token,
      product: a.product.id,
      body: { percent: 40, stage: 'writing tests', fencingToken },
    });
    expect(progress.status).toBe(200);

    const comment = await call('POST', `/api/agent/items/${item.key}/comments`, {
      token: a.token,
      product: a.product.id,
      body: { body: 'Started on the CSV writer' },
    });
    expect(comment.status).toBe(201);
    expect(comment.body.body).toBe('Started on the CSV writer');
    const comments = await call('GET', `/api/agent/items/${item.key}/comments`, { token: a.token, product: a.product.id });
    expect(comments.body.items.map((c: { body: string }) => c.body)).toContain('Started on the CSV writer');

    const checklist = await call('GET', `/api/agent/items/${item.key}/checklist`, { token: a.token, product: a.product.id });
    expect(checklist.status).toBe(200);
    const entry = checklist.body.find((e: { text: string }) => e.text === 'Dates are ISO');
    const tick = await call('PATCH', `/api/agent/items/${item.key}/checklist/${entry.id}`, {
      token: a.token,
      product: a.product.id,
      body: { done: true },
    });
    expect(tick.status).toBe(200);
    expect(tick.body).toMatchObject({ id: entry.id, done: true });

    const pr = await call('POST', `/api/agent/items/${item.key}/pull-requests`, {
      token: a.token,
      product: a.product.id,
      body: { url: 'https://github.com/acme/app/pull/7', number: 7, branch: 'feat/export', fencingToken },
    });
    expect(pr.status).toBe(201);
    expect(pr.body).toMatchObject({ url: 'https://github.com/acme/app/pull/7', number: 7, status: 'open' });
    const prs = await call('GET', `/api/agent/items/${item.key}/pull-requests`, { token: a.token, product: a.product.id });
    expect(prs.status).toBe(200);
    expect(JSON.stringify(prs.body)).toContain('pull/7');

    const inProgress = await call('PATCH', `/api/agent/items/${item.key}/status`, {
      token: a.token,
      product: a.product.id,
      body: { status: 'in_progress', fencingToken },
    });
    expect(inProgress.status).toBe(200);
    const done = await call('PATCH', `/api/agent/items/${item.key}/status`, {
      token: a.token,
      product: a.product.id,
      body: { status: 'done', fencingToken, evidence: { links: ['https://github.com/acme/app/pull/7'], testOutput: '12 passed' } },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ item: { key: item.key, status: 'done' }, changed: true, claimEnded: { reason: 'completed', fencingToken } });
  });

  it('moves a status by the one status rule: someone else’s lease is 409, any move out of in_progress ends your claim and says so', async () => {
    const a = await agentOn();
    const rival = await a.key(['write'], 'rival');
    const item = await a.item();
    const claim = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, body: {} });
    const { fencingToken } = claim.body;
    const refused = await call('PATCH', `/api/agent/items/${item.key}/status`, { token: rival, product: a.product.id, body: { status: 'wont_fix' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CLAIM_CONFLICT');
    const moved = await call('PATCH', `/api/agent/items/${item.key}/status`, {
      token: a.token,
      product: a.product.id,
      body: { status: 'wont_fix', reason: 'duplicate', fencingToken },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ item: { status: 'wont_fix' }, changed: true, claimEnded: { reason: 'released', fencingToken, note: 'duplicate' } });
    const beat = await call('PATCH', `/api/agent/items/${item.key}/heartbeat`, { token: a.token, product: a.product.id, body: { fencingToken } });
    expect(beat.body.error.code).toBe('LEASE_EXPIRED');
  });
});

describe('errors', () => {
  it('answers 400 BAD_INPUT naming the fields (body and coerced query)', async () => {
    const a = await agentOn();
    const bad = await call('POST', '/api/agent/items', { token: a.token, product: a.product.id, body: { type: 'nope', title: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_INPUT');
    const paths = bad.body.error.details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['type', 'title']));

    const query = await call('GET', '/api/agent/ready?limit=lots&type=bug,nope', { token: a.token, product: a.product.id });
    expect(query.status).toBe(400);
    const qpaths = query.body.error.details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(qpaths).toEqual(expect.arrayContaining(['limit', 'type.1']));

    const since = await call('GET', '/api/agent/items?since=yesterday-ish', { token: a.token, product: a.product.id });
    expect(since.status).toBe(400);
    expect(since.body.error.message).toContain('since');
  });

  it('answers 400 for malformed JSON and a body that is not an object, in the same envelope', async () => {
    const a = await agentOn();
    const item = await a.item();
    const malformed = await call('POST', `/api/agent/items/${item.key}/comments`, {
      token: a.token,
      product: a.product.id,
      body: '{"body": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_INPUT');
    const array = await call('POST', `/api/agent/items/${item.key}/comments`, { token: a.token, product: a.product.id, body: ['x'] });
    expect(array.status).toBe(400);
    expect(array.body.error.code).toBe('BAD_INPUT');
  });

  it('answers 404 NOT_FOUND for an unknown item, and for an unknown route', async () => {
    const a = await agentOn();
    const missing = await call('GET', `/api/agent/items/${a.product.key}-999999`, { token: a.token, product: a.product.id });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
    const route = await call('GET', '/api/agent/nothing-here', { token: a.token });
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 401 without credentials and 403 when the key lacks the scope', async () => {
    const a = await agentOn(['read']);
    const item = await a.item();
    const anonymous = await call('GET', `/api/agent/items/${item.key}`, { product: a.product.id });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const read = await call('GET', `/api/agent/items/${item.key}`, { token: a.token, product: a.product.id });
    expect(read.status).toBe(200);
    const write = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, body: {} });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');
  });

  it('answers 412 LEASE_EXPIRED for a stale fencing token', async () => {
    const a = await agentOn();
    const item = await a.item();
    const claim = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, body: {} });
    const stale = await call('PATCH', `/api/agent/items/${item.key}/heartbeat`, {
      token: a.token,
      product: a.product.id,
      body: { fencingToken: claim.body.fencingToken + 1 },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('LEASE_EXPIRED');
  });

  it('answers 412 LEASE_EXPIRED, not 409, for a stale token when another agent holds the item now', async () => {
    const a = await agentOn();
    const other = await a.key(['read', 'write'], 'other agent');
    const item = await a.item();
    const first = await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: a.token, product: a.product.id, body: {} });
    const released = await call('PATCH', `/api/agent/items/${item.key}/release`, {
      token: a.token,
      product: a.product.id,
      body: { fencingToken: first.body.fencingToken, reason: 'handing over' },
    });
    expect(released.status).toBe(200);
    expect((await call('PATCH', `/api/agent/items/${item.key}/claim`, { token: other, product: a.product.id, body: {} })).status).toBe(200);
    const late = { token: a.token, product: a.product.id, body: { percent: 90, stage: 'late', fencingToken: first.body.fencingToken } };
    const progress = await call('PATCH', `/api/agent/items/${item.key}/progress`, late);
    expect(progress.status).toBe(412);
    expect(progress.body.error).toMatchObject({ code: 'LEASE_EXPIRED', details: { reason: 'stale_token' } });
    // without a token, the other agent's claim is what stands in the way
    const untokened = await call('PATCH', `/api/agent/items/${item.key}/progress`, { ...late, body: { percent: 90, stage: 'late' } });
    expect(untokened.status).toBe(409);
    expect(untokened.body.error.code).toBe('CLAIM_CONFLICT');
  });

  it('serves REST with a strict CSP', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('compresses a large answer for a client that asks, and only then', async () => {
    const gzipped = await fetch(`${base}/api/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(((await gzipped.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const plain = await fetch(`${base}/api/openapi.json`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length') ?? (await plain.clone().text()).length)).toBeGreaterThan(1024);
  });
});
