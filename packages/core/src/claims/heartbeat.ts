import { formatItemKey, HeartbeatInput, type Lease } from '@baton/contracts';
import type { z } from 'zod';
import type { Ctx } from '../deps.ts';
import { claimSelect, principalActor, toLease } from './claim-select.ts';
import { leaseDefaultsSelect, leaseExpiry } from './lease-ttl.ts';
import { withLiveLease } from './with-live-lease.ts';

/**
 * Extends the caller's lease from now by `ttlSeconds` (or the caller's default, see lease-ttl.ts). Only the holder with the current
 * token and a lease still running may; anything else is LEASE_EXPIRED, and a lease found past its time is ended
 * as expired first (that part commits). Heartbeats leave no activity: they would flood the history.
 */
export async function heartbeat(ctx: Ctx, raw: z.input<typeof HeartbeatInput>): Promise<Lease> {
  const input = HeartbeatInput.parse(raw);
  return withLiveLease(ctx, input, async (tx, _emit, { claim, itemId, now }) => {
    const item = await tx.item.findUniqueOrThrow({
      where: { id: itemId },
      select: { number: true, product: { select: { key: true, ...leaseDefaultsSelect } } },
    });
    const renewed = await tx.claim.update({
      where: { id: claim.id },
      data: { leaseExpiresAt: leaseExpiry(now, ctx.principal, item.product, input.ttlSeconds), lastHeartbeatAt: now },
      select: claimSelect,
    });
    return toLease(renewed, formatItemKey(item.product.key, item.number), principalActor(ctx.principal));
  });
}
