import type { ItemRef } from '@baton/contracts';
import { requireProductAccess, type ProductAccess } from '../access/product-access.ts';
import type { Permission } from '../access/roles.ts';
import type { Ctx, Tx } from '../deps.ts';
import { notFound } from '../errors.ts';

const KEY = /^([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,8})$/;

/**
 * Checks access to the product, then finds a live item by id or key within it. An item of another product
 * or organization answers NOT_FOUND, as a missing one does.
 */
export async function resolveItem(ctx: Ctx, ref: ItemRef, need: Permission, tx?: Tx): Promise<{ id: string; access: ProductAccess }> {
  const access = await requireProductAccess(ctx, ref.productId, need);
  const db = tx ?? ctx.db;
  const m = KEY.exec(ref.ref);
  const where = m
    ? m[1] === access.product.key || (await isFormerKey(db, ref.productId, m[1]!))
      ? { productId_number: { productId: ref.productId, number: Number(m[2]) } }
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
