import type { ItemStatus } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { ActivityInput } from '../activity/record-activity.ts';
import type { Deps, Tx } from '../deps.ts';
import { notifyStatusChange } from '../public/notify-status-change.ts';
import { statusTimestamps } from './transitions.ts';

export type StatusMove = {
  productId: string;
  itemId: string;
  from: ItemStatus;
  to: ItemStatus;
  now: Date;
  /** what the history entry says after the move: the bare status, or the status with a reason and evidence */
  after?: unknown;
  /** addresses the caller writes to itself (a triage decision): the public-status email skips them */
  toldAlready?: string[] | undefined;
};

/**
 * What every status move writes, whoever makes it: the status with its lifecycle timestamps and a new version (plus
 * `alsoWrite`, the caller's other columns, in the same statement), then the public-status email to the people who
 * asked for the item. Returns the history entry for the caller to record with its own entries.
 * The checks before a move (transition table, leases, versions) are the caller's: changeItemStatus for a change
 * someone asks for, grantClaim when a claim starts the work, endClaim when a claim gives it back. Keeping the
 * effects here is what makes an agent's claim tell the voters "in progress" exactly as a PM's move does.
 */
export async function applyStatusMove(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  move: StatusMove,
  alsoWrite: Prisma.ItemUncheckedUpdateInput = {},
): Promise<ActivityInput> {
  const { from, to } = move;
  await tx.item.update({
    where: { id: move.itemId },
    data: { ...alsoWrite, status: to, ...statusTimestamps(from, to, move.now), version: { increment: 1 } },
  });
  await notifyStatusChange(deps, tx, move.itemId, from, to, move.toldAlready);
  return { productId: move.productId, itemId: move.itemId, action: 'status_changed', field: 'status', before: from, after: move.after ?? to };
}
