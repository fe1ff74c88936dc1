import type { ItemRef } from '@baton/contracts';
import { asSystem, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { lockItem } from '../items/locks.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { leaseExpired } from './claim-errors.ts';
import { isExpired, type ClaimRow } from './claim-select.ts';
import { endClaim } from './end-claim.ts';
import { findOwnLease } from './find-own-lease.ts';

/**
 * The holder's step on its own lease (heartbeat, release): under the item's lock, finds the caller's claim for
 * `fencingToken` and runs `step`. A lease found past its time is ended as expired instead (that part commits)
 * and the call answers LEASE_EXPIRED.
 */
export async function withLiveLease<T>(
  ctx: Ctx,
  input: ItemRef & { fencingToken: number },
  step: (tx: Tx, emit: (e: ItemEvent[]) => void, lease: { claim: ClaimRow; itemId: string; now: Date }) => Promise<T>,
): Promise<T> {
  const { id } = await resolveItem(ctx, input, 'write');
  const outcome = await writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    const claim = await findOwnLease(ctx, tx, id, input.fencingToken);
    const now = ctx.clock();
    if (isExpired(claim, now)) {
      emit(await endClaim(asSystem(ctx), tx, claim, { reason: 'expired', now }));
      return { expired: true as const };
    }
    return { expired: false as const, value: await step(tx, emit, { claim, itemId: id, now }) };
  });
  if (outcome.expired) throw leaseExpired('expired');
  return outcome.value;
}
