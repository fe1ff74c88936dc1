import { formatItemKey, ListNotificationsInput, type Notification } from '@baton/contracts';
import { personOf } from '../access/person.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { afterCursor, pageOf } from '../pagination.ts';

/** Notifications are a person's inbox; API keys have none. */
const userOf = (ctx: Ctx) => personOf(ctx, 'have notifications');

const ROW = { id: true, kind: true, body: true, itemId: true, readAt: true, createdAt: true } as const;
type Row = { id: string; kind: string; body: string; itemId: string | null; readAt: Date | null; createdAt: Date };

/** Newest first, by (createdAt, id) so the cursor is stable among notifications created in the same instant. */
export async function listNotifications(ctx: Ctx, raw: ListNotificationsInput) {
  const userId = userOf(ctx);
  const input = ListNotificationsInput.parse(raw);
  const rows = await ctx.db.notification.findMany({
    where: { userId, ...(input.unreadOnly && { readAt: null }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select: ROW,
  });
  const { rows: slice, nextCursor } = pageOf(rows, input.limit);
  return { items: await withItems(ctx, userId, slice), nextCursor };
}

/** The item may have been deleted since, or moved out of reach: then the notification shows without a link. */
async function withItems(ctx: Ctx, userId: string, rows: Row[]): Promise<Notification[]> {
  const ids = [...new Set(rows.map((r) => r.itemId).filter((id): id is string => !!id))];
  const items = ids.length
    ? await ctx.db.item.findMany({
        where: { id: { in: ids }, deletedAt: null, product: { organization: { memberships: { some: { userId } } } } },
        select: { id: true, number: true, title: true, product: { select: { key: true } } },
      })
    : [];
  const byId = new Map(items.map((i) => [i.id, { id: i.id, key: formatItemKey(i.product.key, i.number), title: i.title, productKey: i.product.key }]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    item: (r.itemId && byId.get(r.itemId)) || null,
    readAt: r.readAt,
    createdAt: r.createdAt,
  }));
}

/**
 * Opening a notification reads it: marked read and answered with its item's link (null when the item is gone or
 * out of reach). Someone else's notification is NOT_FOUND, as a missing one.
 */
export async function openNotification(ctx: Ctx, input: { id: string }): Promise<Notification> {
  const userId = userOf(ctx);
  const { count } = await ctx.db.notification.updateMany({ where: { id: input.id, userId, readAt: null }, data: { readAt: ctx.clock() } });
  if (count) ctx.bus.publishNotified([userId]);
  const row = await ctx.db.notification.findFirst({ where: { id: input.id, userId }, select: ROW });
  if (!row) throw notFound('Notification');
  return (await withItems(ctx, userId, [row]))[0]!;
}

export async function unreadNotificationCount(ctx: Ctx): Promise<{ count: number }> {
  const userId = userOf(ctx);
  return { count: await ctx.db.notification.count({ where: { userId, readAt: null } }) };
}

/** Marks the caller's own notifications read; ids of anyone else's are ignored like unknown ones. */
export async function markNotificationsRead(ctx: Ctx, input: { ids: string[] }): Promise<{ count: number }> {
  const userId = userOf(ctx);
  const { count } = await ctx.db.notification.updateMany({
    where: { id: { in: input.ids }, userId, readAt: null },
    data: { readAt: ctx.clock() },
  });
  // the person's other tabs recount their bells
  if (count) ctx.bus.publishNotified([userId]);
  return { count };
}

export async function markAllNotificationsRead(ctx: Ctx): Promise<{ count: number }> {
  const userId = userOf(ctx);
  const { count } = await ctx.db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: ctx.clock() } });
  if (count) ctx.bus.publishNotified([userId]);
  return { count };
}
