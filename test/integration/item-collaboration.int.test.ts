import { afterAll, describe, expect, it } from 'vitest';
import { expectDomainError } from '../support/expect-error.ts';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';

// Mentions and the notification inbox, reactions, time entries and checklist order, through the tRPC caller.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function team() {
  const { org, product } = await buildOrg(db);
  const pmUser = await buildUser(db, org.id, 'manager');
  const devUser = await buildUser(db, org.id, 'developer');
  const pm = (await callerAsUser(deps, pmUser)).caller;
  const dev = (await callerAsUser(deps, devUser)).caller;
  const item = await pm.items.create({ productId: product.id, type: 'bug', title: 'Crash on save' });
  const handle = (u: { email: string }) => u.email.split('@')[0]!;
  return { org, product, pmUser, devUser, pm, dev, item, ref: { productId: product.id, ref: item.key }, handle };
}

describe('mentions and notifications', () => {
  it('notifies the mentioned member once, never the author, and pages the inbox', async () => {
    const t = await team();
    const outsider = await buildUser(db, (await buildOrg(db)).org.id, 'owner');
    await t.pm.items.comments.add({ ...t.ref, body: `@${t.handle(t.devUser)} please look; cc @${t.handle(t.pmUser)} and @${t.handle(outsider)}, @${t.handle(t.devUser)}` });
    expect(await t.dev.notifications.unreadCount()).toEqual({ count: 1 });
    // the author and members of other organizations get nothing
    expect(await t.pm.notifications.unreadCount()).toEqual({ count: 0 });
    expect(await db.notification.count({ where: { userId: outsider.id } })).toBe(0);

    const [n] = (await t.dev.notifications.list({})).items;
    expect(n).toMatchObject({ kind: 'mention', body: `${t.pmUser.name} mentioned you on ${t.item.key}`, item: { key: t.item.key, title: 'Crash on save', productKey: t.product.key }, readAt: null });

    for (let i = 0; i < 3; i++) await t.pm.items.comments.add({ ...t.ref, body: `ping ${i} @${t.handle(t.devUser)}` });
    const first = await t.dev.notifications.list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await t.dev.notifications.list({ limit: 3, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((x) => x.id)).size).toBe(4);
  });

  it('marks read only the caller’s own notifications, one or all', async () => {
    const t = await team();
    await t.dev.items.comments.add({ ...t.ref, body: `@${t.handle(t.pmUser)} done` });
    await t.pm.items.comments.add({ ...t.ref, body: `@${t.handle(t.devUser)} thanks` });
    await t.pm.items.comments.add({ ...t.ref, body: `@${t.handle(t.devUser)} and more` });
    const pmNote = (await t.pm.notifications.list({})).items[0]!;
    // someone else's id changes nothing
    expect(await t.dev.notifications.markRead({ ids: [pmNote.id] })).toEqual({ count: 0 });
    expect(await t.pm.notifications.unreadCount()).toEqual({ count: 1 });
    const devNotes = (await t.dev.notifications.list({ unreadOnly: true })).items;
    expect(await t.dev.notifications.markRead({ ids: [devNotes[0]!.id] })).toEqual({ count: 1 });
    expect(await t.dev.notifications.unreadCount()).toEqual({ count: 1 });
    expect(await t.dev.notifications.markAllRead()).toEqual({ count: 1 });
    expect((await t.dev.notifications.list({ unreadOnly: true })).items).toEqual([]);
    expect((await t.dev.notifications.list({})).items.every((n) => n.readAt instanceof Date)).toBe(true);
  });
});

describe('reactions', () => {
  it('toggles, counts and names who reacted; racing double clicks end in one state', async () => {
    const t = await team();
    const comment = await t.pm.items.comments.add({ ...t.ref, body: 'Ship it?' });
    expect(await t.pm.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '👍' })).toEqual({ reacted: true });
    await t.dev.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '👍' });
    await t.dev.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '🎉' });
    const list = await t.dev.items.reactions.list(t.ref);
    expect(list).toEqual([
      { commentId: comment.id, emoji: '👍', count: 2, users: [t.pmUser.name, t.devUser.name], mine: true },
      { commentId: comment.id, emoji: '🎉', count: 1, users: [t.devUser.name], mine: true },
    ]);
    expect(await t.dev.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '🎉' })).toEqual({ reacted: false });
    await Promise.all([1, 2, 3, 4].map(() => t.pm.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '🚀' }).catch(() => null)));
    const rockets = (await t.pm.items.reactions.list(t.ref)).filter((r) => r.emoji === '🚀');
    expect(rockets.length <= 1 && (rockets[0]?.count ?? 0) <= 1).toBe(true);
    // input outside the picker's set is refused by the schema (400)
    await expect(t.pm.items.reactions.toggle({ productId: t.product.id, commentId: comment.id, emoji: '💩' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('time entries', () => {
  it('adds, totals against the estimate, pages and deletes only one’s own', async () => {
    const t = await team();
    const a = await t.dev.timeEntries.add({ ...t.ref, minutes: 90, note: 'Repro' });
    await t.pm.timeEntries.add({ ...t.ref, minutes: 30 });
    const all = await t.pm.timeEntries.list({ ...t.ref, limit: 1 });
    expect(all.totalMinutes).toBe(120);
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).not.toBeNull();
    expect(a).toMatchObject({ minutes: 90, note: 'Repro', user: { id: t.devUser.id } });
    await expectDomainError(t.pm.timeEntries.delete({ ...t.ref, entryId: a.id }), 'FORBIDDEN');
    await t.dev.timeEntries.delete({ ...t.ref, entryId: a.id });
    expect((await t.pm.timeEntries.list(t.ref)).totalMinutes).toBe(30);
    await expect(t.dev.timeEntries.add({ ...t.ref, minutes: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/minutes: must be at least 1 minute/) });
  });
});

describe('checklist order', () => {
  it('moves an entry and renumbers the rest', async () => {
    const t = await team();
    for (const text of ['One', 'Two', 'Three']) await t.dev.items.checklist.add({ ...t.ref, text });
    const [one] = await t.dev.items.checklist.list(t.ref);
    const moved = await t.dev.items.checklist.move({ ...t.ref, entryId: one!.id, toIndex: 2 });
    expect(moved.map((e) => [e.text, e.position])).toEqual([['Two', 0], ['Three', 1], ['One', 2]]);
    expect((await t.dev.items.checklist.list(t.ref)).map((e) => e.text)).toEqual(['Two', 'Three', 'One']);
    // past the end is the end
    const back = await t.dev.items.checklist.move({ ...t.ref, entryId: one!.id, toIndex: 0 });
    expect(back.map((e) => e.text)).toEqual(['One', 'Two', 'Three']);
  });
});
