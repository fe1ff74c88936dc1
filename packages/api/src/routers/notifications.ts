import { ListNotificationsInput, NotificationPage, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { router, userProcedure } from '../trpc.ts';

const Count = z.object({ count: z.number().int() });

// A person's own inbox: sessions only (keys have no notifications), and nobody reads anyone else's.
export const notificationsRouter = router({
  list: userProcedure.input(ListNotificationsInput).output(NotificationPage).query(({ ctx, input }) => core.listNotifications(ctx, input)),
  unreadCount: userProcedure.output(Count).query(({ ctx }) => core.unreadNotificationCount(ctx)),
  markRead: userProcedure
    .input(z.strictObject({ ids: z.array(token().max(64)).min(1).max(100) }))
    .output(Count)
    .mutation(({ ctx, input }) => core.markNotificationsRead(ctx, input)),
  markAllRead: userProcedure.output(Count).mutation(({ ctx }) => core.markAllNotificationsRead(ctx)),
});
