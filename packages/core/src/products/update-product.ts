import { UpdateProductInput, type Product } from '@baton/contracts';
import type { z } from 'zod';
import { changingAccess } from '../access/access-cache.ts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { assertKeyFree } from './product-key.ts';
import { productSelect as select } from './product-select.ts';

/** How many former keys a product remembers for redirects. */
const FORMER_KEYS_KEPT = 20;

/**
 * Renames a product, changes its key or sets its default claim lease (managers and up; keys with the admin scope).
 * A new key renames every item key at once (keys are computed from it); the old key is kept in `formerKeys` so
 * old links and refs keep resolving, until another product of the organization takes it. Keys are unique on the
 * server (product-key.ts). An archived product refuses changes until it is unarchived.
 */
export async function updateProduct(ctx: Ctx, raw: z.input<typeof UpdateProductInput>): Promise<Product> {
  const { productId, key, ...patch } = UpdateProductInput.parse(raw);
  const { product } = await requireProductAccess(ctx, productId, 'configure');
  if (key === undefined || key === product.key) return changingAccess(ctx, ctx.db.product.update({ where: { id: productId }, data: patch, select }));
  return changingAccess(ctx, ctx.db.$transaction(async (tx) => {
    const current = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { key: true, formerKeys: true } });
    await assertKeyFree(tx, key, { organizationId: product.organizationId, exceptProductId: productId });
    const formerKeys = [current.key, ...current.formerKeys.filter((k) => k !== key && k !== current.key)].slice(0, FORMER_KEYS_KEPT);
    // the key the product takes stops being anyone else's former key in this organization
    const others = await tx.product.findMany({ where: { organizationId: product.organizationId, formerKeys: { has: key } }, select: { id: true, formerKeys: true } });
    for (const o of others) await tx.product.update({ where: { id: o.id }, data: { formerKeys: o.formerKeys.filter((k) => k !== key) } });
    return tx.product.update({ where: { id: productId }, data: { ...patch, key, formerKeys }, select });
  }));
}
