import { formatItemKey, ListNotificationsInput, type Notification } from '@baton/contracts';
import { personOf } from '../access/person.ts';
import type { Ctx } from '../deps.ts';
import { pageOf } from '../planning/page-of.ts';

/** Notifications are a person's inbox; API keys have none. */
const userOf = (ctx: Ctx) => personOf(ctx, 'have notifications');

/** Newest first, by (createdAt, id) so the cursor is stable among notifications created in the same instant. */
export async function listNotifications(ctx: Ctx, raw: ListNotificationsInput) {
  const userId = userOf(ctx);
  const input = ListNotificationsInput.parse(raw);
  const rows = await ctx.db.notification.findMany({
    where: { userId, ...(input.unreadOnly && { readAt: null }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    select: { id: true, kind: true, body: true, itemId: true, readAt: true, createdAt: true },
  });
  const { rows: slice, nextCursor } = pageOf(rows, input.limit);
  // the item may have been deleted since, or moved out of reach: then the notification shows without a link
  const ids = [...new Set(slice.map((r) => r.itemId).filter((id): id is string => !!id))];
  const items = ids.length
    ? await ctx.db.item.findMany({
        where: { id: { in: ids }, deletedAt: null, product: { organization: { memberships: { some: { userId } } } } },
        select: { id: true, number: true, title: true, product: { select: { key: true } } },
      })
    : [];
  const byId = new Map(items.map((i) => [i.id, { id: i.id, key: formatItemKey(i.product.key, i.number), title: i.title, productKey: i.product.key }]));
  const list: Notification[] = slice.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    item: (r.itemId && byId.get(r.itemId)) || null,
    readAt: r.readAt,
    createdAt: r.createdAt,
  }));
  return { items: list, nextCursor };
}

export async function unreadNotificationCount(ctx: Ctx): Promise<{ count: number }> {
  const userId = userOf(ctx);
  return { count: await ctx.db.notification.count({ where: { userId, readAt: null } }) };
}

/** Marks the caller's own notifications read; ids of anyone else's are ignored like unknown ones. */
export async function markNotificationsRead(ctx: Ctx, input: { ids: string[] }): Promise<{ count: number }> {
  const userId = userOf(ctx);
  const { count } = await ctx.db.notification.updateMany({ where: { id: { in: input.ids }, userId, readAt: null }, data: { readAt: ctx.clock() } });
  return { count };
}

export async function markAllNotificationsRead(ctx: Ctx): Promise<{ count: number }> {
  const userId = userOf(ctx);
  const { count } = await ctx.db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: ctx.clock() } });
  return { count };
}
