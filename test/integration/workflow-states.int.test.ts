import type { Ctx, Principal } from '@baton/core';
import * as core from '@baton/core';
import { stateChoices } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, buildOrg, buildUser, callerAsAgent, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { buildPublicBoard } from '../support/public-board.ts';

// Workflow states per product (docs/status-changes.md): named states in the fixed categories. Every rule works on
// the category; the state is what the team names, and "a state name or a category" resolves in one place.

const db = testDb();
const deps = { ...testDeps(db), publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

async function team() {
  const b = await buildPublicBoard(db, deps);
  const owner = await buildUser(db, b.org.id, 'owner');
  const ownerCtx: Ctx = { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } };
  async function agent() {
    const { secret } = await core.createApiKey(ownerCtx, { organizationId: b.org.id, name: `bot-${Math.random()}`, role: 'agent', scopes: ['write'] });
    return callerAsAgent(deps, (await core.authenticateApiKey(deps, secret, '127.0.0.1')) as AgentPrincipal);
  }
  const productId = b.product.id;
  const review = await b.caller.workflowStates.create({ productId, name: 'In review', category: 'in_progress' });
  const qa = await b.caller.workflowStates.create({ productId, name: 'QA', category: 'in_progress' });
  const task = (title: string, visibility: 'internal' | 'public' = 'internal') => b.caller.items.create({ productId, type: 'feature', title, visibility });
  return { ...b, productId, review, qa, agent, task };
}

