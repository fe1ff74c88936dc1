import type { Ctx, Tx } from '../deps.ts';
import { leaseExpired } from './claim-errors.ts';
import { claimSelect, isHeldBy, type ClaimRow } from './claim-select.ts';

/**
 * The item's active claim when it is the caller's and `fencingToken` is its token, else LEASE_EXPIRED. The
 * claim may still be past its lease: callers end it as expired and refuse. Call with the item row locked.
 */
export async function findOwnLease(ctx: Ctx, tx: Tx, itemId: string, fencingToken: number): Promise<ClaimRow> {
  const claim = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  if (!claim) throw leaseExpired('not_claimed');
  if (claim.fencingToken !== fencingToken || !isHeldBy(claim, ctx.principal)) throw leaseExpired('stale_token');
  return claim;
}
