import type { ItemRef } from '@baton/contracts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { endActiveClaim } from '../claims/end-active-claim.ts';
import type { Ctx } from '../deps.ts';
import { lockItem } from './locks.ts';
import { resolveItem } from './resolve-item.ts';

/** Soft delete: the row stays for history and undo; every read filters deletedAt. */
export async function deleteItem(ctx: Ctx, ref: ItemRef): Promise<{ ok: true }> {
  const { id, access } = await resolveItem(ctx, ref, 'delete');
  return writeTransaction(ctx, async (tx, emit) => {
    if (ctx.principal.kind === 'agent') await assertLeaseHolder(ctx, tx, id);
    else await lockItem(tx, id);
    emit(await endActiveClaim(ctx, tx, id, 'item deleted'));
    await tx.item.update({ where: { id }, data: { deletedAt: ctx.clock(), version: { increment: 1 } } });
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'deleted' }]));
    return { ok: true as const };
  });
}
