import { appRouter } from '@baton/api';
import { createApiKey, createItem, createSession } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { inputShape } from '../../backend/src/rest/coerce.ts';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// Malformed input over real HTTP against EVERY tRPC procedure (enumerated from the router) and EVERY REST route
// (enumerated from /api/openapi.json): wrong types, unknown keys, NUL and lone surrogates, huge strings, nulls,
// wrong envelopes, wrong methods and content types. Any 5xx fails the test. A seeded generator keeps every run
// the same; the failing request is printed so it can be replayed.

const SEED = 20_261_206;
const PER_PROCEDURE = 14;
const PER_REST_OPERATION = 30;
const CONCURRENCY = 6;

/** mulberry32: small, fast and deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

const WEIRD_STRINGS = [
  '', ' ', 'a\u0000b', '\u0000', '\uD800', 'x\uDC00y', '\uDBFF\uDFFF', '👩‍💻', '\u202Eevil', 'javascript:alert(1)', 'data:text/html,x',
  'x'.repeat(100_000), 'BAT-1', 'BAT-0', 'bat-1', 'ZZZZZZZZZZ-999999999', '-1', '1e309', 'NaN', 'null', '<script>', '%00', '../../etc/passwd',
  '2026-13-45', 'yesterday', "'; drop table item; --", '{"json":1}',
];

/** A value of the wrong type, or a hostile value of the right one. */
function weird(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 1 ? 9 : 12)) {
    case 0: return null;
    case 1: return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308]);
    case 2: return r.pick([true, false]);
    case 3: case 4: case 5: case 6: return r.pick(WEIRD_STRINGS);
    case 7: return r.pick(['2026-05-01T00:00:00Z', '0000-01-01', '9999-12-31T23:59:59Z']);
    case 8: return [];
    case 9: return [weird(r, depth + 1), weird(r, depth + 1)];
    case 10: return { [r.pick(['a', '__proto__', 'constructor', 'json', 'productId'])]: weird(r, depth + 1) };
    default: return Array.from({ length: 5_000 }, (_, i) => i);
  }
}

type Target = { productId: string; productKey: string; itemId: string; itemKey: string; orgId: string };

/** A mostly valid input with one or more fields made hostile, a key added or removed. */
function mutatedInput(r: Rng, fields: string[], t: Target): unknown {
  const input: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'productId') input[f] = r.next() < 0.8 ? t.productId : t.productKey;
    else if (f === 'ref') input[f] = r.pick([t.itemId, t.itemKey]);
    else if (f === 'organizationId') input[f] = t.orgId;
    else if (r.next() < 0.5) input[f] = weird(r);
  }
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const mode = r.int(4);
    if (mode === 0 || fields.length === 0) input[r.pick(['lable', 'extra', '__proto__', 'json', 'idempotencyKey'])] = weird(r);
    else if (mode === 1) delete input[r.pick(fields)];
    else input[r.pick(fields)] = weird(r);
  }
  return r.next() < 0.1 ? weird(r) : input;
}

type Request = { method: string; path: string; body?: string; contentType?: string; auth: 'session' | 'key' | 'none' };

/** A tRPC call: usually the right envelope and method, sometimes not. */
function trpcRequest(r: Rng, path: string, type: string, fields: string[], t: Target): Request {
  const input = mutatedInput(r, fields, t);
  const roll = r.int(20);
  let envelope: string;
  if (roll === 0) envelope = 'null';
  else if (roll === 1) envelope = JSON.stringify(input); // no envelope
  else if (roll === 2) envelope = JSON.stringify({ json: input, meta: { values: { [fields[0] ?? 'x']: [r.pick(['Nope', 'custom', 'class', 'set'])] } } });
  else if (roll === 3) envelope = JSON.stringify({ json: input, meta: { values: { '__proto__.polluted': ['Date'] } } });
  else if (roll === 4) envelope = '{"json": ';
  else envelope = JSON.stringify({ json: input });
  const auth = r.next() < 0.85 ? 'session' : r.pick(['key', 'none'] as const);
  const wrongMethod = r.int(12) === 0;
  const method = wrongMethod ? r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) : type === 'mutation' ? 'POST' : 'GET';
  if (method === 'GET') return { method, path: `/trpc/${path}?input=${enc(envelope)}`, auth };
  return { method, path: `/trpc/${path}`, body: envelope, contentType: r.int(15) === 0 ? 'text/plain' : 'application/json', auth };
}

