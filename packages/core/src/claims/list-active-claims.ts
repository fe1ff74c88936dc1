import type { ActiveClaim } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { claimSelect, holderOf, isExpired } from './claim-select.ts';

/**
 * Who holds which of the given items right now (one query, for lists such as the VS Code tree). Items of another
 * product, missing ones and unclaimed ones are simply absent; leases past their time count as ended.
 */
export async function listActiveClaims(ctx: Ctx, input: { productId: string; itemIds: string[] }): Promise<ActiveClaim[]> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  if (input.itemIds.length === 0) return [];
  const rows = await ctx.db.claim.findMany({
    // the (itemId, createdAt) index finds each item's claims; an item has at most one active claim
    where: { itemId: { in: input.itemIds }, endedAt: null, item: { productId: input.productId, deletedAt: null } },
    select: { ...claimSelect, item: { select: { number: true } } },
  });
  const now = ctx.clock();
  return rows
    .filter((row) => !isExpired(row, now))
    .flatMap((row) => {
      const holder = holderOf(row);
      return holder ? [{ itemId: row.itemId, itemKey: `${product.key}-${row.item.number}`, holder, leaseExpiresAt: row.leaseExpiresAt }] : [];
    });
}
