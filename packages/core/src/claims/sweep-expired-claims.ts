import type { Prisma } from '@baton/db';
import { asSystem, writeTransaction } from '../activity/record-activity.ts';
import type { Deps } from '../deps.ts';
import { lockItem } from '../items/locks.ts';
import { claimSelect, isExpired } from './claim-select.ts';
import { endClaim } from './end-claim.ts';

const BATCH = 100;

/**
 * Ends every active claim whose lease has run out, as the system: the same effect as the lazy expiry a claim,
 * heartbeat or release performs (the item goes back to open; see endClaim for the assignee). Each claim gets its own short
 * transaction (PGlite runs one at a time) and is re-checked under the item lock, so a heartbeat that lands first
 * wins. `scope` limits the sweep to one product or item (reads of the ready queue expire lazily that way).
 * Returns how many claims it ended.
 */
export async function sweepExpiredClaims(deps: Deps, scope: { productId?: string; itemId?: string } = {}): Promise<number> {
  const now = deps.clock();
  const where: Prisma.ClaimWhereInput = {
    endedAt: null,
    leaseExpiresAt: { lte: now },
    ...(scope.itemId && { itemId: scope.itemId }),
    ...(scope.productId && { item: { productId: scope.productId } }),
  };
  let ended = 0;
  for (;;) {
    const due = await deps.db.claim.findMany({
      where,
      orderBy: { leaseExpiresAt: 'asc' },
      take: BATCH,
      select: { id: true, itemId: true },
    });
    for (const { id, itemId } of due) {
      const done = await writeTransaction(deps, async (tx, emit) => {
        await lockItem(tx, itemId);
        const claim = await tx.claim.findFirst({ where: { id, endedAt: null }, select: claimSelect });
        const at = deps.clock();
        if (!claim || !isExpired(claim, at)) return false;
        emit(await endClaim(asSystem(deps), tx, claim, { reason: 'expired', now: at }));
        return true;
      });
      if (done) ended++;
    }
    // every claim of this batch is now ended or renewed, so the next query cannot return it again
    if (due.length < BATCH) return ended;
  }
}
