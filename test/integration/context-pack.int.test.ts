import type { ApiScope } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx, Principal } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsAgent, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

// agent.context: an item assembled as markdown for an LLM prompt from the real database, within a budget.
// The trimming rules themselves are unit-tested in packages/core/src/context/render-context-pack.test.ts.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

/** A bug with every part a pack can show: criteria, bug fields, a blocker, a PR, comments and a claim history. */
async function richItem() {
  const { org, product } = await buildOrg(db);
  const productId = product.id;
  const user = await buildUser(db, org.id, 'developer');
  const owner = await buildUser(db, org.id, 'owner');
  const ownerCtx: Ctx = { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
  const { caller } = await callerAsUser(deps, user);
  const agent = async (name: string, scopes: ApiScope[] = ['write']) => {
    const { secret } = await core.createApiKey(ownerCtx, { organizationId: org.id, name, role: 'agent', scopes });
    const principal = (await core.authenticateApiKey(deps, secret, '127.0.0.1')) as Extract<Principal, { kind: 'agent' }>;
    return { principal, caller: callerAsAgent(deps, principal), ctx: { ...deps, principal } as Ctx };
  };

  const milestone = await db.milestone.create({ data: { productId, name: 'v2.1' } });
  const item = await caller.items.create({
    productId,
    type: 'bug',
    priority: 'high',
    title: 'Checkout total ignores the coupon',
    description: `The total shown at checkout does not subtract an applied coupon. ${'It only happens with percentage coupons. '.repeat(40)}`,
    stepsToReproduce: '1. Add a book\n2. Apply SAVE10\n3. Open checkout',
    expected: 'Total is 10% lower',
    actual: 'Total is unchanged',
    environment: 'Firefox 131',
    affectedVersion: '2.0.1',
    labels: ['checkout', 'money'],
    checklist: ['Percentage coupons reduce the total', 'Fixed-amount coupons still work'],
    milestoneId: milestone.id,
  });
  const [firstCriterion] = await caller.items.checklist.list({ productId, ref: item.id });
  await caller.items.checklist.set({ productId, ref: item.id, entryId: firstCriterion!.id, done: true });
  const blocker = await caller.items.create({ productId, type: 'task', title: 'Price service returns coupon data' });
  await caller.items.links.add({ productId, ref: blocker.id, type: 'blocks', to: item.id });

  const first = await agent('agent-first');
  const lease = await core.claimItem(first.ctx, { productId, ref: item.id });
  await core.releaseClaim(first.ctx, {
    productId,
    ref: item.id,
    fencingToken: lease.fencingToken,
    reason: 'cannot run the payment sandbox',
  });
  const second = await agent('agent-second');
  const current = await core.claimItem(second.ctx, { productId, ref: item.id });
  await second.caller.agent.linkPr({
    productId,
    ref: item.id,
    url: 'https://git.example/shop/pull/88',
    number: 88,
    title: 'Apply coupons in totals',
    branch: 'fix/coupon-total',
    fencingToken: current.fencingToken,
  });

  for (const [i, body] of [
    `First look: reproduced on staging. ${'The coupon line shows, the total does not move. '.repeat(3)}`,
    'Maybe the rounding step drops it.',
    'Latest: the price service ignores percent coupons.',
  ].entries()) {
    await caller.items.comments.add({ productId, ref: item.id, body: `${body} (${i + 1})` });
  }
  const reader = (await callerAsUser(deps, await buildUser(db, org.id, 'viewer'))).caller;
  return { productId, item, blocker, caller, reader, agent: second, key: item.key };
}

describe('agent.context', () => {
  it('assembles every part of an item when the budget allows', async () => {
    const { productId, key, blocker, reader } = await richItem();
    const pack = await reader.agent.context({ productId, ref: key, budget: 200_000 });
    expect(pack.omitted).toEqual([]);
    expect(pack.chars).toBe(pack.markdown.length);
    const md = pack.markdown;
    expect(md.split('\n')[0]).toBe(`# ${key} (bug, in_progress, high priority): Checkout total ignores the coupon`);
    expect(md).toContain('Assignee: agent-second · Labels: checkout, money · Milestone: v2.1');
    expect(md).toContain('## Description\nThe total shown at checkout does not subtract an applied coupon.');
    expect(md).toContain('## Acceptance criteria\n- [x] Percentage coupons reduce the total\n- [ ] Fixed-amount coupons still work');
    expect(md).toContain('**Steps to reproduce**\n1. Add a book\n2. Apply SAVE10\n3. Open checkout');
    expect(md).toContain('Environment: Firefox 131 · Affected version: 2.0.1');
    expect(md).toContain(`## Blocked by (1 of 1 unfinished)\n- ${blocker.key} (open): Price service returns coupon data`);
    expect(md).toContain('- [#88 Apply coupons in totals](https://git.example/shop/pull/88): open, branch `fix/coupon-total`');
    expect(md).toMatch(
      /## Claim history \(newest first\)\n- agent-second claimed [^\n]+; active, lease until [^\n]+\n- agent-first claimed [^\n]+; released [^\n]+: "cannot run the payment sandbox"/,
    );
    expect(md.indexOf('Latest: the price service')).toBeLessThan(md.indexOf('First look'));
    expect(md).not.toContain('Trimmed');
  });

  it('fits a small budget, dropping old comments and claim history before the description, and says so', async () => {
    const { productId, key, reader } = await richItem();
    const full = await reader.agent.context({ productId, ref: key, budget: 200_000 });

    const tight = await reader.agent.context({ productId, ref: key, budget: full.chars - 60 });
    expect(tight.chars).toBeLessThanOrEqual(full.chars - 60);
    expect(tight.omitted).toEqual(['1 older comment']);
    expect(tight.markdown).toContain('Latest: the price service');
    expect(tight.markdown).not.toContain('First look');
    expect(tight.markdown.endsWith('left out: 1 older comment._')).toBe(true);

    const small = await reader.agent.context({ productId, ref: key, budget: 900 });
    expect(small.chars).toBeLessThanOrEqual(900);
    expect(small.omitted).toEqual([
      '3 comments',
      '2 claim attempts',
      '1 linked pull request',
      'assignee, labels and milestone',
      'bug details',
      '1 blocker',
      expect.stringMatching(/^description \(\d+ of \d+ characters shown\)$/),
    ]);
    expect(small.markdown).toContain('Checkout total ignores the coupon');
    expect(small.markdown).toContain('- [ ] Fixed-amount coupons still work');
    expect(small.markdown).toMatch(/_\[description cut: \d+ of \d+ characters shown\]_/);
    expect(small.markdown).toMatch(
      /\n_Trimmed to fit 900 characters; left out: 3 comments; .*description \(\d+ of \d+ characters shown\)\._$/,
    );
    // the default budget
    expect((await reader.agent.context({ productId, ref: key })).chars).toBeLessThanOrEqual(8_000);
  });

  it('needs read access to the item, and a budget within bounds', async () => {
    const { productId, key, reader } = await richItem();
    const stranger = await richItem();
    await expectDomainError(stranger.reader.agent.context({ productId, ref: key }), 'NOT_FOUND');
    await expectDomainError(reader.agent.context({ productId, ref: `${key.split('-')[0]}-999` }), 'NOT_FOUND');
    await expectInputError(reader.agent.context({ productId, ref: key, budget: 50 }), 'budget');
  });
});
