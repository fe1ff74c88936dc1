import * as core from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, buildOrg, buildUser, callerAsUser, manualClock, testDb, testDeps } from '../support/builders.ts';

// The email digest (core/notifications/email-digest.ts): one outbox message per person per few minutes, with their
// preferences and the unsubscribe link honoured, never twice under racing flushes. A flush serves everyone due (other
// files' people too), so each test counts its own person's messages.

const db = testDb();
afterAll(() => db.$disconnect());
const DELAY = core.EMAIL_DIGEST_DELAY_MS;

async function team() {
  const clock = manualClock();
  const deps = { ...testDeps(db, clock.now), publicUrl: 'http://baton.test' };
  const { org, product } = await buildOrg(db);
  const pmUser = await buildUser(db, org.id, 'manager');
  const devUser = await buildUser(db, org.id, 'developer');
  const pm = (await callerAsUser(deps, pmUser)).caller;
  const dev = (await callerAsUser(deps, devUser)).caller;
  const mail = (to: string) => db.emailMessage.findMany({ where: { to, kind: 'notification_digest' }, orderBy: { createdAt: 'asc' } });
  const assign = (title: string) => pm.items.create({ productId: product.id, type: 'task', title, assigneeUserId: devUser.id });
  return { clock, deps, org, product, pmUser, devUser, pm, dev, mail, assign };
}

describe('notification email digests', () => {
  it('waits a few minutes, then sends one email for everything so far, once', async () => {
    const t = await team();
    const first = await t.assign('First');
    t.clock.advance(60_000);
    const second = await t.assign('Second');
    await core.flushNotificationEmails(t.deps);
    expect(await t.mail(t.devUser.email)).toEqual([]);
    t.clock.advance(DELAY - 60_000);
    // racing flushes (two replicas) queue one digest between them
    await Promise.all([core.flushNotificationEmails(t.deps), core.flushNotificationEmails(t.deps)]);
    const [digest, ...rest] = await t.mail(t.devUser.email);
    expect(rest).toEqual([]);
    expect(digest!.subject).toBe('2 updates in Baton');
    expect(digest!.text).toContain(`${t.pmUser.name} assigned you ${first.key}: First\n  http://baton.test/p/${t.product.key}/items/${first.key}`);
    expect(digest!.text).toContain(`assigned you ${second.key}: Second`);
    expect(digest!.text).toMatch(/Unsubscribe: http:\/\/baton\.test\/unsubscribe\/\S+/);
    t.clock.advance(DELAY);
    await core.flushNotificationEmails(t.deps);
    expect(await t.mail(t.devUser.email)).toHaveLength(1);
  });

  it('leaves out what was read in the app and muted kinds; nothing when email is off', async () => {
    const t = await team();
    const read = await t.assign('Read already');
    const kept = await t.assign('Kept');
    const item = await t.pm.items.create({
      productId: t.product.id,
      type: 'task',
      title: 'Mentioned',
      description: `@${t.devUser.email.split('@')[0]}`,
    });
    const [readNote] = (await t.dev.notifications.list({})).items.filter((n) => n.item?.key === read.key);
    await t.dev.notifications.open({ id: readNote!.id });
    expect(await t.dev.notifications.setPreferences({ email: true, mutedKinds: ['mention'] })).toEqual({
      email: true,
      mutedKinds: ['mention'],
    });
    t.clock.advance(DELAY);
    await core.flushNotificationEmails(t.deps);
    const [digest] = await t.mail(t.devUser.email);
    expect(digest!.subject).toBe(`${t.pmUser.name} assigned you ${kept.key}`);
    expect(digest!.text).not.toContain(item.key);

    await t.dev.notifications.setPreferences({ email: false, mutedKinds: [] });
    await t.assign('Not emailed');
    t.clock.advance(DELAY);
    await core.flushNotificationEmails(t.deps);
    expect(await t.mail(t.devUser.email)).toHaveLength(1);
  });

  it('the unsubscribe link turns the person’s notification email off, not the bell', async () => {
    const t = await team();
    await t.assign('Before');
    t.clock.advance(DELAY);
    await core.flushNotificationEmails(t.deps);
    const [digest] = await t.mail(t.devUser.email);
    const token = /unsubscribe\/(\S+)/.exec(digest!.text)![1]!;
    await anonymousCaller(t.deps).public.unsubscribe({ token });
    expect(await t.dev.notifications.preferences()).toEqual({ email: false, mutedKinds: [] });
    await t.assign('After');
    expect((await t.dev.notifications.unreadCount()).count).toBe(2);
    t.clock.advance(DELAY);
    await core.flushNotificationEmails(t.deps);
    expect(await t.mail(t.devUser.email)).toHaveLength(1);
  });

  it('preferences are the caller’s own and checked', async () => {
    const t = await team();
    expect(await t.pm.notifications.preferences()).toEqual({ email: true, mutedKinds: [] });
    await expect(t.pm.notifications.setPreferences({ email: true, mutedKinds: ['nope' as never] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(t.pm.notifications.setPreferences({ email: true, mutedKinds: [], extra: 1 } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await t.dev.notifications.setPreferences({ email: false, mutedKinds: ['commented'] });
    expect(await t.pm.notifications.preferences()).toEqual({ email: true, mutedKinds: [] });
  });
});
