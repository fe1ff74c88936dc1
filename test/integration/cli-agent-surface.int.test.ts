import { createItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { useCliServer } from '../support/cli.ts';

// The CLI's share of the agent surface (docs/agent-surface.md) as a subprocess: search, explain, dependencies and
// progress with usage.

const cli = useCliServer();

describe('baton for agents', () => {
  it('searches with the query language, manages dependencies and explains readiness', async () => {
    const w = await cli.workspace();
    const blocker = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Schema first', labels: ['api'] });
    const blocked = await createItem(w.ctx, { productId: w.product.id, type: 'bug', title: 'Login page breaks', labels: ['api'] });

    const found = await w.json<{ items: { key: string }[] }>(['search', 'type:bug', 'label:api', '"login page"']);
    expect(found.items.map((i) => i.key)).toEqual([blocked.key]);
    const badQuery = await w.run(['search', 'priority:>>high']);
    expect(badQuery).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error BAD_QUERY: /) });

    const link = await w.json<{ id: string }>(['deps', 'add', blocked.key, blocker.key]);
    const listed = await w.run(['deps', 'list', blocked.key]);
    expect(listed.stdout).toContain(`blocked by ${blocker.key} (open)  link ${link.id}`);
    const why = await w.run(['explain', blocked.key]);
    expect(why.stdout).toBe(`${blocked.key} is not ready:\n  - blocked by ${blocker.key} (open)\n`);
    expect((await w.run(['deps', 'remove', blocked.key, link.id])).code).toBe(0);
    expect((await w.json<{ ready: boolean }>(['explain', blocked.key])).ready).toBe(true);
  });

  it('reports progress with the run usage, and refuses a cost it cannot read', async () => {
    const w = await cli.workspace();
    const blocked = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Costed work' });

    expect((await w.run(['claim', blocked.key])).code).toBe(0);
    const progress = await w.json<{ percent: number; usage: unknown }>([
      'progress',
      blocked.key,
      '40',
      'writing',
      'tests',
      '--input-tokens',
      '1200',
      '--output-tokens',
      '300',
      '--cost',
      '0.42USD',
      '--wall-seconds',
      '61',
      '--run-id',
      'run-1',
    ]);
    expect(progress).toMatchObject({
      percent: 40,
      usage: { inputTokens: 1200, outputTokens: 300, cost: { amount: 0.42, currency: 'USD' }, wallSeconds: 61, runId: 'run-1' },
    });
    const badCost = await w.run(['progress', blocked.key, '50', 'x', '--cost', 'lots']);
    expect(badCost).toMatchObject({ code: 2, stderr: expect.stringContaining('--cost must be an amount and a currency') });
  });

  it('sends usage and evidence with progress, status and release, and prints the attempts with totals', async () => {
    const w = await cli.workspace();
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Tried twice' });
    expect((await w.run(['claim', item.key])).code).toBe(0);
    expect((await w.run(['release', item.key, '--reason', 'need a database', '--cost', '0.10USD'])).code).toBe(0);
    expect((await w.run(['claim', item.key])).code).toBe(0);
    const report = ['progress', item.key, '60', 'fixing', '--message', '4 of 5 pass', '--input-tokens', '900', '--run-id', 'run-2'];
    expect((await w.run(report)).code).toBe(0);
    const done = ['status', item.key, 'done', '--link', 'https://ci.example.com/1', '--test-output', '5 passed', '--cost', '0.30USD', '--wall-seconds', '42'];
    expect((await w.run(done)).code).toBe(0);

    const printed = await w.run(['attempts', item.key]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('released: need a database');
    expect(printed.stdout).toContain('60% fixing — 4 of 5 pass');
    expect(printed.stdout).toContain('usage: 900 in / 0 out tokens · 0.3 USD · 42 s · run run-2');
    expect(printed.stdout).toContain('evidence: https://ci.example.com/1');
    expect(printed.stdout).toContain('Totals: 2 attempts, 1 completed · 900 in / 0 out tokens · 0.4 USD · 42 s');
    const page = await w.json<{ items: { outcome: string }[]; totals: { cost: unknown } }>(['attempts', item.key, '--limit', '1']);
    expect(page.items.map((a) => a.outcome)).toEqual(['released']);
    expect(page.totals.cost).toEqual([{ currency: 'USD', amount: 0.4 }]);
  });
});
