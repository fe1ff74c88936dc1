import type { Ctx, Tx } from '../deps.ts';
import { lockItem } from '../items/locks.ts';
import { claimConflict, leaseExpired } from './claim-errors.ts';
import { claimSelect, isExpired, isHeldBy } from './claim-select.ts';
import { tokenLoss } from './find-own-lease.ts';

/**
 * The guard for other writes to an item (agent status, progress, PR links), inside their transaction. It locks
 * the item row, so the claim cannot change before that write commits.
 * - `fencingToken` given, but it is not the token of the caller's live lease (ended, expired, superseded, never
 *   claimed, or the item now held by someone else): LEASE_EXPIRED (see tokenLoss), the same answer as heartbeat
 *   and release give.
 * - No token, and someone else holds a live lease: CLAIM_CONFLICT (details: holder, leaseExpiresAt).
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
  const now = ctx.clock();
  if (fencingToken !== undefined) {
    const loss = tokenLoss(active, ctx.principal, fencingToken, now);
    if (loss) throw leaseExpired(loss);
  }
  const live = active && !isExpired(active, now) ? active : null;
  if (live && !isHeldBy(live, ctx.principal)) throw claimConflict(live, ctx.principal);
  return live && { claimId: live.id, fencingToken: live.fencingToken, leaseExpiresAt: live.leaseExpiresAt };
}
