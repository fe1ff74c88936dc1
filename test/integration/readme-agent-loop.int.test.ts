import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// The agent loop of packages/client/README.md, run as written in a process of its own against a real server:
// it must end cleanly (exit 0, nothing thrown) however its lease ends, including when the lease is lost mid-work.

const here = dirname(fileURLToPath(import.meta.url));
const README = join(here, '../../packages/client/README.md');
const TSX = join(here, '../../node_modules/.bin/tsx');
const MINUTE = 60_000;
const api = useApiServer();

/** The README's first ```ts block after "## An agent loop", untouched. */
async function readmeLoop(): Promise<string> {
  const text = await readFile(README, 'utf8');
  const section = text.slice(text.indexOf('## An agent loop'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the client README has no agent loop');
  return block[1]!;
}

/**
 * `doTheWork`, which the README leaves to the reader: says WORKING, then waits for the test's word on stdin
 * ("pr" answers a PR URL, "fail" throws as failing tests would).
 */
const PRELUDE = `
import { createInterface } from 'node:readline';
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function doTheWork(_markdown: string): Promise<string> {
  console.log('WORKING');
  const { value } = await lines.next();
  lines.return?.();
  if (value === 'fail') throw new Error('the tests failed');
  return 'https://github.com/acme/app/pull/7';
}
`;

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the loop with the agent's token; `whileWorking` runs when doTheWork starts, then answers it. */
async function runLoop(env: Record<string, string>, whileWorking: () => Promise<'pr' | 'fail'>): Promise<Run> {
  // inside the test package, so that '@baton/client' resolves as it does for an agent depending on it
  const dir = await mkdtemp(join(here, '../.tmp-readme-loop-'));
  try {
    const file = join(dir, 'agent.ts');
    await writeFile(file, PRELUDE + (await readmeLoop()));
    const child = spawn(TSX, [file], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (d.toString().includes('WORKING'))
        void whileWorking().then(
          (word) => child.stdin.end(`${word}\n`),
          (e: unknown) => {
            stderr += `test harness: ${String(e)}`;
            child.kill();
          },
        );
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the client README agent loop', () => {
  async function setup() {
    const team = await buildTeam(api());
    const bot = await team.agent(['write'], 'readme-bot');
    const { secret } = await createApiKey(team.owner, { organizationId: team.org.id, name: 'readme-loop', role: 'agent', scopes: ['write'] });
    const item = await bot.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Fix the flaky test', labels: ['agent'] });
    const env = { BATON_URL: api().url, BATON_TOKEN: secret, BATON_PRODUCT: team.productId };
    const claims = () => api().db.claim.findMany({ where: { itemId: item.id }, orderBy: { fencingToken: 'asc' } });
    return { ...team, bot, item, env, claims };
  }

  it('finishes the work when the lease holds: PR linked, item done, claim completed', async () => {
    const { item, env, claims } = await setup();
    const run = await runLoop(env, async () => 'pr');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(await api().db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'done' });
    expect((await claims()).map((c) => c.endReason)).toEqual(['completed']);
  });

  it('ends cleanly when the lease is lost mid-work and another agent holds the item now', async () => {
    const { item, env, bot, productId, claims } = await setup();
    const run = await runLoop(env, async () => {
      // the loop's lease runs out while it works, and another agent takes the item
      api().clock.advance(31 * MINUTE);
      await bot.client.claims.claim.mutate({ productId, ref: item.id, ttlSeconds: 3600 });
      return 'pr';
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('lease lost; claim the item again to retry');
    expect(run.stderr).not.toContain('CLAIM_CONFLICT');
    // the other agent's claim is untouched, and nothing of the loop's PR landed on its work
    const [lost, taken] = await claims();
    expect(lost).toMatchObject({ endReason: 'expired' });
    expect(taken).toMatchObject({ endedAt: null, holderAgentId: bot.principal.apiKeyId });
    expect(await api().db.pullRequestLink.count({ where: { itemId: item.id } })).toBe(0);
  });

  it('ends cleanly when the work fails after the lease was lost: nothing left to release', async () => {
    const { item, env, claims } = await setup();
    const run = await runLoop(env, async () => {
      api().clock.advance(31 * MINUTE);
      return 'fail';
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect((await claims()).map((c) => c.endReason)).toEqual(['expired']);
    expect(await api().db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'open' });
  });

  it('gives the item back when the work fails with the lease held', async () => {
    const { item, env, claims } = await setup();
    const run = await runLoop(env, async () => 'fail');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(await claims()).toEqual([expect.objectContaining({ endReason: 'released', endNote: 'failed: Error: the tests failed' })]);
    expect(await api().db.item.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'open' });
  });
});
