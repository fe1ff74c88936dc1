import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey, createSession } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeam, failure, useApiServer } from '../support/api-server.ts';
import { buildUser } from '../support/builders.ts';

// An archived product refuses writes at the edges beyond tRPC's caller: REST under /api/agent over HTTP, the typed
// client, and the `baton` command (which also starts organizations and creates, archives and unarchives products).

const api = useApiServer();
const BIN = join(import.meta.dirname, '../../packages/cli/bin/baton.mjs');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

type Run = { code: number | null; stdout: string; stderr: string };

/** baton as a subprocess with a private HOME and only the given environment. */
async function baton(env: Record<string, string>, args: string[]): Promise<Run> {
  const home = await mkdtemp(join(tmpdir(), 'baton-team-'));
  temps.push(home);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...env },
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('an archived product at the edges', () => {
  it('refuses REST writes with 409 PRODUCT_ARCHIVED, and the typed client with the same code; reads still answer', async () => {
    const team = await buildTeam(api());
    const agent = await team.agent(['read', 'write']);
    const { secret } = await createApiKey(team.owner, { organizationId: team.org.id, productId: team.productId, name: 'rest', role: 'agent', scopes: ['read', 'write'] });
    const item = await agent.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Before' });
    await (await team.person('owner')).client.products.archive.mutate({ productId: team.productId });

    const headers = { authorization: `Bearer ${secret}`, 'x-product-id': team.productId, 'content-type': 'application/json' };
    const post = await fetch(`${api().url}/api/agent/items`, { method: 'POST', headers, body: JSON.stringify({ type: 'bug', title: 'After' }) });
    expect(post.status).toBe(409);
    expect((await post.json()) as unknown).toMatchObject({ error: { code: 'PRODUCT_ARCHIVED' } });
    const get = await fetch(`${api().url}/api/agent/items/${item.key}`, { headers });
    expect(get.status).toBe(200);

    const refused = await failure(agent.client.claims.claim.mutate({ productId: team.productId, ref: item.id }));
    expect(refused).toMatchObject({ status: 409, baton: { code: 'PRODUCT_ARCHIVED' } });
  });

  it('is refused through the CLI with PRODUCT_ARCHIVED, and the CLI starts, archives and unarchives products', async () => {
    const user = await buildUser(api().db, null, null);
    const { token } = await createSession(api().deps, user.id, { twoFactorVerified: true });
    const env = { BATON_URL: api().url, BATON_TOKEN: token };
    const suffix = Date.now().toString(36).toUpperCase().slice(-5);

    const org = await baton(env, ['org', 'create', 'Acme', `Works${suffix}`, '--key', `AC${suffix}`, '--json']);
    expect(org.stderr).toBe('');
    expect(org.code).toBe(0);
    const created = JSON.parse(org.stdout) as { organization: { name: string }; product: { key: string } };
    expect(created).toMatchObject({ organization: { name: `Acme Works${suffix}` }, product: { key: `AC${suffix}` } });

    const second = await baton(env, ['product', 'create', 'Web', 'Shop', '--key', `WS${suffix}`]);
    expect(second).toMatchObject({ code: 0, stdout: `Created WS${suffix} (Web Shop).\n` });
    const bad = await baton(env, ['product', 'create', 'Bad', '--key', '9X']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--key');

    const archived = await baton(env, ['product', 'archive', `ws${suffix}`]);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toContain(`Archived WS${suffix}`);
    const write = await baton(env, ['create', '--type', 'task', '--title', 'Refused', '--product', `WS${suffix}`]);
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/^error PRODUCT_ARCHIVED: Web Shop \(WS\w+\) is archived/);
    // with no product named, the archived one is never the default: the only live product is used
    const live = await baton(env, ['create', '--type', 'task', '--title', 'Lands in the live product', '--json']);
    expect(live.code).toBe(0);
    expect((JSON.parse(live.stdout) as { key: string }).key).toBe(`AC${suffix}-1`);

    expect((await baton(env, ['product', 'unarchive', `WS${suffix}`])).code).toBe(0);
    const after = await baton(env, ['create', '--type', 'task', '--title', 'Accepted again', '--product', `WS${suffix}`, '--json']);
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { key: string }).key).toBe(`WS${suffix}-1`);
  }, 240_000); // a dozen CLI processes, each starting tsx
});
