import { randomUUID } from 'node:crypto';
import type { ApiScope, ItemSummary } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx, Deps, Principal } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsAgent, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';

// The agent API through the tRPC caller: polling for changes, reports from CI, status with evidence, PR links,
// progress, and the fencing guard on each write.

const db = testDb();
// agent.changed holds back changes younger than SETTLE_MS; a clock a minute ahead serves everything written so far
const deps = testDeps(db, () => new Date(Date.now() + 60_000));
afterAll(() => db.$disconnect());

type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

async function setup(d: Deps = deps) {
  const { org, product } = await buildOrg(db);
  const user = await buildUser(db, org.id, 'developer');
  const owner = await buildUser(db, org.id, 'owner');
  const ownerCtx: Ctx = { ...d, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
  const { caller } = await callerAsUser(d, user);
  let keys = 0;
  async function agent(scopes: ApiScope[] = ['write']) {
    const { secret } = await core.createApiKey(ownerCtx, { organizationId: org.id, name: `agent-${++keys}`, role: 'agent', scopes });
    const principal = (await core.authenticateApiKey(d, secret, '127.0.0.1')) as AgentPrincipal;
    return { principal, caller: callerAsAgent(d, principal), ctx: { ...d, principal } as Ctx };
  }
  return { org, product, productId: product.id, user, caller, agent };
}

const events = (itemId: string, action: string) =>
  db.activityEvent.findMany({
    where: { itemId, action },
    orderBy: { seq: 'asc' },
    select: { actorName: true, field: true, before: true, after: true },
  });

describe('agent.changed', () => {
  type Page = { items: ItemSummary[]; nextCursor: string | null; nextSince: Date | null };
  /** One poll: follows cursors to the end and returns what was seen, the page sizes and the watermark. */
  async function poll(fetch: (cursor: string | undefined) => Promise<Page>) {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await fetch(cursor);
      seen.push(...page.items.map((i) => i.key));
      sizes.push(page.items.length);
      if (!page.nextCursor) return { seen, sizes, nextSince: page.nextSince };
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }
  /** Keys of a product's live items in the order agent.changed serves them. */
  const changeOrder = async (productId: string, since?: Date) =>
    (
      await db.item.findMany({
        where: { productId, deletedAt: null, ...(since && { updatedAt: { gt: since } }) },
        orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
        select: { number: true, product: { select: { key: true } } },
      })
    ).map((i) => `${i.product.key}-${i.number}`);

  it('serves every change once across pages, then polls on from the watermark', async () => {
    const { caller, productId } = await setup();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await caller.items.create({ productId, type: 'task', title: `Polled ${i}` }));

    const first = await poll((cursor) => caller.agent.changed({ productId, limit: 2, cursor }));
    expect(first.sizes).toEqual([2, 2, 1]);
    expect(first.seen).toEqual(await changeOrder(productId));
    const latest = await db.item.aggregate({ where: { productId }, _max: { updatedAt: true } });
    expect(first.nextSince).toEqual(latest._max.updatedAt);

    // two changes after the watermark: an edit and a comment (which touches the item too)
    await caller.items.update({ productId, ref: created[1]!.id, expectedVersion: 1, patch: { title: 'Edited' } });
    await caller.items.comments.add({ productId, ref: created[3]!.id, body: 'Touched' });
    const second = await poll((cursor) => caller.agent.changed({ productId, since: first.nextSince!, limit: 2, cursor }));
    expect([...second.seen].sort()).toEqual([created[1]!.key, created[3]!.key].sort());
    expect(second.seen).toEqual(await changeOrder(productId, first.nextSince!));

    // nothing new: an empty poll that keeps the watermark
    const third = await poll((cursor) => caller.agent.changed({ productId, since: second.nextSince!, cursor }));
    expect(third).toEqual({ seen: [], sizes: [0], nextSince: second.nextSince });
  });

  it('splits items sharing one timestamp across pages without skips or repeats; `since` is exclusive', async () => {
    const { caller, productId } = await setup();
    for (let i = 0; i < 5; i++) await caller.items.create({ productId, type: 'task', title: `Tied ${i}` });
    const tie = new Date(Date.now() - 30_000);
    await db.item.updateMany({ where: { productId }, data: { updatedAt: tie } });

    const all = await poll((cursor) => caller.agent.changed({ productId, since: new Date(tie.getTime() - 1), limit: 2, cursor }));
    expect(all.sizes).toEqual([2, 2, 1]);
    expect(new Set(all.seen).size).toBe(5);
    expect(all.seen).toEqual(await changeOrder(productId));
    expect(all.nextSince).toEqual(tie);
    expect((await caller.agent.changed({ productId, since: tie })).items).toEqual([]);
  });

  it('holds back a change until it is SETTLE_MS old, so a late commit cannot fall behind the watermark', async () => {
    let now = new Date();
    const { caller, productId } = await setup(testDeps(db, () => now));
    const item = await caller.items.create({ productId, type: 'task', title: 'Fresh' });
    now = new Date(item.updatedAt.getTime() + core.SETTLE_MS - 1);
    expect((await caller.agent.changed({ productId })).items).toEqual([]);
    now = new Date(item.updatedAt.getTime() + core.SETTLE_MS);
    expect((await caller.agent.changed({ productId })).items.map((i) => i.id)).toEqual([item.id]);
  });

  it('filters by assignee (me: the API key, or the person), label and status', async () => {
    const { caller, productId, user, agent } = await setup();
    const bot = await agent();
    const mineAsPerson = await caller.items.create({ productId, type: 'bug', title: 'Mine', assigneeUserId: user.id, labels: ['ui'] });
    const theBots = await caller.items.create({ productId, type: 'bug', title: "The bot's", labels: ['api'] });
    await db.item.update({ where: { id: theBots.id }, data: { assigneeAgentId: bot.principal.apiKeyId } });
    const done = await caller.items.create({ productId, type: 'task', title: 'Done', labels: ['ui'] });
    await caller.items.update({ productId, ref: done.id, expectedVersion: 1, patch: { status: 'done' } });
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();

    expect(ids(await caller.agent.changed({ productId, assignee: 'me' }))).toEqual([mineAsPerson.id]);
    expect(ids(await bot.caller.agent.changed({ productId, assignee: 'me' }))).toEqual([theBots.id]);
    expect(ids(await bot.caller.agent.changed({ productId, label: ['ui'] }))).toEqual([mineAsPerson.id, done.id].sort());
    expect(ids(await bot.caller.agent.changed({ productId, label: ['ui'], status: ['open'] }))).toEqual([mineAsPerson.id]);
    expect(ids(await bot.caller.agent.changed({ productId, status: ['done'] }))).toEqual([done.id]);
  });

  it('refuses a cursor it did not hand out', async () => {
    const { caller, productId } = await setup();
    const err = await expectDomainError(caller.agent.changed({ productId, cursor: 'not-a-cursor' }), 'BAD_INPUT');
    expect(err.details).toEqual({ issues: [{ path: ['cursor'], message: expect.any(String) }] });
  });
});

