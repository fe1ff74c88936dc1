import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { claimSelect, isHeldBy } from './claim-select.ts';
import { endClaim } from './end-claim.ts';

/**
 * Ends whatever claim an item still has when the item is deleted: 'completed' when the caller held it, else
 * 'revoked' (a person deleted work someone else held). Status changes end claims in items/change-status.ts.
 * Call with the item row locked; returns the events to emit.
 */
export async function endActiveClaim(ctx: Ctx, tx: Tx, itemId: string, note: string): Promise<ItemEvent[]> {
  const active = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  if (!active) return [];
  const reason = isHeldBy(active, ctx.principal) ? 'completed' : 'revoked';
  return endClaim(ctx, tx, active, { reason, note, now: ctx.clock() });
}
