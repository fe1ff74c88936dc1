import type { Ctx, Principal, Tx } from '../deps.ts';
import { leaseExpired, type LeaseLoss } from './claim-errors.ts';
import { claimSelect, isExpired, isHeldBy, type ClaimRow } from './claim-select.ts';

/**
 * The one rule for a fencing token, whoever holds the item now: a token that is not the caller's current one
 * (never theirs, released, expired, superseded, or the item since claimed by someone else) means the caller's
 * lease is gone, LEASE_EXPIRED, never CLAIM_CONFLICT. A holder who sent a token only needs to hear "claim again";
 * telling it about the new holder instead made agents mistake a lost lease for a race they could retry.
 * Null when `fencingToken` is the caller's live lease.
 */
export function tokenLoss(active: ClaimRow | null, p: Principal, fencingToken: number, now: Date): LeaseLoss | null {
  if (!active) return 'not_claimed';
  if (active.fencingToken !== fencingToken || !isHeldBy(active, p)) return 'stale_token';
  return isExpired(active, now) ? 'expired' : null;
}

/**
 * The item's active claim when it is the caller's and `fencingToken` is its token, else LEASE_EXPIRED. The
 * claim may still be past its lease: callers end it as expired and refuse. Call with the item row locked.
 */
export async function findOwnLease(ctx: Ctx, tx: Tx, itemId: string, fencingToken: number): Promise<ClaimRow> {
  const claim = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  const loss = tokenLoss(claim, ctx.principal, fencingToken, ctx.clock());
  if (loss && loss !== 'expired') throw leaseExpired(loss);
  return claim!;
}
