import { ProductKey } from '@baton/contracts';
import { cached } from '../access/access-cache.ts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { reachableProducts } from './list-products.ts';
import { productSelect } from './product-select.ts';

/**
 * The one place a product named by its key becomes its id, for every edge: tRPC inputs and `x-product-id`
 * (packages/api/src/trpc.ts calls this for every authenticated procedure), so REST, the typed client, the CLI,
 * the MCP server and the extension all send a key or an id as they have it.
 * The rule: a value shaped like a key in any case (`bat`, `BAT`) is a key, compared upper-cased, among the
 * products the caller can reach: current keys first, then keys a product had before a rename (as item keys
 * OLD-42 keep resolving). Anything else is an id, returned as sent (product ids are 25-character cuids, never
 * key-shaped; access to them is checked where they are used). An unknown key is NOT_FOUND like an unknown id;
 * a key naming several reachable products (a person in two organizations) is BAD_INPUT asking for the id.
 */
export async function resolveProductId(ctx: Ctx, keyOrId: string): Promise<string> {
  const key = keyOrId.trim().toUpperCase();
  if (!ProductKey.safeParse(key).success) return keyOrId;
  const p = ctx.principal;
  let matches: Array<{ id: string }> = [];
  // only a key naming exactly one product is cached; none or several are asked again next time
  const one = await cached(ctx, `productKey:${p.kind === 'user' ? p.userId : p.apiKeyId}:${key}`, async () => {
    const rows = await ctx.db.product.findMany({
      where: { AND: [reachableProducts(p), { OR: [{ key }, { formerKeys: { has: key } }] }] },
      select: { id: true, key: true },
      take: 10,
    });
    const current = rows.filter((r) => r.key === key);
    matches = current.length ? current : rows;
    return matches.length === 1 ? matches[0]!.id : null;
  });
  if (one) return one;
  if (!matches.length) throw notFound('Product');
  throw new DomainError('BAD_INPUT', `productId: the key ${key} names ${matches.length} products you can reach; send the product id instead`, {
    issues: [{ path: ['productId'], message: `names ${matches.length} products you can reach; send the product id` }],
  });
}

/** One product by key or id (what CLI, MCP and extension settings name), if the caller can read it. */
export async function getProduct(ctx: Ctx, input: { productId: string }) {
  const { product } = await requireProductAccess(ctx, await resolveProductId(ctx, input.productId), 'read');
  return ctx.db.product.findUniqueOrThrow({ where: { id: product.id }, select: productSelect });
}
