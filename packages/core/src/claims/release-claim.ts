import { ReleaseInput, type ClaimRecord } from '@baton/contracts';
import type { z } from 'zod';
import { SYSTEM_ACTOR, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { lockItem } from '../items/locks.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { leaseExpired } from './claim-errors.ts';
import { claimSelect, isExpired, toClaimRecord } from './claim-select.ts';
import { endClaim } from './end-claim.ts';
import { findOwnLease } from './find-own-lease.ts';

/**
 * The holder gives the item back: the claim ends as released with `reason` as its note, and an in-progress item
 * returns to open, unassigned. A lease already past its time is ended as expired instead, and answers LEASE_EXPIRED.
 */
export async function releaseClaim(ctx: Ctx, raw: z.input<typeof ReleaseInput>): Promise<ClaimRecord> {
  const input = ReleaseInput.parse(raw);
  const { id } = await resolveItem(ctx, input, 'write');
  const released = await writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    const claim = await findOwnLease(ctx, tx, id, input.fencingToken);
    const now = ctx.clock();
    if (isExpired(claim, now)) {
      emit(await endClaim({ principal: SYSTEM_ACTOR }, tx, claim, { reason: 'expired', now }));
      return null;
    }
    emit(await endClaim(ctx, tx, claim, { reason: 'released', note: input.reason, now }));
    return toClaimRecord(await tx.claim.findUniqueOrThrow({ where: { id: claim.id }, select: claimSelect }));
  });
  if (!released) throw leaseExpired('expired');
  return released;
}
