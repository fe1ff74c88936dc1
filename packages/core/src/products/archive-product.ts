import { ProductIdInput, type Product } from '@baton/contracts';
import type { z } from 'zod';
import { changingAccess } from '../access/access-cache.ts';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { productSelect } from './product-select.ts';

/**
 * Archives a product (owners and admins): it becomes read-only (every write answers PRODUCT_ARCHIVED, see
 * requireProductAccess) and leaves product lists and pickers. Nothing is deleted; unarchiveProduct undoes it.
 * Archiving an archived product changes nothing.
 */
export function archiveProduct(ctx: Ctx, raw: z.input<typeof ProductIdInput>): Promise<Product> {
  return setArchived(ctx, raw, true);
}

/** Makes an archived product writable and listed again. */
export function unarchiveProduct(ctx: Ctx, raw: z.input<typeof ProductIdInput>): Promise<Product> {
  return setArchived(ctx, raw, false);
}

async function setArchived(ctx: Ctx, raw: z.input<typeof ProductIdInput>, archive: boolean): Promise<Product> {
  const { productId } = ProductIdInput.parse(raw);
  // people only: no API key archives, whatever its scope or organization (refused before anything is looked up)
  if (ctx.principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only signed-in owners and admins can archive products, not API keys');
  await requireProductAccess(ctx, productId, 'manage_products', { allowArchived: true });
  return changingAccess(ctx, writeTransaction(ctx, async (tx, emit) => {
    // only a change of state is written (and logged): a repeated archive answers the product as it is
    const changed = await tx.product.updateMany({
      where: { id: productId, archivedAt: archive ? null : { not: null } },
      data: { archivedAt: archive ? ctx.clock() : null },
    });
    if (changed.count) emit(await recordActivity(ctx, tx, [{ productId, itemId: null, action: archive ? 'product_archived' : 'product_unarchived' }]));
    return tx.product.findUniqueOrThrow({ where: { id: productId }, select: productSelect });
  }));
}