/** Percent-encodes like a careless client: a lone surrogate goes out as the bytes of one (not UTF-8). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.split(/([\uD800-\uDFFF])/).map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part))).join('');
  }
}

type Operation = { method: string; path: string; params: string[]; query: string[]; body: string[] };

/** A REST call from the OpenAPI description: path params, query or body fields made hostile. */
function restRequest(r: Rng, op: Operation, t: Target): Request {
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (r.int(4) === 0) return enc(String(r.pick(WEIRD_STRINGS)).slice(0, 300));
    return name === 'ref' ? r.pick([t.itemKey, t.itemId]) : 'x';
  });
  const method = r.int(10) === 0 ? r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) : op.method.toUpperCase();
  const auth = r.next() < 0.9 ? 'key' : r.pick(['session', 'none'] as const);
  if (op.method === 'get') {
    const input = mutatedInput(r, op.query, t) as Record<string, unknown>;
    const qs = typeof input === 'object' && input && !Array.isArray(input)
      ? Object.entries(input).map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 5000)}`).join('&')
      : '';
    path += `${qs ? `?${qs}` : ''}`;
    return { method, path, auth };
  }
  const body = r.int(15) === 0 ? r.pick(['null', '[]', '"x"', '{', '']) : JSON.stringify(mutatedInput(r, op.body, t));
  return { method, path, body, contentType: r.int(12) === 0 ? 'text/plain' : 'application/json', auth };
}

const api = useApiServer();

describe('fuzz: malformed input never gets a 5xx', () => {
  it(`sends ${PER_PROCEDURE} inputs to every procedure and ${PER_REST_OPERATION} to every REST operation`, { timeout: 600_000 }, async () => {
    const team = await buildTeam(api());
    const item = await createItem(team.owner, { productId: team.productId, type: 'task', title: 'Fuzz target' });
    const target: Target = { productId: team.productId, productKey: team.product.key, itemId: item.id, itemKey: item.key, orgId: team.org.id };
    const { secret } = await createApiKey(team.owner, { organizationId: team.org.id, productId: team.productId, name: 'fuzz', role: 'agent', scopes: ['read', 'write', 'admin'], requestsPerMinute: 100_000 });
    const userId = team.owner.principal.kind === 'user' ? team.owner.principal.userId : '';
    let session = (await createSession(api().deps, userId, { twoFactorVerified: true })).token;

    const r = rng(SEED);
    const requests: Request[] = [];
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs?: Parameters<typeof inputShape>[0] } }>;
    const names = Object.keys(procedures).filter((p) => procedures[p]!._def.type !== 'subscription');
    for (const name of names) {
      const def = procedures[name]!._def;
      const fields = Object.keys(inputShape(def.inputs ?? []));
      for (let i = 0; i < PER_PROCEDURE; i++) requests.push(trpcRequest(r, name, def.type, fields, target));
    }
    const doc = (await (await fetch(`${api().url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {}),
      })),
    );
    for (const op of operations) for (let i = 0; i < PER_REST_OPERATION; i++) requests.push(restRequest(r, op, target));

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++]!;
        const headers: Record<string, string> = {};
        if (req.auth === 'session') headers.authorization = `Bearer ${session}`;
        if (req.auth === 'key') headers.authorization = `Bearer ${secret}`;
        if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
        const res = await fetch(`${api().url}${req.path}`, { method: req.method, headers, ...(req.body !== undefined && req.method !== 'GET' && { body: req.body }) });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`${res.status} ${req.method} ${req.path.slice(0, 300)} ${req.body?.slice(0, 300) ?? ''} -> ${text.slice(0, 200)}`);
        // a fuzzed auth.logOut or revokeSession ends the session: take a new one so the rest still reach procedures
        if (res.status === 401 && req.auth === 'session') session = (await createSession(api().deps, userId, { twoFactorVerified: true })).token;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(requests.length).toBeGreaterThanOrEqual(2_000);
    expect(operations.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
    // most requests must reach validation (4xx), not all bounce off auth
    expect((statuses.get(400) ?? 0) / requests.length).toBeGreaterThan(0.4);
  });
});
