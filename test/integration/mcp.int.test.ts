import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp, createLogger } from '@baton/backend';
import { claimItem, createApiKey, createInProcessBus, type Ctx } from '@baton/core';
import type { Db } from '@baton/db';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, testDb, testDeps } from '../support/builders.ts';

// The MCP server as agents run it: `node packages/mcp/bin/baton-mcp.mjs` as a child process, configured by
// environment, talking stdio to the SDK's own Client, and HTTP to a real Baton server.

const BIN = fileURLToPath(new URL('../../packages/mcp/bin/baton-mcp.mjs', import.meta.url));
const TOOLS = [
  ...['ready', 'take_next', 'claim', 'heartbeat', 'release', 'context', 'status', 'comment', 'check', 'link_pr', 'create'],
  ...['search', 'show', 'explain', 'progress', 'dependencies', 'add_dependency', 'remove_dependency', 'attempts'],
];

let db: Db;
let server: Server;
let url: string;
let owner: Ctx;
let product: { id: string; key: string };
let mcp: Client;
let stderr = '';

async function apiKey(name: string) {
  return (
    await createApiKey(owner, {
      organizationId: (await db.product.findUniqueOrThrow({ where: { id: product.id } })).organizationId,
      name,
      role: 'agent',
      scopes: ['read', 'write'],
    })
  ).secret;
}

beforeAll(async () => {
  db = testDb();
  const app = createApp({ db, clock: () => new Date(), bus: createInProcessBus(), logger: createLogger('silent') });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const built = await buildOrg(db);
  product = built.product;
  const user = await buildUser(db, built.org.id, 'owner');
  owner = { ...testDeps(db), principal: { kind: 'user', userId: user.id, name: user.name, email: user.email, sessionId: null } };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    // the product by key: the server resolves it to the id through products.list
    env: { ...getDefaultEnvironment(), BATON_URL: url, BATON_TOKEN: await apiKey('mcp agent'), BATON_PRODUCT: product.key },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  mcp = new Client({ name: 'baton-test', version: '1.0.0' });
  await mcp.connect(transport);
});

afterAll(async () => {
  await mcp?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$disconnect();
});

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: Record<string, unknown> };

async function tool(name: string, args: Record<string, unknown> = {}) {
  const result = (await mcp.callTool({ name, arguments: args })) as ToolResult;
  const text = result.content.map((c) => c.text ?? '').join('\n');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- structured content is asserted field by field
  return { isError: result.isError ?? false, text, data: result.structuredContent as any };
}

