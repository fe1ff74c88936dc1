import { ReleaseInput, type ClaimRecord } from '@baton/contracts';
import type { z } from 'zod';
import type { Ctx } from '../deps.ts';
import { recordOnAttempt } from './attempt-record.ts';
import { claimSelect, toClaimRecord } from './claim-select.ts';
import { endClaim } from './end-claim.ts';
import { withLiveLease } from './with-live-lease.ts';

/**
 * The holder gives the item back: the claim ends as released with `reason` as its note, an in-progress item
 * returns to open, and the claim's own assignment is undone (a person's assignment stays; see endClaim). A lease already past its time is ended as expired instead, and answers LEASE_EXPIRED.
 */
export async function releaseClaim(ctx: Ctx, raw: z.input<typeof ReleaseInput>): Promise<ClaimRecord> {
  const input = ReleaseInput.parse(raw);
  return withLiveLease(ctx, input, async (tx, emit, { claim, now }) => {
    await recordOnAttempt(tx, claim.id, { usage: input.usage });
    emit(await endClaim(ctx, tx, claim, { reason: 'released', note: input.reason, now }));
    return toClaimRecord(await tx.claim.findUniqueOrThrow({ where: { id: claim.id }, select: claimSelect }));
  });
}
