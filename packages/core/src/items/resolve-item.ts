import { parseItemKey, type ItemRef } from '@baton/contracts';
import { requireProductAccess, type ProductAccess } from '../access/product-access.ts';
import type { Permission } from '../access/roles.ts';
import type { Ctx, Tx } from '../deps.ts';
import { notFound } from '../errors.ts';

/**
 * Checks access to the product, then finds a live item by id or key within it. An item of another product
 * or organization answers NOT_FOUND, as a missing one does.
 */
export async function resolveItem(ctx: Ctx, ref: ItemRef, need: Permission, tx?: Tx): Promise<{ id: string; access: ProductAccess }> {
  const access = await requireProductAccess(ctx, ref.productId, need);
  const db = tx ?? ctx.db;
  const key = parseItemKey(ref.ref);
  const where = key
    ? key.productKey === access.product.key || (await isFormerKey(db, ref.productId, key.productKey))
      ? { productId_number: { productId: ref.productId, number: key.number } }
      : null
    : { id: ref.ref };
  const item = where ? await db.item.findUnique({ where, select: { id: true, productId: true, deletedAt: true } }) : null;
  if (!item || item.productId !== ref.productId || item.deletedAt) throw notFound('Item');
  return { id: item.id, access };
}

/** After a key change, refs written with the old key (OLD-42) still name the same items. */
async function isFormerKey(db: Ctx['db'] | Tx, productId: string, key: string): Promise<boolean> {
  return (await db.product.count({ where: { id: productId, formerKeys: { has: key } } })) > 0;
}
