import type { MemberRole } from '@baton/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

/** A fresh product with a manager (who plans) and a developer (who works). */
async function setup() {
  const { org, product } = await buildOrg(db);
  const as = async (role: MemberRole) => (await callerAsUser(deps, await buildUser(db, org.id, role))).caller;
  return { productId: product.id, pm: await as('manager'), dev: await as('developer'), viewer: await as('viewer') };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const day = (d: number) => new Date(Date.UTC(2026, 10, d));

async function item(s: Setup, title: string, patch: { estimate?: number; sprintId?: string; milestoneId?: string; status?: 'done' | 'in_progress' | 'wont_fix' } = {}) {
  const { status, ...fields } = patch;
  const created = await s.dev.items.create({ productId: s.productId, type: 'task', title, ...fields });
  if (!status) return created;
  return s.dev.items.update({ productId: s.productId, ref: created.id, expectedVersion: created.version, patch: { status } });
}

describe('milestones', () => {
  it('creates, edits, closes and reopens, with progress over done items and points', async () => {
    const s = await setup();
    const m = await s.pm.milestones.create({ productId: s.productId, name: 'Beta', targetDate: day(30), description: 'First users' });
    expect(m).toMatchObject({ name: 'Beta', description: 'First users', targetDate: day(30), closedAt: null });
    await item(s, 'One', { milestoneId: m.id, estimate: 3, status: 'done' });
    await item(s, 'Two', { milestoneId: m.id, estimate: 5 });
    await item(s, 'Dropped', { milestoneId: m.id, estimate: 8, status: 'wont_fix' });

    const got = await s.viewer.milestones.get({ productId: s.productId, id: m.id });
    expect(got.progress).toEqual({ doneItems: 1, totalItems: 2, donePoints: 3, totalPoints: 8 });

    const closed = await s.pm.milestones.update({ productId: s.productId, id: m.id, patch: { closed: true, name: 'Beta 1' } });
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect((await s.pm.milestones.list({ productId: s.productId, state: 'open' })).items).toEqual([]);
    expect((await s.pm.milestones.list({ productId: s.productId, state: 'closed' })).items.map((x) => x.name)).toEqual(['Beta 1']);
    const reopened = await s.pm.milestones.update({ productId: s.productId, id: m.id, patch: { closed: false } });
    expect(reopened.closedAt).toBeNull();
  });

  it('names the field for bad input and for a taken name', async () => {
    const s = await setup();
    await expectInputError(s.pm.milestones.create({ productId: s.productId, name: '  ' }), 'name');
    await expectInputError(s.pm.milestones.create({ productId: s.productId, name: 'X', targetDate: 'not a date' as never }), 'targetDate');
    await s.pm.milestones.create({ productId: s.productId, name: 'GA' });
    const err = await expectDomainError(s.pm.milestones.create({ productId: s.productId, name: 'GA' }), 'BAD_INPUT');
    expect(err.details?.issues).toEqual([{ path: ['name'], message: '"GA" is already used by another milestone' }]);
  });

  it('lets members read and only managers write', async () => {
    const s = await setup();
    await expectDomainError(s.dev.milestones.create({ productId: s.productId, name: 'Nope' }), 'FORBIDDEN');
    const m = await s.pm.milestones.create({ productId: s.productId, name: 'Yes' });
    await expectDomainError(s.dev.milestones.update({ productId: s.productId, id: m.id, patch: { closed: true } }), 'FORBIDDEN');
    expect((await s.viewer.milestones.list({ productId: s.productId })).items).toHaveLength(1);
  });

  it('pages by cursor without overlap', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i++) await s.pm.milestones.create({ productId: s.productId, name: `M${i}` });
    const first = await s.pm.milestones.list({ productId: s.productId, limit: 3 });
    const second = await s.pm.milestones.list({ productId: s.productId, limit: 3, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((m) => m.name)).size).toBe(5);
  });
});