describe('workflow states', () => {
  it('gives every product the default states, lists them in category order, and lets managers add, rename and reorder', async () => {
    const t = await team();
    const names = async () => (await t.caller.workflowStates.list({ productId: t.productId })).map((s) => `${s.name}:${s.category}${s.isDefault ? '*' : ''}`);
    expect(await names()).toEqual(['Open:open*', 'In progress:in_progress*', 'In review:in_progress', 'QA:in_progress', 'Done:done*', 'Closed:closed*', "Won't fix:wont_fix*"]);
    await t.caller.workflowStates.rename({ productId: t.productId, stateId: t.qa.id, name: 'Testing' });
    const all = await t.caller.workflowStates.list({ productId: t.productId });
    const ids = all.map((s) => s.id);
    // Testing before In review; categories keep their order whatever is sent
    await t.caller.workflowStates.reorder({ productId: t.productId, stateIds: [t.qa.id, ...ids.filter((id) => id !== t.qa.id).reverse()] });
    expect(await names()).toEqual(['Open:open*', 'Testing:in_progress', 'In review:in_progress', 'In progress:in_progress*', 'Done:done*', 'Closed:closed*', "Won't fix:wont_fix*"]);

    const dup = await expectDomainError(t.caller.workflowStates.create({ productId: t.productId, name: 'in REVIEW', category: 'done' }), 'CONFLICT');
    expect(dup.details).toMatchObject({ issues: [{ path: ['name'] }] });
    await expectDomainError(t.caller.workflowStates.create({ productId: t.productId, name: 'wont_fix', category: 'open' }), 'BAD_INPUT');
    await expectInputError(t.caller.workflowStates.create({ productId: t.productId, name: 'Later', category: 'triage' as 'open' }), 'category');
    await expectDomainError(t.caller.workflowStates.reorder({ productId: t.productId, stateIds: [t.qa.id] }), 'BAD_INPUT');
    // a product made by createProduct starts with the defaults too
    const ownerCtx = await callerAsUser(deps, await buildUser(db, t.org.id, 'owner'));
    const made = await ownerCtx.caller.products.create({ organizationId: t.org.id, name: 'Fresh', key: `F${Date.now().toString(36).slice(-5).toUpperCase()}` });
    expect((await ownerCtx.caller.workflowStates.list({ productId: made.id })).map((s) => s.name)).toEqual(['Open', 'In progress', 'Done', 'Closed', "Won't fix"]);
  });

  it('refuses changes to developers, viewers and agents, and keeps other organizations out', async () => {
    const t = await team();
    const dev = (await callerAsUser(deps, await buildUser(db, t.org.id, 'developer'))).caller;
    const viewer = (await callerAsUser(deps, await buildUser(db, t.org.id, 'viewer'))).caller;
    const bot = await t.agent();
    for (const c of [dev, viewer, bot]) {
      expect((await c.workflowStates.list({ productId: t.productId })).length).toBe(7);
      await expectDomainError(c.workflowStates.create({ productId: t.productId, name: 'Blocked', category: 'open' }), 'FORBIDDEN');
      await expectDomainError(c.workflowStates.rename({ productId: t.productId, stateId: t.qa.id, name: 'X' }), 'FORBIDDEN');
      await expectDomainError(c.workflowStates.delete({ productId: t.productId, stateId: t.qa.id }), 'FORBIDDEN');
    }
    const other = await buildOrg(db);
    const stranger = (await callerAsUser(deps, await buildUser(db, other.org.id, 'owner'))).caller;
    await expectDomainError(stranger.workflowStates.list({ productId: t.productId }), 'NOT_FOUND');
    await expectDomainError(stranger.workflowStates.create({ productId: t.productId, name: 'Mine', category: 'open' }), 'NOT_FOUND');
    // another product's state is not this product's: renaming or deleting it through this product finds nothing
    const foreign = await db.workflowState.findFirstOrThrow({ where: { productId: other.product.id } });
    await expectDomainError(t.caller.workflowStates.rename({ productId: t.productId, stateId: foreign.id, name: 'Stolen' }), 'NOT_FOUND');
    await expectDomainError(t.caller.workflowStates.delete({ productId: t.productId, stateId: foreign.id }), 'NOT_FOUND');
  });

  it('moves items by state name or category from items.update, agent.setStatus and the bulk bar, and refuses what the workflow forbids', async () => {
    const t = await team();
    const item = await t.task('Named states');
    expect(item.state).toMatchObject({ name: 'Open', category: 'open' });

    const inReview = await t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'in review' } });
    expect(inReview).toMatchObject({ status: 'in_progress', state: { id: t.review.id, name: 'In review', category: 'in_progress' } });
    // the category names the item's own state while it is in it: nothing changes
    const same = await t.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'in_progress' });
    expect(same).toMatchObject({ changed: false, item: { state: { name: 'In review' } } });
    // a move within the category is recorded, with the state's name in the history
    const toQa = await t.caller.agent.setStatus({ productId: t.productId, ref: item.key, status: 'QA', reason: 'ready for QA' });
    expect(toQa).toMatchObject({ changed: true, claimEnded: null, item: { status: 'in_progress', state: { name: 'QA' }, version: inReview.version + 1 } });
    const entry = await db.activityEvent.findFirstOrThrow({ where: { itemId: item.id, action: 'status_changed' }, orderBy: { seq: 'desc' } });
    expect(entry).toMatchObject({ before: 'in_progress', after: { status: 'in_progress', state: 'QA', reason: 'ready for QA' } });

    const done = await t.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'done' });
    expect(done.item).toMatchObject({ status: 'done', state: { name: 'Done', category: 'done' } });
    expect(done.item.doneAt).not.toBeNull();
    // done -> in_progress is no move of the table, whichever in_progress state is named
    const refused = await expectDomainError(t.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'In review' }), 'INVALID_TRANSITION');
    expect(refused.details).toEqual({ from: 'done', to: 'in_progress', allowed: ['open', 'closed'], allowedStates: ['Open', 'Closed'] });
    expect(refused.message).toContain('Cannot move an item from done to in_progress (In review)');
    const unknown = await expectDomainError(t.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'Blocked' }), 'BAD_INPUT');
    expect(unknown.message).toContain('names no state of this product');

    const other = await t.task('Bulk');
    const bulk = await t.caller.items.bulkUpdate({ productId: t.productId, refs: [other.key], change: { status: 'QA' } });
    expect(bulk.failed).toEqual([]);
    expect((await t.caller.items.get({ productId: t.productId, ref: other.id })).state).toMatchObject({ name: 'QA' });
  });

  it("merges a status save whose base names the item's state by name, and refuses one whose state moved since", async () => {
    const t = await team();
    const item = await t.task('Picked by name');
    const inReview = await t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: item.version, patch: { status: 'In review' } });
    // what the item page's picker offers: its own state and the allowed moves, in board order
    const states = await t.caller.workflowStates.list({ productId: t.productId });
    expect(stateChoices(states, { status: 'in_progress', stateId: t.review.id }).map((s) => s.name)).toEqual(['Open', 'In progress', 'In review', 'QA', 'Done', 'Closed', "Won't fix"]);
    expect(stateChoices(states, { status: 'done', stateId: null }).map((s) => s.name)).toEqual(['Open', 'Done', 'Closed']);

    // someone renames it meanwhile: the picker's save, based on "In review", still lands
    const renamed = await t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: inReview.version, patch: { title: 'Renamed meanwhile' } });
    const toQa = await t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: inReview.version, patch: { status: 'QA' }, base: { status: 'In review' } });
    expect(toQa).toMatchObject({ title: 'Renamed meanwhile', state: { name: 'QA' }, version: renamed.version + 1 });
    // a move within the category since the form loaded is a change to the status like any other
    const stale = t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: inReview.version, patch: { status: 'Done' }, base: { status: 'In review' } });
    expect((await expectDomainError(stale, 'CONFLICT')).details).toMatchObject({ currentVersion: toQa.version });
    // a category as the base (clients that send categories) names any of its states, as before
    const done = await t.caller.items.update({ productId: t.productId, ref: item.id, expectedVersion: inReview.version, patch: { status: 'done' }, base: { status: 'in_progress' } });
    expect(done.state).toMatchObject({ name: 'Done' });
  });

  it('keeps claims, the ready queue and public statuses on the category: a claim lands on the default state', async () => {
    const t = await team();
    const bot = await t.agent();
    const idea = await t.task('Public idea', 'public');
    expect((await bot.queue.ready({ productId: t.productId })).items.map((r) => r.id)).toContain(idea.id);

    const lease = await bot.claims.claim({ productId: t.productId, ref: idea.id });
    expect((await bot.items.get({ productId: t.productId, ref: idea.id })).state).toMatchObject({ name: 'In progress', category: 'in_progress' });
    expect((await bot.queue.ready({ productId: t.productId })).items.map((r) => r.id)).not.toContain(idea.id);
    // the holder moves it on to a named state of the same category: the lease stays, the public word is in progress
    const moved = await bot.agent.setStatus({ productId: t.productId, ref: idea.id, status: 'In review', fencingToken: lease.fencingToken });
    expect(moved).toMatchObject({ changed: true, claimEnded: null });
    expect((await bot.claims.heartbeat({ productId: t.productId, ref: idea.id, fencingToken: lease.fencingToken })).fencingToken).toBe(lease.fencingToken);
    expect((await anon.public.item({ productKey: t.product.key, ref: idea.number })).status).toBe('in_progress');
    // releasing gives the item back to its category's default: open, in the ready queue again
    await bot.claims.release({ productId: t.productId, ref: idea.id, fencingToken: lease.fencingToken, reason: 'handing back' });
    expect((await bot.items.get({ productId: t.productId, ref: idea.id })).state).toMatchObject({ name: 'Open', category: 'open' });
    expect((await bot.queue.ready({ productId: t.productId })).items.map((r) => r.id)).toContain(idea.id);
    expect((await anon.public.item({ productKey: t.product.key, ref: idea.number })).status).toBe('planned');
  });

  it('finds items by state name and by category in the query language; is:open keeps meaning the open categories', async () => {
    const t = await team();
    const [a, b, c] = [await t.task('Alpha'), await t.task('Beta'), await t.task('Gamma')];
    await t.caller.agent.setStatus({ productId: t.productId, ref: a.id, status: 'In review' });
    await t.caller.agent.setStatus({ productId: t.productId, ref: b.id, status: 'in_progress' });
    const keys = async (query: string) => (await t.caller.items.search({ productId: t.productId, query })).items.map((i) => i.title).sort();
    expect(await keys('status:"In review"')).toEqual(['Alpha']);
    expect(await keys('status:"in progress"')).toEqual(['Beta']);
    expect(await keys('status:in_progress')).toEqual(['Alpha', 'Beta']);
    expect(await keys('-status:"In review"')).toEqual(['Beta', 'Gamma']);
    expect(await keys('status:open,QA')).toEqual(['Gamma']);
    expect(await keys('is:open')).toEqual(['Alpha', 'Beta', 'Gamma']);
    const bad = await expectDomainError(t.caller.items.search({ productId: t.productId, query: 'status:"Blocked"' }), 'BAD_QUERY');
    expect(bad.details).toMatchObject({ position: 7, token: '"Blocked"' });
    expect(bad.message).toContain('In review');
    void c;
  });

  it('deletes a state only when nothing uses it, or moves its items to another state of its category', async () => {
    const t = await team();
    const item = await t.task('In QA');
    await t.caller.agent.setStatus({ productId: t.productId, ref: item.id, status: 'QA' });
    const inUse = await expectDomainError(t.caller.workflowStates.delete({ productId: t.productId, stateId: t.qa.id }), 'CONFLICT');
    expect(inUse.details).toMatchObject({ inUse: 1 });
    const defaults = await t.caller.workflowStates.list({ productId: t.productId });
    const open = defaults.find((s) => s.category === 'open')!;
    await expectDomainError(t.caller.workflowStates.delete({ productId: t.productId, stateId: t.qa.id, moveTo: open.id }), 'BAD_INPUT');
    await expectDomainError(t.caller.workflowStates.delete({ productId: t.productId, stateId: open.id }), 'CONFLICT');
    expect(await t.caller.workflowStates.delete({ productId: t.productId, stateId: t.qa.id, moveTo: t.review.id })).toEqual({ ok: true, moved: 1 });
    expect((await t.caller.items.get({ productId: t.productId, ref: item.id })).state).toMatchObject({ name: 'In review' });
    expect(await t.caller.workflowStates.delete({ productId: t.productId, stateId: t.review.id, moveTo: defaults.find((s) => s.category === 'in_progress' && s.isDefault)!.id })).toEqual({ ok: true, moved: 1 });
    expect((await t.caller.items.get({ productId: t.productId, ref: item.id })).state).toMatchObject({ name: 'In progress', category: 'in_progress' });
  });
});