describe('baton-mcp over stdio', () => {
  it('lists every tool, each with an object input schema and a description', async () => {
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.description, t.name).toBeTruthy();
    }
    const check = tools.find((t) => t.name === 'check')!;
    expect(Object.keys(check.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['ref', 'index', 'text', 'done']));
    expect(stderr).toBe('');
  });

  it('create -> ready -> take_next -> context -> check -> comment -> link_pr -> heartbeat -> status done, without passing tokens', async () => {
    const created = await tool('create', {
      type: 'task',
      title: 'MCP journey',
      description: 'Walk the whole loop',
      checklist: ['First step', 'Second step'],
      labels: ['mcp'],
    });
    expect(created.isError).toBe(false);
    expect(created.text).toContain(created.data.key);
    const key: string = created.data.key;
    expect(created.data.source).toBe('internal');

    const ready = await tool('ready', { label: ['mcp'] });
    expect(ready.isError).toBe(false);
    expect(ready.data.items.map((i: { key: string }) => i.key)).toContain(key);
    expect(ready.text).toContain(key);

    const taken = await tool('take_next', { label: ['mcp'], ttlSeconds: 120 });
    expect(taken.isError).toBe(false);
    expect(taken.data.item.key).toBe(key);
    expect(taken.data.lease.fencingToken).toBeGreaterThan(0);
    expect(taken.text).toContain('fencing token');

    const context = await tool('context', { ref: key, budget: 4000 });
    expect(context.isError).toBe(false);
    expect(context.text).toContain('MCP journey');
    expect(context.data.markdown).toContain('Walk the whole loop');

    const byIndex = await tool('check', { ref: key, index: 2 });
    expect(byIndex.isError).toBe(false);
    expect(byIndex.data).toMatchObject({ text: 'Second step', done: true });
    const byText = await tool('check', { ref: key, text: 'first' });
    expect(byText.data).toMatchObject({ text: 'First step', done: true });
    expect(byText.text).toContain('2/2');

    expect((await tool('comment', { ref: key, body: 'Done with both steps' })).isError).toBe(false);
    const pr = await tool('link_pr', { ref: key, url: 'https://github.com/acme/app/pull/12', number: 12 });
    expect(pr.isError).toBe(false);
    expect(pr.text).toContain('#12');

    const beat = await tool('heartbeat', { ref: key, ttlSeconds: 300 });
    expect(beat.isError).toBe(false);
    expect(beat.data.fencingToken).toBe(taken.data.lease.fencingToken);

    const done = await tool('status', { ref: key, status: 'done', reason: 'all criteria met', evidence: { testOutput: '2 passed' } });
    expect(done.isError).toBe(false);
    expect(done.data).toMatchObject({ item: { status: 'done' }, claimEnded: { reason: 'completed' } });

    const stored = await db.item.findFirstOrThrow({
      where: { productId: product.id, number: Number(key.split('-')[1]) },
      select: { status: true, claims: { select: { endReason: true } } },
    });
    expect(stored.status).toBe('done');
    expect(stored.claims.map((c) => c.endReason)).toEqual(['completed']);
    // the lease is forgotten with the item done: a heartbeat now needs an explicit token
    const after = await tool('heartbeat', { ref: key });
    expect(after.isError).toBe(true);
    expect(after.text).toMatch(/^BAD_INPUT: /);
  });

  it('claims and releases an item it names, and files auto-detected bugs', async () => {
    const bug = await tool('create', { type: 'bug', title: 'Flaky export test', autoDetected: true, metadata: { test: 'export.test.ts' } });
    expect(bug.isError).toBe(false);
    expect(bug.data.source).toBe('auto_detected');
    const claim = await tool('claim', { ref: bug.data.key });
    expect(claim.isError).toBe(false);
    const release = await tool('release', { ref: bug.data.key, reason: 'needs a human' });
    expect(release.isError).toBe(false);
    expect(release.data.result).toMatchObject({ endReason: 'released', endNote: 'needs a human' });
  });

  it('sends usage with progress, status and release, and reads the attempts with their totals', async () => {
    const { data: item } = await tool('create', { type: 'task', title: 'Two attempts by MCP' });
    expect((await tool('claim', { ref: item.key })).isError).toBe(false);
    expect((await tool('release', { ref: item.key, reason: 'out of scope', usage: { inputTokens: 100 } })).isError).toBe(false);
    expect((await tool('claim', { ref: item.key })).isError).toBe(false);
    const usage = { inputTokens: 2_000, outputTokens: 300, cost: { amount: 0.05, currency: 'USD' }, runId: 'mcp-run' };
    expect((await tool('progress', { ref: item.key, percent: 50, stage: 'halfway', message: 'parser done', usage })).isError).toBe(false);
    const done = await tool('status', { ref: item.key, status: 'done', evidence: { links: ['https://ci.example.com/3'] }, usage: { wallSeconds: 30 } });
    expect(done.isError).toBe(false);

    const attempts = await tool('attempts', { ref: item.key });
    expect(attempts.isError).toBe(false);
    expect(attempts.text).toContain('2 attempts, 1 completed; 2100 in / 300 out tokens, 0.05 USD.');
    expect(attempts.text).toContain('released (out of scope)');
    expect(attempts.text).toContain('completed (item moved to done), last at 50% halfway, 0.05 USD');
    expect(attempts.data.items[1]).toMatchObject({
      outcome: 'completed',
      usage: { ...usage, wallSeconds: 30 },
      evidence: { links: ['https://ci.example.com/3'] },
      progress: [{ percent: 50, stage: 'halfway', message: 'parser done' }],
    });
  });

  it('answers LEASE_EXPIRED, not CLAIM_CONFLICT, when its remembered lease was lost and someone else holds the item', async () => {
    const created = await tool('create', { type: 'task', title: 'Lost midway' });
    expect((await tool('claim', { ref: created.data.key })).isError).toBe(false);
    // the lease runs out (as if the agent stalled), and a person takes the item
    await db.claim.updateMany({
      where: { item: { productId: product.id, number: Number(String(created.data.key).split('-')[1]) }, endedAt: null },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    await claimItem(owner, { productId: product.id, ref: created.data.key });
    const late = await tool('status', { ref: created.data.key, status: 'done' });
    expect(late.isError).toBe(true);
    expect(late.data.error).toMatchObject({ code: 'LEASE_EXPIRED', details: { reason: 'stale_token' } });
  });

  it('takes over its own lease with takeOver, and remembers the new token', async () => {
    const created = await tool('create', { type: 'task', title: 'Resumed after a restart' });
    const first = await tool('claim', { ref: created.data.key });
    const again = await tool('claim', { ref: created.data.key });
    expect(again.data.error).toMatchObject({ code: 'CLAIM_CONFLICT', details: { heldByYou: true } });
    const taken = await tool('claim', { ref: created.data.key, takeOver: true });
    expect(taken.data.fencingToken).toBe(first.data.fencingToken + 1);
    const beat = await tool('heartbeat', { ref: created.data.key });
    expect(beat.isError).toBe(false);
    expect(beat.data.fencingToken).toBe(taken.data.fencingToken);
  });

  it('forgets the remembered lease when status says it ended the claim, for a move back to open too', async () => {
    const created = await tool('create', { type: 'task', title: 'Handed back' });
    const claimed = await tool('claim', { ref: created.data.key });
    const reopened = await tool('status', { ref: created.data.key, status: 'open', reason: 'not mine' });
    expect(reopened.isError).toBe(false);
    expect(reopened.data).toMatchObject({
      item: { status: 'open' },
      claimEnded: { reason: 'released', fencingToken: claimed.data.fencingToken, note: 'not mine' },
    });
    expect(reopened.text).toContain('Its claim ended (released).');
    // nothing remembered any more: a heartbeat now needs an explicit token
    expect((await tool('heartbeat', { ref: created.data.key })).isError).toBe(true);
  });

  it('answers failures as tool errors carrying the Baton code', async () => {
    const missing = await tool('context', { ref: `${product.key}-999999` });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/^NOT_FOUND: /);
    expect(missing.data.error.code).toBe('NOT_FOUND');

    const created = await tool('create', { type: 'task', title: 'Held elsewhere' });
    const holder = { ...owner };
    await claimItem(holder, { productId: product.id, ref: created.data.key });
    const conflict = await tool('claim', { ref: created.data.key });
    expect(conflict.isError).toBe(true);
    expect(conflict.data.error.code).toBe('CLAIM_CONFLICT');

    // on an item nobody holds (on a held one the lease answers first, whatever the status asked for)
    const free = await tool('create', { type: 'task', title: 'Held by nobody' });
    const invalid = await tool('status', { ref: free.data.key, status: 'finished' });
    expect(invalid.isError).toBe(true);
    expect(invalid.data.error.code).toBe('BAD_INPUT');
    expect(invalid.text).toContain('status');

    const noCriterion = await tool('check', { ref: created.data.key, index: 3 });
    expect(noCriterion.isError).toBe(true);
    expect(noCriterion.data.error.code).toBe('NOT_FOUND');

    // the server survives all of it
    expect((await tool('ready')).isError).toBe(false);
  });
});

