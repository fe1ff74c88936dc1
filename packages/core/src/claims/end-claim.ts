import type { ActivityActor, ActivityInput } from '../activity/record-activity.ts';
import { recordActivity } from '../activity/record-activity.ts';
import type { Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { statusTimestamps } from '../items/transitions.ts';

export type ClaimEnding = { reason: 'released' | 'expired' | 'completed' | 'revoked'; note?: string | null; now: Date };
type ActiveClaim = { id: string; itemId: string; holderUserId: string | null; holderAgentId: string | null; fencingToken: number };

/**
 * Ends an active claim and gives the work back: unless it was completed, an in-progress item returns to open and
 * is unassigned if its holder is still the assignee (someone who reassigned it meanwhile keeps it). Finished items
 * keep their status and assignee. Call with the item row locked (lockItem). Returns the events to emit; none when
 * the claim had already ended (a racing sweep or release).
 */
export async function endClaim(actor: { principal: ActivityActor }, tx: Tx, claim: ActiveClaim, ending: ClaimEnding): Promise<ItemEvent[]> {
  const { count } = await tx.claim.updateMany({
    where: { id: claim.id, endedAt: null },
    data: { endedAt: ending.now, endReason: ending.reason, endNote: ending.note ?? null },
  });
  if (count === 0) return [];
  const item = await tx.item.findUniqueOrThrow({
    where: { id: claim.itemId },
    select: { productId: true, status: true, assigneeUserId: true, assigneeAgentId: true },
  });
  const givesBack = ending.reason !== 'completed' && (item.status === 'open' || item.status === 'in_progress');
  const reopen = givesBack && item.status === 'in_progress';
  const unassign =
    givesBack &&
    ((claim.holderUserId !== null && item.assigneeUserId === claim.holderUserId) ||
      (claim.holderAgentId !== null && item.assigneeAgentId === claim.holderAgentId));
  if (reopen || unassign) {
    await tx.item.update({
      where: { id: claim.itemId },
      data: {
        ...(reopen && { status: 'open' as const, ...statusTimestamps('in_progress', 'open', ending.now) }),
        ...(unassign && { assigneeUserId: null, assigneeAgentId: null }),
        version: { increment: 1 },
      },
    });
  }
  const events: ActivityInput[] = [
    {
      productId: item.productId,
      itemId: claim.itemId,
      action: `claim_${ending.reason}`,
      after: { fencingToken: claim.fencingToken, ...(ending.note && { note: ending.note }) },
    },
  ];
  if (reopen)
    events.push({
      productId: item.productId,
      itemId: claim.itemId,
      action: 'status_changed',
      field: 'status',
      before: 'in_progress',
      after: 'open',
    });
  return recordActivity(actor, tx, events);
}
