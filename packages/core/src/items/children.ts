import type { ItemRef, ItemSummary } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { itemSummarySelect, toItemSummary } from './item-select.ts';
import { resolveItem } from './resolve-item.ts';

/** Sub-items of an item (the parent's progress is computed from them in getItem). */
export async function listChildren(ctx: Ctx, ref: ItemRef): Promise<ItemSummary[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const rows = await ctx.db.item.findMany({ where: { parentId: id, deletedAt: null }, orderBy: { number: 'asc' }, take: 500, select: itemSummarySelect });
  return rows.map(toItemSummary);
}
