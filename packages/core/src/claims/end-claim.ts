import type { ActivityActor, ActivityInput } from '../activity/record-activity.ts';
import { recordActivity } from '../activity/record-activity.ts';
import type { Deps, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { applyStatusMove } from '../items/status-move.ts';

export type ClaimEnding = { reason: 'released' | 'expired' | 'completed' | 'revoked'; note?: string | null; now: Date };
type ActiveClaim = {
  id: string;
  itemId: string;
  holderUserId: string | null;
  holderAgentId: string | null;
  fencingToken: number;
  assignedHolder: boolean;
};

/**
 * Ends an active claim and gives the work back: unless it was completed, an in-progress item returns to open, and
 * the assignment the claim itself made (Claim.assignedHolder: the item had no assignee) is undone if the holder is
 * still the assignee. An assignment a person made (before the claim, or meanwhile) always stays: giving a claim
 * back never unassigns someone a PM assigned. Finished items keep their status and assignee. Every change is in
 * the activity. Call with the item row locked (lockItem). Returns the events to emit; none when the claim had
 * already ended (a racing sweep or release).
 */
export async function endClaim(
  actor: { principal: ActivityActor } & Pick<Deps, 'publicUrl'>,
  tx: Tx,
  claim: ActiveClaim,
  ending: ClaimEnding,
): Promise<ItemEvent[]> {
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
  const assignment = claimAssignment(claim);
  const unassign = givesBack && claim.assignedHolder && assignment.id !== null && item[assignment.field] === assignment.id;
  const at = { productId: item.productId, itemId: claim.itemId };
  const events: ActivityInput[] = [
    { ...at, action: `claim_${ending.reason}`, after: { fencingToken: claim.fencingToken, ...(ending.note && { note: ending.note }) } },
  ];
  // only the holder's own column: an assignee a person set in the other one meanwhile stays
  const unassigning = unassign ? { [assignment.field]: null } : {};
  if (reopen) events.push((await applyStatusMove(actor, tx, { ...at, from: 'in_progress', to: 'open', now: ending.now }, unassigning)).entry);
  else if (unassign) await tx.item.update({ where: { id: claim.itemId }, data: { ...unassigning, version: { increment: 1 } } });
  if (unassign) events.push({ ...at, action: 'updated', field: assignment.field, before: assignment.id, after: null });
  return recordActivity(actor, tx, events);
}

/** The assignee column a claim's holder occupies (a person or an API key), and its id there. */
export function claimAssignment(claim: { holderUserId: string | null; holderAgentId: string | null }) {
  return claim.holderUserId !== null
    ? { field: 'assigneeUserId' as const, id: claim.holderUserId }
    : { field: 'assigneeAgentId' as const, id: claim.holderAgentId };
}
