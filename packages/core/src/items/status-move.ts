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
  /** the named state within `to` (null or absent: the category's default, as claims and category-only moves land) */
  stateId?: string | null | undefined;
  now: Date;
  /** what the history entry says after the move: the bare status, or the status with a reason and evidence */
  after?: unknown;
  /** addresses the caller writes to itself (a triage decision): the public-status email skips them */
  toldAlready?: string[] | undefined;
};

/**
 * What every status move writes, whoever makes it: the status with its lifecycle timestamps and a new version (plus
 * `alsoWrite`, the caller's other columns, in the same statement), then the public-status email to the people who
 * asked for the item. The state moves with the status (its default unless the move names one), so the state never
 * names another category than the status. Returns the history entry for the caller to record with its own entries, and the item's
 * version after the write (read from the write itself).
 * The checks before a move (transition table, leases, versions) are the caller's: changeItemStatus for a change
 * someone asks for, grantClaim when a claim starts the work, endClaim when a claim gives it back. Keeping the
 * effects here is what makes an agent's claim tell the voters "in progress" exactly as a PM's move does.
 */
export async function applyStatusMove(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  move: StatusMove,
  alsoWrite: Prisma.ItemUncheckedUpdateInput = {},
): Promise<{ entry: ActivityInput; version: number }> {
  const { from, to } = move;
  const written = await tx.item.update({
    where: { id: move.itemId },
    data: { ...alsoWrite, status: to, stateId: move.stateId ?? null, ...statusTimestamps(from, to, move.now), version: { increment: 1 } },
    select: { id: true, version: true, publicStatus: true },
  });
  await notifyStatusChange(deps, tx, written, from, to, move.toldAlready);
  const entry: ActivityInput = { productId: move.productId, itemId: move.itemId, action: 'status_changed', field: 'status', before: from, after: move.after ?? to };
  return { entry, version: written.version };
}
