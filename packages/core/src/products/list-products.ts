import { ListProductsInput, type Product } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { z } from 'zod';
import type { Ctx, Principal } from '../deps.ts';
import { productSelect } from './product-select.ts';

/** Products a principal can reach: through memberships for people, the key's organization (and product) for agents. */
export function reachableProducts(p: Principal): Prisma.ProductWhereInput {
  return p.kind === 'user'
    ? { organization: { memberships: { some: { userId: p.userId } } } }
    : { organizationId: p.organizationId, ...(p.productId && { id: p.productId }) };
}

/**
 * Products the caller can reach (reachableProducts). Archived products are left out unless asked for (a client
 * resolving a key the user typed asks, so it can say "archived" instead of "not found").
 */
export async function listProducts(ctx: Ctx, raw?: z.input<typeof ListProductsInput>): Promise<Product[]> {
  const { includeArchived } = ListProductsInput.parse(raw) ?? { includeArchived: false };
  const where = reachableProducts(ctx.principal);
  return ctx.db.product.findMany({ where: { ...where, ...(!includeArchived && { archivedAt: null }) }, orderBy: { key: 'asc' }, take: 200, select: productSelect });
}
