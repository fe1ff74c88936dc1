import type { MemberRole } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx, Principal } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, buildUser, callerAsAgent, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';
import { buildPublicBoard, solvedChallenge, verifiedVoter } from '../support/public-board.ts';

// The one status rule (core/items/change-status.ts, docs/status-changes.md) reached from items.update,
// items.bulkUpdate, agent.setStatus and triage through the tRPC caller: the same emails, the same lease handling,
// the same history, whichever path moved the item.

const db = testDb();
const deps = { ...testDeps(db), pow: { maxNumber: 500 }, publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

async function team() {
  const b = await buildPublicBoard(db, deps);
  const owner = await buildUser(db, b.org.id, 'owner');
  const ownerCtx: Ctx = { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
  let keys = 0;
  async function agent() {
    const { secret } = await core.createApiKey(ownerCtx, { organizationId: b.org.id, name: `bot-${++keys}`, role: 'agent', scopes: ['write'] });
    const principal = (await core.authenticateApiKey(deps, secret, '127.0.0.1')) as AgentPrincipal;
    return { principal, caller: callerAsAgent(deps, principal) };
  }
  async function person(role: MemberRole = 'developer') {
    const user = await buildUser(db, b.org.id, role);
    return { user, caller: (await callerAsUser(deps, user)).caller };
  }
  const productId = b.product.id;
  const task = (title: string) => b.caller.items.create({ productId, type: 'task', title });
  return { ...b, productId, agent, person, task };
}

const claimOf = (claimId: string) => db.claim.findUniqueOrThrow({ where: { id: claimId }, select: { endReason: true, endNote: true, endedAt: true } });
const historyOf = (itemId: string) =>
  db.activityEvent
    .findMany({ where: { itemId, action: { not: 'created' } }, orderBy: { seq: 'asc' }, select: { action: true, before: true, after: true } })
    .then((rows) => rows.map((r) => (r.action === 'status_changed' ? `${r.action} ${String(r.before)}>${JSON.stringify(r.after)}` : r.action)));
const mailsTo = (to: string) => db.emailMessage.findMany({ where: { to, kind: 'status_changed' }, select: { subject: true } });

describe('one status change', () => {
  it('emails the voters of a public item marked done in bulk exactly as when it is marked done alone', async () => {
    const t = await team();
    const single = await t.publicItem('Dark mode');
    const bulk = await t.publicItem('Offline mode');
    const [v1, v2] = [await verifiedVoter(db), await verifiedVoter(db)];
    await anon.public.vote({ productKey: t.product.key, ref: single.number, voterToken: v1.token });
    await anon.public.vote({ productKey: t.product.key, ref: bulk.number, voterToken: v2.token });

    await t.caller.items.update({ productId: t.productId, ref: single.id, expectedVersion: single.version, patch: { status: 'done' } });
    const result = await t.caller.items.bulkUpdate({ productId: t.productId, refs: [bulk.key], change: { status: 'done' } });
    expect(result).toEqual({ updated: [{ id: bulk.id, key: bulk.key, version: 2, claimEnded: null }], failed: [] });

    expect(await mailsTo(v1.email)).toEqual([{ subject: 'Dark mode is done' }]);
    expect(await mailsTo(v2.email)).toEqual([{ subject: 'Offline mode is done' }]);
    expect(await historyOf(single.id)).toEqual(['status_changed open>"done"']);
    expect(await historyOf(bulk.id)).toEqual(['status_changed open>"done"']);
  });

  it('ends your own lease identically when you close the item through agent.setStatus or items.update', async () => {
    const t = await team();
    const me = await t.person();
    const [viaStatus, viaUpdate] = [await t.task('Closed from VS Code'), await t.task('Closed from the web')];
    const l1 = await me.caller.claims.claim({ productId: t.productId, ref: viaStatus.id });
    const l2 = await me.caller.claims.claim({ productId: t.productId, ref: viaUpdate.id });

    const answer = await me.caller.agent.setStatus({ productId: t.productId, ref: viaStatus.id, status: 'closed' });
    expect(answer).toMatchObject({
      item: { status: 'closed' },
      changed: true,
      claimEnded: { reason: 'released', fencingToken: l1.fencingToken, holder: { kind: 'user', id: me.user.id }, note: 'item moved to closed' },
    });
    const fresh = await me.caller.items.get({ productId: t.productId, ref: viaUpdate.id });
    await me.caller.items.update({ productId: t.productId, ref: viaUpdate.id, expectedVersion: fresh.version, patch: { status: 'closed' } });

    for (const [item, lease] of [[viaStatus, l1], [viaUpdate, l2]] as const) {
      expect(await claimOf(lease.claimId)).toEqual({ endReason: 'released', endNote: 'item moved to closed', endedAt: expect.any(Date) });
      // the claim assigned the claimant ('updated', assignee); closing keeps who did the work as the assignee
      expect(await historyOf(item.id)).toEqual(['claimed', 'status_changed open>"in_progress"', 'updated', 'status_changed in_progress>"closed"', 'claim_released']);
      expect(await db.claim.count({ where: { itemId: item.id, endedAt: null } })).toBe(0);
    }
    // done with your own lease completes it, whichever path
    const third = await t.task('Done from the web');
    const l3 = await me.caller.claims.claim({ productId: t.productId, ref: third.id });
    await me.caller.items.update({ productId: t.productId, ref: third.id, expectedVersion: third.version + 1, patch: { status: 'done' } });
    expect((await claimOf(l3.claimId)).endReason).toBe('completed');
  });

  it('refuses an agent someone else’s lease from items.update, items.bulkUpdate and agent.setStatus alike', async () => {
    const t = await team();
    const [holder, other] = [await t.agent(), await t.agent()];
    const item = await t.task('Held');
    const lease = await holder.caller.claims.claim({ productId: t.productId, ref: item.id });
    const ref = { productId: t.productId, ref: item.id };

    const a = await expectDomainError(other.caller.items.update({ ...ref, expectedVersion: 2, patch: { status: 'done' } }), 'CLAIM_CONFLICT');
    const b = await expectDomainError(other.caller.agent.setStatus({ ...ref, status: 'done' }), 'CLAIM_CONFLICT');
    const bulk = await other.caller.items.bulkUpdate({ productId: t.productId, refs: [item.key], change: { status: 'done' } });
    expect(bulk.updated).toEqual([]);
    expect(bulk.failed).toEqual([{ ref: item.key, key: item.key, code: 'CLAIM_CONFLICT', message: a.message }]);
    expect(b.message).toBe(a.message);
    expect(await t.caller.items.get(ref)).toMatchObject({ status: 'in_progress', version: 2 });
    expect(await claimOf(lease.claimId)).toMatchObject({ endedAt: null });
  });

  it('lets a person move an item someone else holds from every path, revoking the claim on the record', async () => {
    const t = await team();
    const holder = await t.agent();
    const pm = await t.person('manager');
    const items = [await t.task('By update'), await t.task('By bulk'), await t.task('By setStatus')];
    const leases = [];
    for (const i of items) leases.push(await holder.caller.claims.claim({ productId: t.productId, ref: i.id }));
    const [u, bk, st] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];

    await pm.caller.items.update({ productId: t.productId, ref: u.id, expectedVersion: 2, patch: { status: 'wont_fix' } });
    const bulk = await pm.caller.items.bulkUpdate({ productId: t.productId, refs: [bk.id], change: { status: 'wont_fix' } });
    const set = await pm.caller.agent.setStatus({ productId: t.productId, ref: st.id, status: 'wont_fix' });

    const revoked = (fencingToken: number) => ({
      reason: 'revoked',
      fencingToken,
      holder: { kind: 'agent', id: holder.principal.apiKeyId, name: holder.principal.name },
      note: 'item moved to wont_fix',
    });
    expect(bulk.updated[0]!.claimEnded).toEqual(revoked(leases[1]!.fencingToken));
    expect(set.claimEnded).toEqual(revoked(leases[2]!.fencingToken));
    for (const [n, i] of items.entries()) {
      expect(await claimOf(leases[n]!.claimId)).toMatchObject({ endReason: 'revoked', endNote: 'item moved to wont_fix' });
      expect((await historyOf(i.id)).slice(-2)).toEqual(['status_changed in_progress>"wont_fix"', 'claim_revoked']);
      // the holder's token fences nothing any more
      await expectDomainError(
        holder.caller.agent.progress({ productId: t.productId, ref: i.id, percent: 1, stage: 'late', fencingToken: leases[n]!.fencingToken }),
        'LEASE_EXPIRED',
      );
    }
  });

  it('ends the claim on a move back to open, keeps it on a move to in_progress, and ends an unswept expired lease as expired', async () => {
    const t = await team();
    const bot = await t.agent();
    const item = await t.task('Reopened');
    const lease = await bot.caller.claims.claim({ productId: t.productId, ref: item.id });
    const stay = await bot.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'in_progress', fencingToken: lease.fencingToken });
    expect(stay).toMatchObject({ changed: false, claimEnded: null });
    const back = await bot.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'open', reason: 'wrong item', fencingToken: lease.fencingToken });
    expect(back).toMatchObject({ item: { status: 'open', assignee: null }, claimEnded: { reason: 'released', note: 'wrong item' } });

    const stale = await t.task('Stale lease');
    const old = await bot.caller.claims.claim({ productId: t.productId, ref: stale.id });
    await db.claim.update({ where: { id: old.claimId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const pm = await t.person('manager');
    const closed = await pm.caller.agent.setStatus({ productId: t.productId, ref: stale.id, status: 'closed' });
    expect(closed.claimEnded).toMatchObject({ reason: 'expired', fencingToken: old.fencingToken });
    const ended = await db.activityEvent.findFirstOrThrow({ where: { itemId: stale.id, action: 'claim_expired' }, select: { actorName: true } });
    expect(ended.actorName).toBe('system');
  });

  it('closes a declined idea by the same rule, with the reason on record and one email to its submitter', async () => {
    const t = await team();
    const email = `idea-${t.product.key.toLowerCase()}@example.test`;
    await anon.public.submit({ productKey: t.product.key, name: 'Ed', email, type: 'feature', title: 'Teleport', solution: solvedChallenge(deps) });
    const [entry] = (await t.caller.triage.list({ productId: t.productId })).items;
    await t.caller.triage.decline({ productId: t.productId, submissionId: entry!.id, publicReason: 'Out of scope' });
    const history = await db.activityEvent.findMany({ where: { itemId: entry!.item.id, action: 'status_changed' }, select: { before: true, after: true } });
    expect(history).toEqual([{ before: 'triage', after: { status: 'wont_fix', reason: 'Out of scope', evidence: null } }]);
    expect(await db.emailMessage.findMany({ where: { to: email, kind: 'status_changed' }, select: { subject: true } })).toEqual([
      { subject: 'About your idea: Teleport' },
    ]);
  });
});
