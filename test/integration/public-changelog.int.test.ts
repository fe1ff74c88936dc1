import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, testDb, testDeps } from '../support/builders.ts';
import { buildPublicBoard } from '../support/public-board.ts';

// What is public stays exactly what is marked public: the changelog lists what a release shipped that was public
// when it was published and is public still, and a later release never rewrites an earlier one.

const db = testDb();
const deps = { ...testDeps(db), publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

async function setup() {
  const b = await buildPublicBoard(db, deps);
  const milestone = await b.caller.milestones.create({ productId: b.product.id, name: 'Q1' });
  const done = async (title: string, visibility: 'public' | 'internal') => {
    const item = await b.caller.items.create({ productId: b.product.id, type: 'feature', title, visibility, milestoneId: milestone.id });
    await db.item.update({ where: { id: item.id }, data: { status: 'done', doneAt: new Date() } });
    return item;
  };
  const titles = async () =>
    (await anon.public.changelog({ productKey: b.product.key })).releases.map((r) => [r.name, r.items.map((i) => i.title)]);
  return { ...b, milestone, done, titles };
}

describe('the public changelog', () => {
  it('lists only items public at publish time and still public, whatever the release holds', async () => {
    const { caller, product, done, titles } = await setup();
    const shown = await done('Dark mode', 'public');
    const secret = await done('Acquisition of Initech', 'internal');
    const release = await caller.releases.create({ productId: product.id, name: 'v1', notes: 'Better.', itemIds: [shown.id, secret.id], isPublic: true });
    await caller.releases.publish({ id: release.id });
    expect(await titles()).toEqual([['v1', ['Dark mode']]]);
    // the team still sees everything it shipped
    expect((await caller.releases.get({ id: release.id })).items.map((i) => i.title)).toEqual(['Dark mode', 'Acquisition of Initech']);
    // made public after publishing: not in a list fixed before
    await db.item.update({ where: { id: secret.id }, data: { visibility: 'public' } });
    expect(await titles()).toEqual([['v1', ['Dark mode']]]);
    // made private later: gone from the page and the feed, which read the same list
    await db.item.update({ where: { id: shown.id }, data: { visibility: 'internal' } });
    expect(await titles()).toEqual([['v1', []]]);
    expect(JSON.stringify(await anon.public.changelog({ productKey: product.key }))).not.toContain('Initech');
  });

  it('keeps v1 as published when v2 ships from the same milestone, and drafts skip what shipped', async () => {
    const { caller, product, milestone, done, titles } = await setup();
    const first = await done('Export CSV', 'public');
    const draft1 = await caller.releases.draftNotes({ productId: product.id, milestoneId: milestone.id });
    const v1 = await caller.releases.create({ productId: product.id, name: 'v1', itemIds: draft1.items.map((i) => i.id), isPublic: true });
    await caller.releases.publish({ id: v1.id });
    const second = await done('Import CSV', 'public');
    const draft2 = await caller.releases.draftNotes({ productId: product.id, milestoneId: milestone.id });
    expect(draft2.items.map((i) => i.key)).toEqual([second.key]);
    expect((await caller.releases.draftNotes({ productId: product.id })).items.map((i) => i.key)).toEqual([second.key]);
    // even listing the shipped item again in v2 leaves v1's list as it was
    const v2 = await caller.releases.create({ productId: product.id, name: 'v2', itemIds: [first.id, second.id], isPublic: true });
    await caller.releases.publish({ id: v2.id });
    expect(await titles()).toEqual([
      ['v2', ['Export CSV', 'Import CSV']],
      ['v1', ['Export CSV']],
    ]);
    expect((await caller.releases.get({ id: v1.id })).items.map((i) => i.key)).toEqual([first.key]);

    // an explicit edit of a published release is the one way to change its list
    await caller.releases.update({ id: v1.id, itemIds: [] });
    expect(await titles()).toEqual([
      ['v2', ['Export CSV', 'Import CSV']],
      ['v1', []],
    ]);
  });
});
