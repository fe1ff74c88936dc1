import { SetStatusInput, type Item } from '@baton/contracts';
import type { z } from 'zod';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { claimSelect } from '../claims/claim-select.ts';
import { endClaim } from '../claims/end-claim.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { itemSelect, toItem } from '../items/item-select.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { notifyStatusChange } from '../public/notify-status-change.ts';
import { assertTransition, statusTimestamps } from '../items/transitions.ts';

/**
 * An agent's status change, with the reason and evidence (links, test output) kept in the activity event. It
 * follows the transition table, refuses a stale `expectedVersion` (CONFLICT) and a claimed item it does not
 * hold (see assertLeaseHolder); moving to done ends the caller's live claim as completed. Setting the status an
 * item already has changes nothing and records nothing.
 */
export async function setItemStatus(ctx: Ctx, raw: z.input<typeof SetStatusInput>): Promise<Item> {
  const input = SetStatusInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const lease = await assertLeaseHolder(ctx, tx, id, input.fencingToken);
    const current = await tx.item.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } });
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new DomainError('CONFLICT', `Item was changed by someone else; current version is ${current.version}`, {
        currentVersion: current.version,
      });
    }
    assertTransition(current.status, input.status);
    if (current.status !== input.status) {
      const now = ctx.clock();
      // the row is locked (assertLeaseHolder), so the version read above is still the stored one
      await tx.item.update({
        where: { id },
        data: { status: input.status, ...statusTimestamps(current.status, input.status, now), version: { increment: 1 } },
      });
      emit(
        await recordActivity(ctx, tx, [
          {
            productId: access.product.id,
            itemId: id,
            action: 'status_changed',
            field: 'status',
            before: current.status,
            after: { status: input.status, reason: input.reason ?? null, evidence: input.evidence ?? null },
          },
        ]),
      );
      await notifyStatusChange(ctx, tx, id, current.status, input.status);
      if (input.status === 'done' && lease) {
        const claim = await tx.claim.findUniqueOrThrow({ where: { id: lease.claimId }, select: claimSelect });
        emit(await endClaim(ctx, tx, claim, { reason: 'completed', note: input.reason ?? null, now }));
      }
    }
    return toItem(await tx.item.findUniqueOrThrow({ where: { id }, select: itemSelect }));
  });
}
