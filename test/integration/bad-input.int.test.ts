import { createApiKey, createItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure, useApiServer } from '../support/api-server.ts';

// Bad input over real HTTP (typed client, raw tRPC, REST): a 4xx that names the field or says what to send,
// never a 500, and nothing silently dropped. The rules live in packages/contracts/src/text.ts (strings),
// the strict input schemas, packages/api/src/transformer.ts (the envelope) and backend/src (HTTP edges).

const api = useApiServer();

async function team() {
  const t = await buildTeam(api());
  const agent = await t.agent(['read', 'write']);
  const item = (title = 'Work') => createItem(t.owner, { productId: t.productId, type: 'task', title });
  return { ...t, agent, item };
}

/** A raw HTTP call: JSON in and out. */
async function http(method: string, path: string, opts: { token?: string; body?: string; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const res = await fetch(`${api().url}${path}`, { method, headers, ...(opts.body !== undefined && { body: opts.body }) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a non-JSON answer is checked by status only
  }
  return { status: res.status, headers: res.headers, json: json as Record<string, never> | null, text };
}

/** The message a raw tRPC or REST failure carries. */
const messageOf = (r: { json: unknown }) => JSON.stringify(r.json);

async function agentKey(t: Awaited<ReturnType<typeof team>>) {
  const { secret } = await createApiKey(t.owner, { organizationId: t.org.id, productId: t.productId, name: 'raw', role: 'agent', scopes: ['read', 'write'] });
  return secret;
}

describe('unknown input fields are refused by name', () => {
  it('POST /api/agent/next {"lable": [...]} is a 400 naming "lable", and claims nothing', async () => {
    const t = await team();
    const key = await agentKey(t);
    const item = await t.item();
    const r = await http('POST', '/api/agent/next', { token: key, body: JSON.stringify({ productId: t.productId, lable: ['x'] }) });
    expect(r.status).toBe(400);
    expect(messageOf(r)).toContain('lable');
    expect(await api().db.claim.count({ where: { itemId: item.id } })).toBe(0);
  });

  it('tRPC and the typed client: an extra field is a 400 naming it (nested too)', async () => {
    const t = await team();
    const f = await failure(t.agent.client.items.create.mutate({ productId: t.productId, type: 'task', title: 'T', colour: 'red' } as never));
    expect(f).toMatchObject({ status: 400, baton: { code: 'BAD_INPUT' } });
    expect(f.message).toContain('colour: is not a field of this input');
    const item = await t.item();
    const g = await failure(t.agent.client.items.update.mutate({ productId: t.productId, ref: item.id, expectedVersion: 1, patch: { title: 'U', titel: 'x' } as never }));
    expect(g.message).toContain('patch.titel');
  });

  it('an idempotency key is still accepted beside a strict write input', async () => {
    const t = await team();
    const input = { productId: t.productId, type: 'task' as const, title: 'Once', idempotencyKey: 'bad-input-once-1' };
    const a = await t.agent.client.items.create.mutate(input);
    const b = await t.agent.client.items.create.mutate(input);
    expect(b.id).toBe(a.id);
  });

  it('a write over REST refuses query parameters it would ignore', async () => {
    const t = await team();
    const key = await agentKey(t);
    const r = await http('POST', `/api/agent/next?productId=${t.productId}&label=x`, { token: key, body: '{}' });
    expect(r.status).toBe(400);
    expect(messageOf(r)).toContain('label');
  });
});

describe('NUL bytes and lone surrogates', () => {
  it('titles: control characters become a space; a lone surrogate is a 400 naming the title', async () => {
    const t = await team();
    const made = await t.agent.client.items.create.mutate({ productId: t.productId, type: 'task', title: 'Crash\u0000here' });
    expect(made.title).toBe('Crash here');
    const f = await failure(t.agent.client.items.create.mutate({ productId: t.productId, type: 'task', title: 'x\uD800' }));
    expect(f).toMatchObject({ status: 400 });
    expect(f.message).toMatch(/^title: .*lone surrogate/);
  });

  it('long text (descriptions, comments, test output) keeps its text with U+FFFD in place of NUL and lone surrogates', async () => {
    const t = await team();
    const made = await t.agent.client.items.create.mutate({ productId: t.productId, type: 'bug', title: 'Log', description: 'line 1\u0000\nline 2 \uDC00' });
    expect(made.description).toBe('line 1\uFFFD\nline 2 \uFFFD');
    const c = await t.agent.client.items.comments.add.mutate({ productId: t.productId, ref: made.id, body: 'out:\u0000 done' });
    expect(c.body).toBe('out:\uFFFD done');
    await t.agent.client.agent.setStatus.mutate({ productId: t.productId, ref: made.id, status: 'in_progress', evidence: { testOutput: 'FAIL\u0000\uD800' } });
    const moved = await api().db.activityEvent.findFirstOrThrow({ where: { itemId: made.id, action: 'status_changed' }, select: { after: true } });
    expect(moved.after).toMatchObject({ evidence: { testOutput: 'FAIL\uFFFD\uFFFD' } });
  });

  it('item refs, product ids and metadata with NUL are a 400 naming the field', async () => {
    const t = await team();
    const f = await failure(t.agent.client.items.get.query({ productId: t.productId, ref: 'BAT-1\u0000' }));
    expect(f.status).toBe(400);
    expect(f.message).toContain('ref');
    const g = await failure(t.agent.client.items.list.query({ productId: `${t.productId}\u0000` }));
    expect(g.status).toBe(400);
    expect(g.message).toContain('productId');
    const item = await t.item();
    const h = await failure(t.agent.client.agent.progress.mutate({ productId: t.productId, ref: item.id, percent: 5, stage: 'x', metadata: { log: ['\u0000'] } }));
    expect(h.status).toBe(400);
    expect(h.message).toContain('metadata.log.0');
  });

  it('addresses: a NUL or malformed UTF-8 in a path or query is a 400 before any route', async () => {
    const t = await team();
    const key = await agentKey(t);
    for (const path of ['/api/agent/items/BAT-1%00', `/api/agent/items?productId=${t.productId}&since=%00`, '/p/BAT/items/%ED%A0%80', '/roadmap/BAT?q=%00', '/api/agent/items/%C0']) {
      const r = await http('GET', path, { token: key });
      expect(r.status, path).toBe(400);
    }
  });
});

describe('envelopes and bodies', () => {
  it('null, a bare input and an unknown superjson type are a 400 that says to send {"json": ...}', async () => {
    const t = await team();
    const key = await agentKey(t);
    for (const body of ['null', '[1]', JSON.stringify({ productId: t.productId, type: 'task', title: 'x' }), JSON.stringify({ json: { productId: t.productId, type: 'task', title: 'x', dueDate: 'x' }, meta: { values: { dueDate: ['custom', 'Nope'] } } })]) {
      const r = await http('POST', '/trpc/items.create', { token: key, body });
      expect(r.status, body).toBe(400);
      expect(messageOf(r), body).toContain('{\\"json\\": <input>}');
    }
    const get = await http('GET', `/trpc/items.list?input=${encodeURIComponent(JSON.stringify({ productId: t.productId }))}`, { token: key });
    expect(get.status).toBe(400);
  });

  it('a text/plain body over REST is a 415 saying to send application/json', async () => {
    const t = await team();
    const key = await agentKey(t);
    const r = await http('POST', '/api/agent/next', { token: key, body: `{"productId":"${t.productId}"}`, type: 'text/plain' });
    expect(r.status).toBe(415);
    expect(messageOf(r)).toContain('Content-Type: application/json');
  });

  it('since=yesterday says what to send (an ISO 8601 date)', async () => {
    const t = await team();
    const key = await agentKey(t);
    const r = await http('GET', `/api/agent/items?productId=${t.productId}&since=yesterday`, { token: key });
    expect(r.status).toBe(400);
    expect(messageOf(r)).toContain('since: must be an ISO 8601 date');
  });

  it('a wrong method on a REST route is a 405 with Allow; an unknown path stays a 404', async () => {
    const t = await team();
    const key = await agentKey(t);
    const r = await http('GET', '/api/agent/next', { token: key });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    const d = await http('DELETE', '/api/agent/items/BAT-1', { token: key });
    expect(d.status).toBe(405);
    expect(d.headers.get('allow')).toBe('GET, HEAD');
    expect((await http('GET', '/api/agent/nothing', { token: key })).status).toBe(404);
  });

  it('a mutation asked with GET is a 405 with Allow (tRPC)', async () => {
    const t = await team();
    const key = await agentKey(t);
    const m = await http('GET', `/trpc/items.create?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { token: key });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('POST');
  });
});

describe('links are http(s) only', () => {
  it('refuses javascript:, data: and vbscript: in linkPr and evidence links, naming the field', async () => {
    const t = await team();
    const item = await t.item();
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
      const f = await failure(t.agent.client.agent.linkPr.mutate({ productId: t.productId, ref: item.id, url }));
      expect(f.status, url).toBe(400);
      expect(f.message).toContain('url: must be an http:// or https:// URL');
      const g = await failure(t.agent.client.agent.setStatus.mutate({ productId: t.productId, ref: item.id, status: 'in_progress', evidence: { links: [url] } }));
      expect(g.message).toContain('evidence.links.0');
    }
    const ok = await t.agent.client.agent.linkPr.mutate({ productId: t.productId, ref: item.id, url: 'https://github.com/o/r/pull/7' });
    expect(ok.url).toBe('https://github.com/o/r/pull/7');
  });
});

describe('text is stored as written', () => {
  it('keeps <=, generics, ZWJ emoji and ZWNJ in titles, descriptions and comments', async () => {
    const t = await team();
    const title = 'Support <= and >= operators in Promise<Item[]> 👩‍💻';
    const made = await t.agent.client.items.create.mutate({ productId: t.productId, type: 'feature', title, description: 'می‌خواهم <b>bold</b>' });
    expect(made.title).toBe(title);
    expect(made.description).toBe('می‌خواهم <b>bold</b>');
  });
});
