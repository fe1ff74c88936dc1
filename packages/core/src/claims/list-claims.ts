import type { ClaimRecord, ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { claimSelect, toClaimRecord } from './claim-select.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

/**
 * An item's claim history, newest first: who held it, until when, and how each claim ended. Cursor = the last
 * claim id of the previous page. A lease past its time but not yet swept still shows as active (endedAt null).
 */
export async function listClaims(
  ctx: Ctx,
  input: ItemRef & { cursor?: string | undefined; limit?: number | undefined },
): Promise<{ items: ClaimRecord[]; nextCursor: string | null }> {
  const { id } = await resolveItem(ctx, input, 'read');
  const limit = input.limit ?? 50;
  if (input.cursor) {
    // a cursor from another item (or forged) gives an empty page, never someone else's history
    const ok = await ctx.db.claim.findFirst({ where: { id: input.cursor, itemId: id }, select: { id: true } });
    if (!ok) return { items: [], nextCursor: null };
  }
  const rows = await ctx.db.claim.findMany({
    where: { itemId: id },
    // tokens rise with every claim of an item: a total order that clock skew cannot shuffle
    orderBy: [{ fencingToken: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...afterCursor(input.cursor),
    select: claimSelect,
  });
  return mappedPage(rows, limit, toClaimRecord);
}
