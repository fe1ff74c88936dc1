import { SetStatusInput, type StatusChange } from '@baton/contracts';
import type { z } from 'zod';
import { writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { changeItemStatus } from '../items/change-status.ts';
import { itemSelect, toItem } from '../items/item-select.ts';
import { resolveItem } from '../items/resolve-item.ts';

/**
 * A status change with the reason and evidence (links, test output) kept in the activity event: the one status
 * rule (changeItemStatus), answered with what it did, so a client knows whether its lease ended instead of
 * guessing from the status.
 */
export async function setItemStatus(ctx: Ctx, raw: z.input<typeof SetStatusInput>): Promise<StatusChange> {
  const input = SetStatusInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const outcome = await changeItemStatus(ctx, tx, emit, {
      itemId: id,
      productId: access.product.id,
      to: input.status,
      reason: input.reason,
      evidence: input.evidence,
      usage: input.usage,
      fencingToken: input.fencingToken,
      expectedVersion: input.expectedVersion,
    });
    const item = toItem(await tx.item.findUniqueOrThrow({ where: { id }, select: itemSelect }));
    return { item, changed: outcome.changed, claimEnded: outcome.claimEnded };
  });
}
