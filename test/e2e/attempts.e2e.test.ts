import { createAgentClient } from '@baton/client';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { useServerAndBrowser } from '../support/browser.ts';
import { screenshot } from '../support/screenshots.ts';
import { DEMO, signIn, useSession } from '../support/session.ts';

// The attempt timeline on the item page in Chromium: an agent's lease that ran out, then another agent's attempt
// with two progress reports, a PR, usage and done-with-evidence, as people read them; the activity log reads
// progress and evidence in words (never "[object Object]"); axe clean in light and dark.

const { server, openPage } = useServerAndBrowser();

describe('attempt timeline', () => {
  it('shows each attempt with its outcome, progress, evidence links, PRs and usage totals', async () => {
    const { url, db } = server();
    const owner = await signIn(url, DEMO.owner);
    const me = await owner.client.auth.me.query();
    const organizationId = me.memberships[0]!.organizationId;
    const agent = async (name: string, identity: { name: string; version?: string; model?: string }) => {
      const { secret } = await owner.client.apiKeys.create.mutate({ organizationId, name, role: 'agent', scopes: ['read', 'write'] });
      return createAgentClient({ url, token: secret, productId: owner.productId, agent: identity });
    };
    const first = await agent('night-shift', { name: 'ci-fixer', version: '2.0' });
    const second = await agent('day-shift', { name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' });
    const item = await first.items.create({ type: 'bug', title: 'Checkout total rounds wrong' });

    await first.items.claim(item.key);
    await first.items.progress(item.key, { percent: 15, stage: 'reproducing', usage: { inputTokens: 4_000, cost: { amount: 0.04, currency: 'USD' } } });
    // the first agent goes silent: its lease runs out, and the next claim ends it as expired
    await db.claim.updateMany({ where: { itemId: item.id, endedAt: null }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const lease = await second.items.claim(item.key);
    const t = lease.fencingToken;
    await second.items.progress(item.key, { percent: 40, stage: 'writing tests', message: '2 of 5 pass', fencingToken: t, usage: { inputTokens: 10_000, outputTokens: 900, runId: 'run-42' } });
    await second.items.progress(item.key, { percent: 90, stage: 'fixing', fencingToken: t, usage: { inputTokens: 25_000, outputTokens: 2_100 } });
    await second.items.linkPr(item.key, { url: 'https://github.com/acme/shop/pull/77', number: 77, title: 'Round totals once', fencingToken: t });
    await second.items.setStatus(item.key, 'done', {
      reason: 'all green',
      evidence: { links: ['https://ci.example.com/runs/501'], testOutput: '5 passed' },
      usage: { cost: { amount: 0.31, currency: 'USD' }, wallSeconds: 95 },
      fencingToken: t,
    });

    const { page, errors } = await openPage({ bypassCSP: true, colorScheme: 'light' });
    await useSession(page, url, owner.token);
    await page.goto(`${url}/p/BAT/items/${item.key}`);
    const timeline = page.getByRole('region', { name: /^Attempts/ });
    await timeline.waitFor();
    expect(await timeline.getByTestId('attempt-totals').innerText()).toBe('1 of 2 completed · tokens 29,000 in / 2,100 out · cost 0.35 USD · wall time 1 min 35 s');
    const attempts = timeline.getByTestId('attempt');
    expect(await attempts.count()).toBe(2);
    const [expired, done] = [attempts.nth(0), attempts.nth(1)];
    expect(await expired.getAttribute('data-outcome')).toBe('expired');
    expect(await expired.innerText()).toContain('night-shift (ci-fixer/2.0)');
    expect(await expired.innerText()).toContain('lease expired');
    expect(await expired.innerText()).toContain('15% · reproducing');
    expect(await done.getAttribute('data-outcome')).toBe('completed');
    const text = await done.innerText();
    expect(text).toContain('day-shift (claude-code/1.4.2; model=claude-sonnet-4)');
    expect(text).toContain('Reason: all green');
    expect(text).toContain('40% · writing tests — 2 of 5 pass');
    expect(text).toContain('90% · fixing');
    expect(text).toContain('Usage: tokens 25,000 in / 2,100 out · cost 0.31 USD · wall time 1 min 35 s · run run-42');
    expect(await done.getByRole('list', { name: /Progress reports/ }).getByRole('img').count()).toBe(2);
    expect(await done.getByRole('link', { name: 'https://ci.example.com/runs/501' }).getAttribute('href')).toBe('https://ci.example.com/runs/501');
    expect(await done.getByRole('link', { name: 'Round totals once' }).getAttribute('href')).toBe('https://github.com/acme/shop/pull/77');

    // the activity log says what happened in words
    const activity = await page.getByRole('region', { name: 'Activity' }).innerText();
    expect(activity).not.toContain('[object Object]');
    expect(activity).toMatch(/reported progress\s+40% · writing tests — 2 of 5 pass/);
    expect(activity).toMatch(/changed the status\s+In progress\s+→\s+Done\s+all green · tests: 5 passed/);
    expect(await page.getByRole('region', { name: 'Activity' }).getByRole('link', { name: 'https://ci.example.com/runs/501' }).count()).toBe(1);

    expect(await seriousViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page), 'dark').toEqual([]);
    await screenshot(page, 'attempt-timeline', { fullPage: true });
    expect(errors).toEqual([]);
  });
});
