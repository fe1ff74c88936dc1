// Notifications in the editor: a PM assigns me an item or mentions me, and VS Code says so with Open Item; the
// activity-bar entry carries the unread count.
import assert from 'node:assert/strict';
import type { Item } from '@baton/contracts';
import type { BatonExtensionApi } from '../../src/main.ts';
import { dev, pm, waitFor } from './harness.ts';

type Context = { baton: BatonExtensionApi; productId: string; freshItem: (title: string) => Promise<Item> };

export function registerNotificationsSuite(get: () => Context) {
  describe('notifications', () => {
    it('an assignment and a mention pop up with Open Item, which opens the item and reads it; the badge counts unread', async () => {
      const { baton, productId, freshItem } = get();
      const n = baton.notifications;
      await waitFor('the unread list read once', () => n.primed);
      const badge = () => baton.treeViews.get('baton.myItems')!.badge?.value ?? 0;
      const unread = async () => (await dev.notifications.unreadCount.query()).count;

      const item = await freshItem('Assigned while I code');
      const assigned = await waitFor('the assignment popped up', () => (n.lastShown?.notification.item?.key === item.key ? n.lastShown : undefined));
      assert.equal(assigned.notification.kind, 'assigned');
      assert.equal(assigned.notification.body, `Pat Manager assigned you ${item.key}`);
      await waitFor('the badge at the server’s unread count', async () => badge() === (await unread()) && badge() > 0);

      await pm.items.comments.add.mutate({ productId, ref: item.key, body: '@dev can you look at this today?', idempotencyKey: `e2e:${Date.now()}:mention` });
      const mention = await waitFor('the mention popped up', () => (n.lastShown?.notification.kind === 'mention' ? n.lastShown : undefined));
      assert.equal(mention.notification.body, `Pat Manager mentioned you on ${item.key}`);
      const before = badge();

      await mention.open();
      const panel = await waitFor('the item panel', () => (baton.panels.find(item.key)?.shown ? baton.panels.find(item.key) : undefined));
      panel.panel.dispose();
      const listed = await dev.notifications.list.query({ unreadOnly: true, limit: 100 });
      assert.equal(listed.items.some((x) => x.id === mention.notification.id), false, 'opening read it');
      await waitFor('the badge one lower', () => badge() === before - 1);
    });
  });
}
