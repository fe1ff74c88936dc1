import { ListNotificationsInput, Notification, NotificationPage, NotificationPreferences, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { mapError } from '../errors.ts';
import { router, userProcedure } from '../trpc.ts';

const Count = z.object({ count: z.number().int() });
const Id = z.strictObject({ id: token().max(64) });

// A person's own inbox: sessions only (keys have no notifications), and nobody reads anyone else's.
export const notificationsRouter = router({
  list: userProcedure
    .input(ListNotificationsInput)
    .output(NotificationPage)
    .query(({ ctx, input }) => core.listNotifications(ctx, input)),
  unreadCount: userProcedure.output(Count).query(({ ctx }) => core.unreadNotificationCount(ctx)),
  /** The unread count over SSE: now, then after every change (the bell). */
  unread: userProcedure.subscription(async function* ({ ctx, signal }) {
    try {
      yield* core.unreadCounts(ctx, signal);
    } catch (e) {
      mapError(e);
    }
  }),
  open: userProcedure
    .input(Id)
    .output(Notification)
    .mutation(({ ctx, input }) => core.openNotification(ctx, input)),
  markRead: userProcedure
    .input(z.strictObject({ ids: z.array(token().max(64)).min(1).max(100) }))
    .output(Count)
    .mutation(({ ctx, input }) => core.markNotificationsRead(ctx, input)),
  markAllRead: userProcedure.output(Count).mutation(({ ctx }) => core.markAllNotificationsRead(ctx)),
  preferences: userProcedure.output(NotificationPreferences).query(({ ctx }) => core.getNotificationPreferences(ctx)),
  setPreferences: userProcedure
    .input(NotificationPreferences)
    .output(NotificationPreferences)
    .mutation(({ ctx, input }) => core.setNotificationPreferences(ctx, input)),
});
