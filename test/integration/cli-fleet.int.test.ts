import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { userConfig, useCliServer } from '../support/cli.ts';

// The CLI for fleets of agents: BATON_AGENT names the agent on its claims, and BATON_TOKEN goes to the server a
// committed .baton/config.json names only once the user confirmed it with `baton trust`.

const cli = useCliServer();
const { workspace } = cli;

/** A git repository whose committed config names the test server and the workspace's product. */
async function repoFor(w: Awaited<ReturnType<typeof workspace>>, url = cli.url) {
  const repo = join(w.home, 'repo');
  await mkdir(join(repo, '.git'), { recursive: true });
  await mkdir(join(repo, '.baton'), { recursive: true });
  await writeFile(join(repo, '.baton', 'config.json'), JSON.stringify({ url, product: w.product.key }));
  return repo;
}

describe('baton trust', () => {
  it('withholds BATON_TOKEN from the committed server and says so, until the user trusts that server once', async () => {
    const w = await workspace();
    const repo = await repoFor(w);
    // only the token in the environment: the URL comes from the repository
    const env = { BATON_URL: undefined, BATON_PRODUCT: undefined };
    const before = await w.run(['list'], { cwd: repo, env });
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`error UNAUTHENTICATED: BATON_TOKEN is set, but ${cli.url} comes from`);
    expect(before.stderr).toContain('run `baton trust` once');
    expect(before.stderr).not.toMatch(/or set BATON_TOKEN/);

    const wrong = await w.run(['trust', 'http://elsewhere.example'], { cwd: repo, env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('nothing was trusted');

    const trusted = await w.json<{ trusted: string }>(['trust', cli.url], { cwd: repo, env });
    expect(trusted.trusted).toBe(new URL(cli.url).origin);
    expect((await userConfig(w.home)).trusted).toEqual([new URL(cli.url).origin]);
    const after = await w.run(['list', '--json'], { cwd: repo, env });
    expect(after.code).toBe(0);

    // trust is per server: a repository pointing elsewhere is still refused the token
    const other = await repoFor(w, 'http://127.0.0.1:9/');
    const elsewhere = await w.run(['list'], { cwd: other, env });
    expect(elsewhere.stderr).toContain('BATON_TOKEN is set, but http://127.0.0.1:9 comes from');
  });

  it('has nothing to trust when the server is named by BATON_URL', async () => {
    const w = await workspace();
    const repo = await repoFor(w);
    const r = await w.run(['trust'], { cwd: repo });
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining('not from .baton/config.json: nothing to trust') });
  });
});

describe('BATON_AGENT', () => {
  it('records the agent on the claims it takes; a malformed value is a usage error', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Taken by a named agent' });
    const env = { BATON_AGENT: 'claude-code/1.4.2; model=claude-sonnet-4' };
    expect((await w.run(['claim', item.key], { env })).code).toBe(0);
    const history = await w.client.claims.history.query({ productId: w.product.id, ref: item.key });
    expect(history.items[0]!.agent).toEqual({ name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' });

    const bad = await w.run(['list'], { env: { BATON_AGENT: 'claude code; mood=happy' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('BATON_AGENT:');
  });
});