describe('agent.report', () => {
  it('files an auto-detected item with labels, keeping the metadata on the item; a retry files nothing new', async () => {
    const { productId, agent } = await setup();
    const ci = await agent();
    const metadata = {
      build: 'https://ci.example/builds/77',
      failingTest: 'login.spec.ts',
      attempts: 3,
      at: new Date('2026-01-01T00:00:00Z'),
    };
    const input = {
      productId,
      type: 'bug' as const,
      title: 'login.spec.ts fails on main',
      labels: ['ci', 'flaky'],
      metadata,
      idempotencyKey: `ci-${randomUUID()}`,
    };
    const item = await ci.caller.agent.report(input);
    expect(item).toMatchObject({
      source: 'auto_detected',
      reporter: { kind: 'agent', id: ci.principal.apiKeyId },
      labels: [expect.objectContaining({ name: 'ci' }), expect.objectContaining({ name: 'flaky' })],
    });
    expect(await ci.caller.agent.report(input)).toEqual(item);
    expect(await db.item.count({ where: { productId } })).toBe(1);
    const stored = await db.item.findUniqueOrThrow({ where: { id: item.id }, select: { agentMetadata: true } });
    expect(stored.agentMetadata).toEqual({ metadata: { ...metadata, at: '2026-01-01T00:00:00.000Z' } });
  });

  it('refuses metadata over the size limit and creates nothing', async () => {
    const { productId, agent } = await setup();
    const ci = await agent();
    const err = await expectDomainError(
      ci.caller.agent.report({ productId, type: 'bug', title: 'Huge', metadata: { log: 'x'.repeat(20_000) } }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(err.details).toMatchObject({ issues: [{ path: ['metadata'] }] });
    expect(await db.item.count({ where: { productId } })).toBe(0);
  });
});

describe('agent.setStatus', () => {
  it('records the reason and evidence in the activity event, stamps the lifecycle and bumps the version', async () => {
    const { caller, productId, agent } = await setup();
    const bot = await agent();
    const item = await caller.items.create({ productId, type: 'bug', title: 'Status' });
    const evidence = { links: ['https://ci.example/runs/9'], testOutput: '42 passed, 0 failed' };
    const input = {
      productId,
      ref: item.key,
      status: 'done' as const,
      reason: 'Fixed in #12',
      evidence,
      expectedVersion: 1,
      idempotencyKey: `st-${randomUUID()}`,
    };
    const done = await bot.caller.agent.setStatus(input);
    expect(done).toMatchObject({ item: { status: 'done', version: 2, doneAt: expect.any(Date) }, changed: true, claimEnded: null });
    expect(await bot.caller.agent.setStatus(input)).toEqual(done);

    expect(await events(item.id, 'status_changed')).toEqual([
      { actorName: bot.principal.name, field: 'status', before: 'open', after: { status: 'done', reason: 'Fixed in #12', evidence } },
    ]);
    // the status it already has: nothing changes, nothing is recorded
    const same = await bot.caller.agent.setStatus({ productId, ref: item.id, status: 'done', reason: 'again' });
    expect(same).toMatchObject({ item: { version: 2 }, changed: false, claimEnded: null });
    expect(await events(item.id, 'status_changed')).toHaveLength(1);
  });

  it('follows the transition table and refuses a stale expectedVersion', async () => {
    const { caller, productId, agent } = await setup();
    const bot = await agent();
    const item = await caller.items.create({ productId, type: 'task', title: 'Guarded' });
    await bot.caller.agent.setStatus({ productId, ref: item.id, status: 'closed' });
    const bad = await expectDomainError(bot.caller.agent.setStatus({ productId, ref: item.id, status: 'done' }), 'INVALID_TRANSITION');
    expect(bad.details).toMatchObject({ from: 'closed', to: 'done', allowed: ['open'] });
    const stale = await expectDomainError(
      bot.caller.agent.setStatus({ productId, ref: item.id, status: 'open', expectedVersion: 1 }),
      'CONFLICT',
    );
    expect(stale.details).toEqual({ currentVersion: 2 });
    expect((await caller.items.get({ productId, ref: item.id })).status).toBe('closed');
  });

  it('answers an agent someone else’s live claim with CLAIM_CONFLICT and a stale fencing token with LEASE_EXPIRED', async () => {
    const { caller, productId, agent } = await setup();
    const holder = await agent();
    const other = await agent();
    const item = await caller.items.create({ productId, type: 'task', title: 'Claimed' });
    const first = await core.claimItem(holder.ctx, { productId, ref: item.id });
    await core.releaseClaim(holder.ctx, { productId, ref: item.id, fencingToken: first.fencingToken, reason: 'retrying' });
    const lease = await core.claimItem(holder.ctx, { productId, ref: item.id });
    expect(lease.fencingToken).toBe(first.fencingToken + 1);

    await expectDomainError(other.caller.agent.setStatus({ productId, ref: item.id, status: 'done' }), 'CLAIM_CONFLICT');
    const stale = await expectDomainError(
      holder.caller.agent.setStatus({ productId, ref: item.id, status: 'done', fencingToken: first.fencingToken }),
      'LEASE_EXPIRED',
    );
    expect(stale.details).toEqual({ reason: 'stale_token' });
    expect((await caller.items.get({ productId, ref: item.id })).status).toBe('in_progress');
  });

  it('moving to done with the live token completes the holder’s claim', async () => {
    const { caller, productId, agent } = await setup();
    const holder = await agent();
    const item = await caller.items.create({ productId, type: 'task', title: 'Finished by an agent' });
    const lease = await core.claimItem(holder.ctx, { productId, ref: item.key });
    const done = await holder.caller.agent.setStatus({
      productId,
      ref: item.key,
      status: 'done',
      reason: 'All green',
      fencingToken: lease.fencingToken,
    });
    expect(done).toMatchObject({
      item: { status: 'done', assignee: { kind: 'agent', id: holder.principal.apiKeyId } },
      claimEnded: { reason: 'completed', fencingToken: lease.fencingToken, holder: { kind: 'agent', id: holder.principal.apiKeyId }, note: 'All green' },
    });
    const claim = await db.claim.findUniqueOrThrow({ where: { id: lease.claimId } });
    expect(claim).toMatchObject({ endReason: 'completed', endNote: 'All green', endedAt: expect.any(Date) });
    expect(await events(item.id, 'claim_completed')).toHaveLength(1);
    // the lease is over: the token no longer fences anything
    await expectDomainError(
      holder.caller.agent.progress({ productId, ref: item.id, percent: 100, stage: 'done', fencingToken: lease.fencingToken }),
      'LEASE_EXPIRED',
    );
  });
});

describe('agent.linkPr and agent.pullRequests', () => {
  it('upserts by URL: a second call updates the link, keeps fields it leaves out, and records what changed', async () => {
    const { caller, productId, agent } = await setup();
    const bot = await agent();
    const item = await caller.items.create({ productId, type: 'feature', title: 'With PRs' });
    const url = 'https://git.example/acme/app/pull/12';
    const linked = await bot.caller.agent.linkPr({
      productId,
      ref: item.id,
      url,
      number: 12,
      title: 'Add the thing',
      branch: 'feat/thing',
      status: 'draft',
    });
    expect(linked).toMatchObject({ url, number: 12, title: 'Add the thing', status: 'draft', branch: 'feat/thing', commitSha: null });

    const merged = await bot.caller.agent.linkPr({ productId, ref: item.key, url, status: 'merged', commitSha: 'abc1234def' });
    expect(merged).toMatchObject({
      id: linked.id,
      number: 12,
      title: 'Add the thing',
      status: 'merged',
      branch: 'feat/thing',
      commitSha: 'abc1234def',
    });
    // unchanged: no new event
    await bot.caller.agent.linkPr({ productId, ref: item.key, url, status: 'merged' });
    const other = await bot.caller.agent.linkPr({ productId, ref: item.key, url: 'https://git.example/acme/app/pull/13' });

    expect(await db.pullRequestLink.count({ where: { itemId: item.id } })).toBe(2);
    expect((await caller.agent.pullRequests({ productId, ref: item.id })).map((p) => [p.id, p.status])).toEqual([
      [linked.id, 'merged'],
      [other.id, 'open'],
    ]);
    expect(await events(item.id, 'pr_linked')).toHaveLength(2);
    expect(await events(item.id, 'pr_updated')).toEqual([
      {
        actorName: bot.principal.name,
        field: 'pullRequest',
        before: { url, status: 'draft', commitSha: null },
        after: { url, status: 'merged', commitSha: 'abc1234def' },
      },
    ]);
  });

  it('is fenced like every agent write', async () => {
    const { caller, productId, agent } = await setup();
    const holder = await agent();
    const other = await agent();
    const item = await caller.items.create({ productId, type: 'task', title: 'Fenced PRs' });
    const lease = await core.claimItem(holder.ctx, { productId, ref: item.id });
    const url = 'https://git.example/acme/app/pull/1';
    await expectDomainError(other.caller.agent.linkPr({ productId, ref: item.id, url }), 'CLAIM_CONFLICT');
    await expectDomainError(
      holder.caller.agent.linkPr({ productId, ref: item.id, url, fencingToken: lease.fencingToken + 1 }),
      'LEASE_EXPIRED',
    );
    await holder.caller.agent.linkPr({ productId, ref: item.id, url, fencingToken: lease.fencingToken });
    expect(await caller.agent.pullRequests({ productId, ref: item.id })).toHaveLength(1);
  });
});

describe('agent.progress', () => {
  it('keeps the latest report in agentMetadata.progress without touching other keys or the version', async () => {
    const { productId, agent } = await setup();
    const bot = await agent();
    const item = await bot.caller.agent.report({ productId, type: 'task', title: 'Long job', metadata: { pipeline: 'nightly' } });
    const first = await bot.caller.agent.progress({ productId, ref: item.id, percent: 10, stage: 'analysing', metadata: { files: 3 } });
    expect(first).toMatchObject({
      itemId: item.id,
      percent: 10,
      stage: 'analysing',
      metadata: { files: 3 },
      by: { kind: 'agent', id: bot.principal.apiKeyId },
    });
    const second = await bot.caller.agent.progress({ productId, ref: item.key, percent: 60, stage: 'testing' });

    const stored = await db.item.findUniqueOrThrow({ where: { id: item.id }, select: { agentMetadata: true, version: true } });
    expect(stored.version).toBe(item.version);
    expect(stored.agentMetadata).toEqual({
      metadata: { pipeline: 'nightly' },
      progress: {
        percent: 60,
        stage: 'testing',
        metadata: null,
        usage: null,
        at: second.at.toISOString(),
        by: { kind: 'agent', id: bot.principal.apiKeyId, name: bot.principal.name },
      },
    });
    expect((await events(item.id, 'progress_reported')).map((e) => [e.before, e.after])).toEqual([
      [null, { percent: 10, stage: 'analysing' }],
      [
        { percent: 10, stage: 'analysing' },
        { percent: 60, stage: 'testing' },
      ],
    ]);
  });

  it('refuses a stale fencing token with LEASE_EXPIRED and accepts the live one', async () => {
    const { caller, productId, agent } = await setup();
    const holder = await agent();
    const item = await caller.items.create({ productId, type: 'task', title: 'Fenced progress' });
    const first = await core.claimItem(holder.ctx, { productId, ref: item.id });
    await core.releaseClaim(holder.ctx, { productId, ref: item.id, fencingToken: first.fencingToken, reason: 'again' });
    const lease = await core.claimItem(holder.ctx, { productId, ref: item.id });

    const err = await expectDomainError(
      holder.caller.agent.progress({ productId, ref: item.id, percent: 50, stage: 'half', fencingToken: first.fencingToken }),
      'LEASE_EXPIRED',
    );
    expect(err.details).toEqual({ reason: 'stale_token' });
    await holder.caller.agent.progress({ productId, ref: item.id, percent: 50, stage: 'half', fencingToken: lease.fencingToken });
    expect(await events(item.id, 'progress_reported')).toHaveLength(1);
  });
});