describe('sprints', () => {
  it('refuses an end before the start, naming endsAt, on create and on update', async () => {
    const s = await setup();
    const body = await expectInputError(s.pm.sprints.create({ productId: s.productId, name: 'S', startsAt: day(10), endsAt: day(3) }), 'endsAt');
    expect(body.details?.issues).toEqual([{ path: ['endsAt'], message: 'must be after the start date' }]);
    await expectInputError(s.pm.sprints.create({ productId: s.productId, name: 'S', startsAt: day(1), endsAt: day(14), capacity: -1 }), 'capacity');
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S', startsAt: day(1), endsAt: day(14), capacity: 20, goal: 'Ship' });
    expect(sprint).toMatchObject({ name: 'S', goal: 'Ship', capacity: 20, closedAt: null });
    // only one date changes: it is checked against the stored other one
    const err = await expectDomainError(s.pm.sprints.update({ productId: s.productId, id: sprint.id, patch: { endsAt: day(1) } }), 'BAD_INPUT');
    expect(err.details?.issues).toEqual([{ path: ['endsAt'], message: 'must be after the start date' }]);
    const moved = await s.pm.sprints.update({ productId: s.productId, id: sprint.id, patch: { startsAt: day(2) } });
    expect(moved.startsAt).toEqual(day(2));
  });

  it('lets members read and only managers write', async () => {
    const s = await setup();
    await expectDomainError(s.dev.sprints.create({ productId: s.productId, name: 'S', startsAt: day(1), endsAt: day(2) }), 'FORBIDDEN');
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S', startsAt: day(1), endsAt: day(2) });
    await expectDomainError(s.dev.sprints.close({ productId: s.productId, id: sprint.id }), 'FORBIDDEN');
    expect((await s.viewer.sprints.list({ productId: s.productId })).items.map((x) => x.id)).toEqual([sprint.id]);
  });

  it('lists the backlog and a sprint, and developers plan items in through items.update', async () => {
    const s = await setup();
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S', startsAt: day(1), endsAt: day(14), capacity: 10 });
    const a = await item(s, 'A', { estimate: 3 });
    await item(s, 'B', { estimate: 5 });
    await item(s, 'Finished', { status: 'done' });
    const backlog = await s.viewer.sprints.items({ productId: s.productId, sprintId: null });
    expect(backlog.items.map((i) => i.title).sort()).toEqual(['A', 'B']);

    await s.dev.items.update({ productId: s.productId, ref: a.id, expectedVersion: a.version, patch: { sprintId: sprint.id } });
    const inSprint = await s.viewer.sprints.items({ productId: s.productId, sprintId: sprint.id });
    expect(inSprint.items.map((i) => [i.title, i.estimate])).toEqual([['A', 3]]);
    expect((await s.viewer.sprints.get({ productId: s.productId, id: sprint.id })).progress).toEqual({ doneItems: 0, totalItems: 1, donePoints: 0, totalPoints: 3 });
  });

  it('closes a sprint and rolls unfinished items into a new sprint in one transaction, recording velocity', async () => {
    const s = await setup();
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S1', startsAt: day(1), endsAt: day(14), capacity: 20 });
    const done = await item(s, 'Done', { sprintId: sprint.id, estimate: 5, status: 'done' });
    const open = await item(s, 'Open', { sprintId: sprint.id, estimate: 3 });
    const started = await item(s, 'Started', { sprintId: sprint.id, estimate: 2, status: 'in_progress' });

    const result = await s.pm.sprints.close({
      productId: s.productId,
      id: sprint.id,
      rollOver: { to: 'new', sprint: { name: 'S2', startsAt: day(15), endsAt: day(28) } },
    });
    expect(result.moved).toBe(2);
    expect(result.closed).toMatchObject({ committedPoints: 10, completedPoints: 5 });
    expect(result.closed.closedAt).toBeInstanceOf(Date);
    expect(result.next).toMatchObject({ name: 'S2', closedAt: null, progress: { totalItems: 2, totalPoints: 5 } });

    const rows = await db.item.findMany({ where: { id: { in: [done.id, open.id, started.id] } }, select: { id: true, sprintId: true, version: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(done.id)!.sprintId).toBe(sprint.id);
    expect(byId.get(open.id)!.sprintId).toBe(result.next!.id);
    // a rolled item changed: an editor holding the old version must not overwrite it silently
    expect(byId.get(open.id)!.version).toBe(open.version + 1);

    expect(await s.viewer.sprints.velocity({ productId: s.productId })).toEqual([
      { sprintId: sprint.id, name: 'S1', closedAt: result.closed.closedAt, committedPoints: 10, completedPoints: 5 },
    ]);
    // a closed sprint takes no more items
    const late = await item(s, 'Late');
    await expectDomainError(s.dev.items.update({ productId: s.productId, ref: late.id, expectedVersion: late.version, patch: { sprintId: sprint.id } }), 'BAD_INPUT');
  });

  it('undoes the whole close when the rollover target is refused', async () => {
    const s = await setup();
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S1', startsAt: day(1), endsAt: day(14) });
    const other = await s.pm.sprints.create({ productId: s.productId, name: 'Old', startsAt: day(1), endsAt: day(2) });
    await s.pm.sprints.close({ productId: s.productId, id: other.id });
    await item(s, 'Open', { sprintId: sprint.id });
    const err = await expectDomainError(s.pm.sprints.close({ productId: s.productId, id: sprint.id, rollOver: { to: 'sprint', sprintId: other.id } }), 'BAD_INPUT');
    expect(err.details?.issues).toEqual([{ path: ['sprintId'], message: 'is a closed sprint' }]);
    expect((await s.pm.sprints.get({ productId: s.productId, id: sprint.id })).closedAt).toBeNull();
    // a bad new sprint is refused before anything is written, naming its field
    await expectInputError(
      s.pm.sprints.close({ productId: s.productId, id: sprint.id, rollOver: { to: 'new', sprint: { name: 'S2', startsAt: day(20), endsAt: day(19) } } }),
      'endsAt',
    );
    expect((await s.pm.sprints.list({ productId: s.productId, state: 'open' })).items.map((x) => x.name)).toEqual(['S1']);
  });

  it('lets exactly one of two racing closes win; the loser creates nothing', async () => {
    const s = await setup();
    const sprint = await s.pm.sprints.create({ productId: s.productId, name: 'S1', startsAt: day(1), endsAt: day(14) });
    const open = await item(s, 'Open', { sprintId: sprint.id, estimate: 1 });
    const close = (name: string) =>
      s.pm.sprints.close({ productId: s.productId, id: sprint.id, rollOver: { to: 'new', sprint: { name, startsAt: day(15), endsAt: day(28) } } });
    const outcomes = await Promise.allSettled([close('Next A'), close('Next B')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    await expectDomainError(Promise.reject((lost[0] as PromiseRejectedResult).reason), 'CONFLICT');
    const open2 = await db.item.findUniqueOrThrow({ where: { id: open.id }, select: { sprintId: true, version: true } });
    const next = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof close>>>).value.next!;
    expect(open2).toEqual({ sprintId: next.id, version: open.version + 1 });
    // only the winner's sprint exists
    expect((await s.pm.sprints.list({ productId: s.productId, state: 'open' })).items.map((x) => x.id)).toEqual([next.id]);
  });
});