describe('baton-mcp configuration', () => {
  /** Runs the bin with `env` and a client that hangs up at once (stdin closed). */
  function run(env: Record<string, string>) {
    return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN], { env: { ...getDefaultEnvironment(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end();
      let err = '';
      let out = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', (code) => resolve({ code, stderr: err, stdout: out }));
    });
  }

  it('refuses to start without its variables, naming them on stderr', async () => {
    const r = await run({ BATON_URL: 'not a url' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BATON_URL');
    expect(r.stderr).toContain('BATON_TOKEN');
    expect(r.stderr).toContain('BATON_PRODUCT');
    expect(r.stdout).toBe('');
  });

  it('exits cleanly by itself when the client hangs up', async () => {
    const r = await run({ BATON_URL: url, BATON_TOKEN: await apiKey('hang up'), BATON_PRODUCT: product.id });
    expect(r).toEqual({ code: 0, stderr: '', stdout: '' });
  });

  it('refuses a product the token cannot see', async () => {
    const r = await run({ BATON_URL: url, BATON_TOKEN: await apiKey('config check'), BATON_PRODUCT: 'NOPE' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No product "NOPE"');
  });
});

describe('baton mcp (the CLI subcommand)', () => {
  it('serves the same tools over stdio with the CLI configuration', async () => {
    const cli = fileURLToPath(new URL('../../packages/cli/bin/baton.mjs', import.meta.url));
    const home = mkdtempSync(join(tmpdir(), 'baton-mcp-cli-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp'],
      env: {
        ...getDefaultEnvironment(),
        HOME: home,
        XDG_CONFIG_HOME: home,
        BATON_URL: url,
        BATON_TOKEN: await apiKey('cli mcp agent'),
        BATON_PRODUCT: product.key,
      },
      cwd: home,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'baton-cli-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
      const created = (await client.callTool({
        name: 'create',
        arguments: { type: 'task', title: 'Filed through baton mcp' },
      })) as ToolResult;
      expect(created.isError ?? false).toBe(false);
      expect(await db.item.count({ where: { productId: product.id, title: 'Filed through baton mcp' } })).toBe(1);
    } finally {
      await client.close();
    }
  });
});
