import { CreateProductInput, type Product } from '@baton/contracts';
import type { z } from 'zod';
import { changingAccess } from '../access/access-cache.ts';
import { requireOrgRole } from '../access/product-access.ts';
import type { Ctx, Tx } from '../deps.ts';
import { insertDefaultStates } from '../workflow-states/default-states.ts';
import { assertKeyFree } from './product-key.ts';
import { productSelect } from './product-select.ts';

const TX = { timeout: 15_000, maxWait: 15_000 };

/** Another product in an organization (owners and admins; not API keys). The key is unique on the server. */
export async function createProduct(ctx: Ctx, raw: z.input<typeof CreateProductInput>): Promise<Product> {
  const input = CreateProductInput.parse(raw);
  await requireOrgRole(ctx, input.organizationId, 'manage_products');
  // a key a cached former key named may now be this product's (resolve-product.ts)
  return changingAccess(ctx, ctx.db.$transaction((tx) => insertProduct(tx, input), TX));
}

/**
 * Inserts a product, with the default state of each category, after checking its key; the caller holds the
 * transaction (organization creation shares it).
 */
export async function insertProduct(tx: Tx, input: { organizationId: string; name: string; key: string }): Promise<Product> {
  await assertKeyFree(tx, input.key, { organizationId: input.organizationId });
  const product = await tx.product.create({ data: input, select: productSelect });
  await insertDefaultStates(tx, product.id);
  return product;
}
