import { UpdateProductInput, type Product } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';

/** Renames a product or sets its default claim lease (managers and up; keys with the admin scope). */
export async function updateProduct(ctx: Ctx, raw: z.input<typeof UpdateProductInput>): Promise<Product> {
  const { productId, ...patch } = UpdateProductInput.parse(raw);
  await requireProductAccess(ctx, productId, 'configure');
  return ctx.db.product.update({
    where: { id: productId },
    data: patch,
    select: { id: true, key: true, name: true, organizationId: true, claimTtlSeconds: true },
  });
}
