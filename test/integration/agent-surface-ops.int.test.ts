import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createAgentClient } from '@baton/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createBatonMcpServer } from '../../packages/mcp/src/server.ts';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// The capabilities added to every form, over real HTTP: takeNext says why, progress keeps its usage, search and
// dependencies through the client and REST, and an MCP server that cannot reach Baton says so in words.

const api = useApiServer();
const USAGE = { inputTokens: 12_000, outputTokens: 3_400, cost: { amount: 0.42, currency: 'USD' }, wallSeconds: 95.5, runId: 'run-7f3a' };

async function agentOn() {
  const team = await buildTeam(api());
  const key = await team.agent(['read', 'write']);
  const agent = createAgentClient({ url: api().url, token: key.secret, productId: team.productId });
  const rest = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api().url}/api/agent${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key.secret}`,
        'x-product-id': team.productId,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  return { team, agent, rest };
}

describe('the capabilities in every form', () => {
  it('answers takeNext with why it chose the item: its rank in the queue and its ready reason', async () => {
    const { agent } = await agentOn();
    await agent.items.create({ type: 'task', title: 'Later', priority: 'low' });
    const urgent = await agent.items.create({ type: 'bug', title: 'Now', priority: 'critical' });
    const taken = await agent.items.takeNext();
    expect(taken?.item.id).toBe(urgent.id);
    expect(taken?.why).toEqual({ rank: 1, reason: '#1 in your ready queue (critical, then oldest first): open, unclaimed, no blockers' });
  });

  it('records progress with its usage on the item and in its history (client and REST)', async () => {
    const { agent, rest, team } = await agentOn();
    const item = await agent.items.create({ type: 'task', title: 'Costed work' });
    const lease = await agent.items.claim(item.key);
    const saved = await agent.items.progress(item.key, {
      percent: 40,
      stage: 'writing tests',
      usage: USAGE,
      fencingToken: lease.fencingToken,
    });
    expect(saved.usage).toEqual(USAGE);
    const again = await rest('PATCH', `/items/${item.key}/progress`, {
      percent: 80,
      stage: 'review',
      usage: { ...USAGE, inputTokens: 20_000 },
    });
    expect(again).toMatchObject({ status: 200, body: { usage: { inputTokens: 20_000, runId: 'run-7f3a' } } });
    const history = await api().db.activityEvent.findMany({
      where: { itemId: item.id, action: 'progress_reported' },
      orderBy: { seq: 'asc' },
    });
    expect(history.map((h) => (h.after as { usage: { inputTokens: number } }).usage.inputTokens)).toEqual([12_000, 20_000]);
    const stored = await api().db.item.findUniqueOrThrow({ where: { id: item.id }, select: { agentMetadata: true } });
    expect((stored.agentMetadata as { progress: { usage: unknown } }).progress.usage).toEqual({ ...USAGE, inputTokens: 20_000 });
    // a malformed usage is refused naming the field, not dropped
    const bad = await rest('PATCH', `/items/${item.key}/progress`, {
      percent: 90,
      stage: 'x',
      usage: { cost: { amount: 1, currency: 'dollars' } },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_INPUT', details: { issues: [{ path: ['usage', 'cost', 'currency'] }] } } },
    });
    expect(team.productId).toBeTruthy();
  });

  it('keeps usage and evidence sent over REST on the attempt, and lists attempts at /items/{ref}/attempts', async () => {
    const { agent, rest } = await agentOn();
    const item = await agent.items.create({ type: 'task', title: 'Attempted over REST' });
    const first = await rest('PATCH', `/items/${item.key}/claim`, {});
    const token = (first.body as { fencingToken: number }).fencingToken;
    expect((await rest('PATCH', `/items/${item.key}/release`, { fencingToken: token, reason: 'wrong repo', usage: { inputTokens: 5 } })).status).toBe(200);
    const second = await rest('PATCH', `/items/${item.key}/claim`, {});
    const token2 = (second.body as { fencingToken: number }).fencingToken;
    await rest('PATCH', `/items/${item.key}/progress`, { percent: 50, stage: 'halfway', message: 'parser done', usage: USAGE, fencingToken: token2 });
    const done = await rest('PATCH', `/items/${item.key}/status`, {
      status: 'done',
      fencingToken: token2,
      evidence: { links: ['https://ci.example.com/7'] },
      usage: { wallSeconds: 120 },
    });
    expect(done.status).toBe(200);
    const listed = await rest('GET', `/items/${item.key}/attempts?limit=10`);
    expect(listed.status).toBe(200);
    const body = listed.body as { items: { outcome: string; endNote: string | null; usage: unknown; evidence: unknown; progress: { message: string | null }[] }[]; totals: unknown };
    expect(body.items.map((a) => [a.outcome, a.endNote])).toEqual([
      ['released', 'wrong repo'],
      ['completed', 'item moved to done'],
    ]);
    expect(body.items[1]).toMatchObject({ usage: { ...USAGE, wallSeconds: 120 }, evidence: { links: ['https://ci.example.com/7'] }, progress: [{ message: 'parser done' }] });
    expect(body.totals).toMatchObject({ attempts: 2, completed: 1, inputTokens: 5 + USAGE.inputTokens, cost: [{ currency: 'USD', amount: 0.42 }] });
    const doc = (await (await fetch(`${api().url}/api/openapi.json`)).json()) as { paths: Record<string, { get?: { operationId: string } }> };
    expect(doc.paths['/api/agent/items/{ref}/attempts']?.get?.operationId).toBe('listAttempts');
  });

  it('searches with the query language, and adds, lists, explains and removes dependencies', async () => {
    const { agent, rest } = await agentOn();
    const blocker = await agent.items.create({ type: 'task', title: 'Schema first', labels: ['api'] });
    const blocked = await agent.items.create({ type: 'bug', title: 'Login page breaks', labels: ['api'] });
    expect((await agent.items.search('type:bug label:api "login page"')).items.map((i) => i.key)).toEqual([blocked.key]);
    const found = await rest('GET', `/search?query=${encodeURIComponent('label:api sort:created-asc')}`);
    expect((found.body.items as { key: string }[]).map((i) => i.key)).toEqual([blocker.key, blocked.key]);
    expect((await rest('GET', `/search?query=${encodeURIComponent('priority:>>high')}`)).body.error?.code).toBe('BAD_QUERY');

    const link = await agent.items.addDependency(blocked.key, blocker.key);
    expect(await agent.items.dependencies(blocked.key)).toEqual([
      expect.objectContaining({ id: link.id, direction: 'incoming', item: expect.objectContaining({ key: blocker.key }) }),
    ]);
    expect(await agent.items.explain(blocked.key)).toEqual({ ready: false, reasons: [`blocked by ${blocker.key} (open)`] });
    const cycle = await rest('POST', `/items/${blocked.key}/links`, { type: 'blocks', to: blocker.key });
    expect(cycle).toMatchObject({ status: 422, body: { error: { code: 'DEPENDENCY_CYCLE' } } });
    expect((await rest('DELETE', `/items/${blocked.key}/links/${link.id}`)).status).toBe(200);
    expect(await agent.items.dependencies(blocked.key)).toEqual([]);
    expect((await agent.items.explain(blocked.key)).ready).toBe(true);
  });

  it('tells an MCP client in words that the server cannot be reached, naming it', async () => {
    // a port that was free a moment ago: nothing listens there
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const agent = createAgentClient({ url, token: 'bat_unused', productId: 'p', retries: 0 });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'unreachable-test', version: '1.0.0' });
    await Promise.all([createBatonMcpServer({ agent }).connect(serverSide), client.connect(clientSide)]);
    const result = (await client.callTool({ name: 'ready', arguments: {} })) as { isError: boolean; content: { text: string }[] };
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toContain(
      `UNAVAILABLE: The Baton server at ${url} cannot be reached (connection refused): is it running`,
    );
    expect(result.content[0]!.text).not.toMatch(/^UNAVAILABLE: [^\n]*fetch failed/);
    await client.close();
  });
});
