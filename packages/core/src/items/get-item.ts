import type { Item, ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { itemSelect, toItem } from './item-select.ts';
import { resolveItem } from './resolve-item.ts';

export async function getItem(ctx: Ctx, ref: ItemRef): Promise<Item> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const row = await ctx.db.item.findUnique({ where: { id }, select: itemSelect });
  if (!row) throw notFound('Item');
  return toItem(row);
}
