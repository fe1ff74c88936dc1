import { HeartbeatInput, type Lease } from '@baton/contracts';
import type { z } from 'zod';
import { SYSTEM_ACTOR, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { lockItem } from '../items/locks.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { leaseExpired } from './claim-errors.ts';
import { claimSelect, isExpired, principalActor, toLease } from './claim-select.ts';
import { endClaim } from './end-claim.ts';
import { findOwnLease } from './find-own-lease.ts';
import { leaseExpiry } from './lease-ttl.ts';

/**
 * Extends the caller's lease from now by `ttlSeconds` (or the product default). Only the holder with the current
 * token and a lease still running may; anything else is LEASE_EXPIRED, and a lease found past its time is ended
 * as expired first (that part commits). Heartbeats leave no activity: they would flood the history.
 */
export async function heartbeat(ctx: Ctx, raw: z.input<typeof HeartbeatInput>): Promise<Lease> {
  const input = HeartbeatInput.parse(raw);
  const { id } = await resolveItem(ctx, input, 'write');
  const lease = await writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    const claim = await findOwnLease(ctx, tx, id, input.fencingToken);
    const now = ctx.clock();
    if (isExpired(claim, now)) {
      emit(await endClaim({ principal: SYSTEM_ACTOR }, tx, claim, { reason: 'expired', now }));
      return null;
    }
    const item = await tx.item.findUniqueOrThrow({
      where: { id },
      select: { number: true, product: { select: { key: true, claimTtlSeconds: true } } },
    });
    const renewed = await tx.claim.update({
      where: { id: claim.id },
      data: { leaseExpiresAt: leaseExpiry(now, item.product.claimTtlSeconds, input.ttlSeconds) },
      select: claimSelect,
    });
    return toLease(renewed, `${item.product.key}-${item.number}`, principalActor(ctx.principal));
  });
  if (!lease) throw leaseExpired('expired');
  return lease;
}
