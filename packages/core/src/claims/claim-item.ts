import { ClaimInput, type Lease } from '@baton/contracts';
import type { z } from 'zod';
import { writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { lockItem } from '../items/locks.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { claimConflict } from './claim-errors.ts';
import { claimSelect } from './claim-select.ts';
import { grantClaim } from './grant-claim.ts';

/**
 * Claims an item under a lease. Of any number of racing callers exactly one wins: the item row lock serializes
 * them, and the partial unique index "Claim_one_active_per_item" backs that up (its violation is a
 * CLAIM_CONFLICT too). A second claim by the current holder is a CLAIM_CONFLICT as well (details.heldByYou):
 * two workers sharing one identity must never both believe they hold the item. With `takeOver` the holder gets a
 * new token instead (an editor window resuming work the same person started elsewhere); the old token is stale.
 */
export async function claimItem(ctx: Ctx, raw: z.input<typeof ClaimInput>): Promise<Lease> {
  const input = ClaimInput.parse(raw);
  const { id } = await resolveItem(ctx, input, 'write');
  try {
    return await writeTransaction(ctx, async (tx, emit) => {
      await lockItem(tx, id);
      return grantClaim(ctx, tx, emit, id, { ttlSeconds: input.ttlSeconds, takeOver: input.takeOver });
    });
  } catch (e) {
    if ((e as { code?: unknown })?.code !== 'P2002') throw e;
    const active = await ctx.db.claim.findFirst({ where: { itemId: id, endedAt: null }, select: claimSelect });
    throw active ? claimConflict(active, ctx.principal) : new DomainError('CLAIM_CONFLICT', 'Another claim on this item won the race');
  }
}
