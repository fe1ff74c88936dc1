import { createAgentClient } from '@baton/client';
import { sweepExpiredClaims } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// Attempts (docs/attempts.md) over real HTTP: every claim is an attempt with its progress in order, evidence, PRs
// and declared usage; items.attempts answers them oldest first with totals over all of them.

const api = useApiServer();
const MINUTE = 60_000;

async function agentOf(team: Awaited<ReturnType<typeof buildTeam>>, agent: { name: string; version?: string; model?: string }) {
  const { secret } = await team.agent(['read', 'write']);
  return createAgentClient({ url: api().url, token: secret, productId: team.productId, agent });
}

describe('items.attempts', () => {
  it('records an expired attempt and a completed one with progress, usage, evidence and its PR, in order with totals', async () => {
    const team = await buildTeam(api());
    const first = await agentOf(team, { name: 'ci-fixer', version: '2.0' });
    const second = await agentOf(team, { name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' });
    const item = await first.items.create({ type: 'bug', title: 'Flaky login test' });

    // attempt 1: reports once, then goes silent until its lease runs out
    const lost = await first.items.claim(item.id);
    await first.items.progress(item.id, { percent: 10, stage: 'reading', fencingToken: lost.fencingToken, usage: { inputTokens: 1000, cost: { amount: 0.01, currency: 'USD' } } });
    api().clock.advance(6 * MINUTE);
    expect(await sweepExpiredClaims(api().deps, { itemId: item.id })).toBe(1);

    // attempt 2: two reports with running totals, a heartbeat, a PR, done with evidence and the final usage
    const lease = await second.items.claim(item.id);
    const usage1 = { inputTokens: 12_000, outputTokens: 800, cost: { amount: 0.1, currency: 'USD' }, wallSeconds: 40, runId: 'run-7' };
    const echoed = await second.items.progress(item.id, { percent: 30, stage: 'writing tests', message: '2 of 5 pass', fencingToken: lease.fencingToken, usage: usage1 });
    expect(echoed).toMatchObject({ percent: 30, message: '2 of 5 pass', usage: usage1 });
    api().clock.advance(MINUTE);
    const beatAt = api().clock.now();
    await second.items.heartbeat(lease);
    await second.items.progress(item.id, { percent: 80, stage: 'fixing', fencingToken: lease.fencingToken, usage: { inputTokens: 30_000, outputTokens: 2_000 }, metadata: { branch: 'fix/login' } });
    await second.items.linkPr(item.id, { url: 'https://github.com/acme/app/pull/12', number: 12, title: 'Fix login', fencingToken: lease.fencingToken });
    const evidence = { links: ['https://ci.example.com/runs/9'], testOutput: '5 passed' };
    const done = await second.items.setStatus(item.id, 'done', { evidence, fencingToken: lease.fencingToken, usage: { cost: { amount: 0.25, currency: 'USD' }, wallSeconds: 95 } });
    expect(done.claimEnded?.reason).toBe('completed');

    const page = await second.items.attempts(item.id);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((a) => [a.number, a.outcome, a.holder?.kind])).toEqual([
      [lost.fencingToken, 'expired', 'agent'],
      [lease.fencingToken, 'completed', 'agent'],
    ]);
    const [a1, a2] = page.items as [(typeof page.items)[0], (typeof page.items)[0]];
    expect(a1.agent).toEqual({ name: 'ci-fixer', version: '2.0' });
    expect(a1.progress.map((p) => [p.percent, p.stage])).toEqual([[10, 'reading']]);
    expect(a1.usage).toEqual({ inputTokens: 1000, cost: { amount: 0.01, currency: 'USD' } });
    expect(a1.pullRequests).toEqual([]);
    expect(a1.evidence).toBeNull();

    expect(a2.agent).toEqual({ name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' });
    expect(a2.progress.map((p) => [p.number, p.percent, p.stage, p.message])).toEqual([
      [1, 30, 'writing tests', '2 of 5 pass'],
      [2, 80, 'fixing', null],
    ]);
    expect(a2.progressCount).toBe(2);
    expect(a2.lastHeartbeatAt).toEqual(beatAt);
    // running totals: each field as last declared, the rest kept
    expect(a2.usage).toEqual({ inputTokens: 30_000, outputTokens: 2_000, cost: { amount: 0.25, currency: 'USD' }, wallSeconds: 95, runId: 'run-7' });
    expect(a2.metadata).toEqual({ branch: 'fix/login' });
    expect(a2.evidence).toEqual(evidence);
    expect(a2.pullRequests).toEqual([{ url: 'https://github.com/acme/app/pull/12', number: 12, title: 'Fix login', status: 'open' }]);
    expect(a2.endedAt).toEqual(api().clock.now());

    expect(page.totals).toEqual({
      attempts: 2,
      completed: 1,
      inputTokens: 31_000,
      outputTokens: 2_000,
      wallSeconds: 95,
      cost: [{ currency: 'USD', amount: 0.26 }],
    });

    // paginated: one at a time, oldest first, totals on every page
    const p1 = await second.items.attempts(item.id, { limit: 1 });
    expect(p1.items.map((a) => a.id)).toEqual([a1.id]);
    const p2 = await second.items.attempts(item.id, { limit: 1, cursor: p1.nextCursor! });
    expect(p2.items.map((a) => a.id)).toEqual([a2.id]);
    expect(p2.nextCursor).toBeNull();
    expect(p2.totals.attempts).toBe(2);
  });

  it('keeps the usage sent with a release, and calls an attempt ended by someone else lost', async () => {
    const team = await buildTeam(api());
    const agent = await agentOf(team, { name: 'worker' });
    const pm = await team.person('owner');
    const item = await agent.items.create({ type: 'task', title: 'Two tries' });

    const one = await agent.items.claim(item.id);
    await agent.items.release(one, 'tests need a database I cannot reach', { usage: { outputTokens: 50, cost: { amount: 1.5, currency: 'EUR' } } });
    const two = await agent.items.claim(item.id);
    // a person closes the item the agent still holds
    await pm.client.agent.setStatus.mutate({ productId: team.productId, ref: item.id, status: 'closed' });

    const page = await agent.items.attempts(item.id);
    expect(page.items.map((a) => [a.number, a.outcome])).toEqual([
      [one.fencingToken, 'released'],
      [two.fencingToken, 'lost'],
    ]);
    expect(page.items[0]!.endNote).toBe('tests need a database I cannot reach');
    expect(page.items[0]!.usage).toEqual({ outputTokens: 50, cost: { amount: 1.5, currency: 'EUR' } });
    expect(page.totals).toMatchObject({ attempts: 2, completed: 0, outputTokens: 50, cost: [{ currency: 'EUR', amount: 1.5 }] });
  });
});

describe('claims.active', () => {
  it('shows each holder’s last heartbeat, so a holder that stopped beating shows as stale while its lease runs', async () => {
    const team = await buildTeam(api());
    const agent = await agentOf(team, { name: 'sleepy' });
    const item = await agent.items.create({ type: 'task', title: 'Watch me' });
    const claimedAt = api().clock.now();
    const lease = await agent.items.claim(item.id, { ttlSeconds: 3600 });
    const active = () => agent.trpc.claims.active.query({ productId: team.productId, itemIds: [item.id] });
    expect((await active())[0]!.lastHeartbeatAt).toEqual(claimedAt);
    api().clock.advance(20 * MINUTE);
    await agent.items.heartbeat(lease, { ttlSeconds: 3600 });
    expect((await active())[0]!.lastHeartbeatAt).toEqual(api().clock.now());
  });
});
