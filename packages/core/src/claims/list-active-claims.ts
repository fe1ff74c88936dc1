import { formatItemKey, type ActiveClaim } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { agentOf, claimSelect, holderOf, isExpired } from './claim-select.ts';

/**
 * Who holds which of the given items right now (for lists such as the VS Code tree): unclaimed items are absent,
 * leases past their time count as ended. An id that is not a live item of this product (missing, deleted, another
 * tenant's) makes the whole call NOT_FOUND, the same answer for all three.
 */
export async function listActiveClaims(ctx: Ctx, input: { productId: string; itemIds: string[] }): Promise<ActiveClaim[]> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  if (input.itemIds.length === 0) return [];
  const ids = [...new Set(input.itemIds)];
  const known = await ctx.db.item.count({ where: { id: { in: ids }, productId: input.productId, deletedAt: null } });
  if (known !== ids.length) throw notFound('Item');
  const rows = await ctx.db.claim.findMany({
    // the (itemId, createdAt) index finds each item's claims; an item has at most one active claim
    where: { itemId: { in: ids }, endedAt: null },
    select: { ...claimSelect, item: { select: { number: true } } },
  });
  const now = ctx.clock();
  return rows
    .filter((row) => !isExpired(row, now))
    .flatMap((row) => {
      const holder = holderOf(row);
      return holder ? [{ itemId: row.itemId, itemKey: formatItemKey(product.key, row.item.number), holder, leaseExpiresAt: row.leaseExpiresAt, lastHeartbeatAt: row.lastHeartbeatAt, agent: agentOf(row) }] : [];
    });
}
