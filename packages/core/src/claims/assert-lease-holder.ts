import type { Ctx, Tx } from '../deps.ts';
import { lockItem } from '../items/locks.ts';
import { claimConflict, leaseExpired } from './claim-errors.ts';
import { claimSelect, isExpired, isHeldBy } from './claim-select.ts';

/**
 * The guard for other writes to an item (agent status, progress, PR links), inside their transaction. It locks
 * the item row, so the claim cannot change before that write commits.
 * - Someone else holds a live lease: CLAIM_CONFLICT (details: holder, leaseExpiresAt), token or not.
 * - `fencingToken` given, but it is not the token of the caller's live lease (ended, expired, superseded, or
 *   never claimed): LEASE_EXPIRED.
 * - No token and no live lease by someone else: allowed (an expired lease counts as free; the sweeper ends it).
 * Returns the caller's live claim, if it has one.
 */
export async function assertLeaseHolder(
  ctx: Ctx,
  tx: Tx,
  itemId: string,
  fencingToken?: number,
): Promise<{ claimId: string; fencingToken: number; leaseExpiresAt: Date } | null> {
  await lockItem(tx, itemId);
  const active = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  const live = active && !isExpired(active, ctx.clock()) ? active : null;
  if (live && !isHeldBy(live, ctx.principal)) throw claimConflict(live, ctx.principal);
  if (fencingToken !== undefined) {
    if (!live) throw leaseExpired(active ? 'expired' : 'not_claimed');
    if (live.fencingToken !== fencingToken) throw leaseExpired('stale_token');
  }
  return live && { claimId: live.id, fencingToken: live.fencingToken, leaseExpiresAt: live.leaseExpiresAt };
}
