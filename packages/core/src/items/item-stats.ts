import { ItemPriority, ItemStatus, ItemType, type ItemStats } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts by type, status and priority in one grouped query. */
export async function itemStats(ctx: Ctx, input: { productId: string }): Promise<ItemStats> {
  await requireProductAccess(ctx, input.productId, 'read');
  const groups = await ctx.db.item.groupBy({
    by: ['type', 'status', 'priority'],
    where: { productId: input.productId, deletedAt: null },
    _count: { _all: true },
  });
  const stats: ItemStats = {
    total: 0,
    byType: zeros(ItemType.options),
    byStatus: zeros(ItemStatus.options),
    byPriority: zeros(ItemPriority.options),
  };
  for (const g of groups) {
    const n = g._count._all;
    stats.total += n;
    stats.byType[g.type] += n;
    stats.byStatus[g.status] += n;
    stats.byPriority[g.priority] += n;
  }
  return stats;
}
