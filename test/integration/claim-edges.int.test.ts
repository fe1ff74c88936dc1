import * as core from '@baton/core';
import type { Ctx, Principal } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, buildUser, callerAsAgent, callerAsUser, manualClock, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';
import { buildPublicBoard, verifiedVoter } from '../support/public-board.ts';

// Where claims meet the status rule: a claim that starts the work or gives it back moves the status through the
// same effects as a person's move (core/items/status-move.ts), and a holder can take its own lease over with a
// new token (an editor window resuming the work) without two holders of one token.

const db = testDb();
const clock = manualClock();
const deps = { ...testDeps(db, clock.now), pow: { maxNumber: 500 }, publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

async function board() {
  const b = await buildPublicBoard(db, deps);
  const owner = await buildUser(db, b.org.id, 'owner');
  const ownerCtx: Ctx = { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
  const { secret } = await core.createApiKey(ownerCtx, { organizationId: b.org.id, name: 'bot', role: 'agent', scopes: ['write'] });
  const agent = callerAsAgent(deps, (await core.authenticateApiKey(deps, secret, '127.0.0.1')) as AgentPrincipal);
  const dev = await buildUser(db, b.org.id, 'developer');
  return { ...b, productId: b.product.id, agent, dev, devCaller: (await callerAsUser(deps, dev)).caller };
}

const mailsTo = (to: string) =>
  db.emailMessage.findMany({ where: { to, kind: 'status_changed' }, orderBy: { createdAt: 'asc' }, select: { subject: true } });
const historyOf = (itemId: string) =>
  db.activityEvent
    .findMany({ where: { itemId, action: { not: 'created' } }, orderBy: { seq: 'asc' }, select: { action: true, field: true, before: true, after: true } })
    .then((rows) => rows.map((r) => (r.field === 'status' ? `status ${String(r.before)}>${String(r.after)}` : r.action)));

describe('a claim moves the status the way a person does', () => {
  it("tells a public item's voters when an agent's claim starts the work, and when its expired lease gives it back", async () => {
    const t = await board();
    const item = await t.publicItem('Export to CSV');
    const voter = await verifiedVoter(db);
    await anon.public.vote({ productKey: t.product.key, ref: item.number, voterToken: voter.token });

    const taken = await t.agent.queue.takeNext({ productId: t.productId });
    expect(taken).toMatchObject({ item: { id: item.id, status: 'in_progress' } });
    expect(await mailsTo(voter.email)).toEqual([{ subject: 'Export to CSV is now in progress' }]);

    clock.advance(taken!.lease.leaseExpiresAt.getTime() - clock.now().getTime() + 1_000);
    expect(await core.sweepExpiredClaims(deps, { itemId: item.id })).toBe(1);
    const back = await t.caller.items.get({ productId: t.productId, ref: item.id });
    expect(back).toMatchObject({ status: 'open', assignee: null });
    expect(await mailsTo(voter.email)).toEqual([{ subject: 'Export to CSV is now in progress' }, { subject: 'Export to CSV is planned' }]);
    expect(await historyOf(item.id)).toEqual(['claimed', 'status open>in_progress', 'updated', 'claim_expired', 'status in_progress>open', 'updated']);
  });
});

describe('taking over your own lease', () => {
  it('issues a new token to the same holder; the old token is LEASE_EXPIRED; the work and the assignment stay as they were', async () => {
    const t = await board();
    const item = await t.caller.items.create({ productId: t.productId, type: 'task', title: 'Resume in another window' });
    const first = await t.devCaller.claims.claim({ productId: t.productId, ref: item.id });

    const again = await expectDomainError(t.devCaller.claims.claim({ productId: t.productId, ref: item.id }), 'CLAIM_CONFLICT');
    expect(again.details).toMatchObject({ heldByYou: true });

    const second = await t.devCaller.claims.claim({ productId: t.productId, ref: item.id, takeOver: true });
    expect(second.fencingToken).toBe(first.fencingToken + 1);
    const stale = await expectDomainError(t.devCaller.claims.heartbeat({ productId: t.productId, ref: item.id, fencingToken: first.fencingToken }), 'LEASE_EXPIRED');
    expect(stale.details).toMatchObject({ reason: 'stale_token' });
    await t.devCaller.claims.heartbeat({ productId: t.productId, ref: item.id, fencingToken: second.fencingToken });

    const during = await t.caller.items.get({ productId: t.productId, ref: item.id });
    expect(during).toMatchObject({ status: 'in_progress', assignee: { kind: 'user', id: t.dev.id } });
    // the claim that assigned the developer was superseded: giving the new one back still undoes that assignment
    await t.devCaller.claims.release({ productId: t.productId, ref: item.id, fencingToken: second.fencingToken, reason: 'done for today' });
    expect(await t.caller.items.get({ productId: t.productId, ref: item.id })).toMatchObject({ status: 'open', assignee: null });
    expect(await historyOf(item.id)).toEqual(['claimed', 'status open>in_progress', 'updated', 'claimed', 'claim_released', 'status in_progress>open', 'updated']);
  });

  it("never takes over someone else's lease", async () => {
    const t = await board();
    const item = await t.caller.items.create({ productId: t.productId, type: 'task', title: 'Held by the agent' });
    const lease = await t.agent.claims.claim({ productId: t.productId, ref: item.id });
    const refused = await expectDomainError(t.devCaller.claims.claim({ productId: t.productId, ref: item.id, takeOver: true }), 'CLAIM_CONFLICT');
    expect(refused.details).toMatchObject({ heldByYou: false });
    await t.agent.claims.heartbeat({ productId: t.productId, ref: item.id, fencingToken: lease.fencingToken });
  });

  it('of several racing take-overs by one holder, exactly the last token granted is live', async () => {
    const t = await board();
    const item = await t.caller.items.create({ productId: t.productId, type: 'task', title: 'Three windows at once' });
    await t.devCaller.claims.claim({ productId: t.productId, ref: item.id });
    const leases = await Promise.all([1, 2, 3].map(() => t.devCaller.claims.claim({ productId: t.productId, ref: item.id, takeOver: true })));
    const tokens = leases.map((l) => l.fencingToken).sort((a, b) => a - b);
    expect(new Set(tokens).size).toBe(3);
    const live = await db.claim.findMany({ where: { itemId: item.id, endedAt: null }, select: { fencingToken: true } });
    expect(live).toEqual([{ fencingToken: tokens[2] }]);
    for (const stale of tokens.slice(0, 2)) {
      await expectDomainError(t.devCaller.claims.heartbeat({ productId: t.productId, ref: item.id, fencingToken: stale }), 'LEASE_EXPIRED');
    }
  });
});
