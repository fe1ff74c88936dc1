import { formatItemKey, SetPublicStatusInput } from '@baton/contracts';
import type { z } from 'zod';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { lockItem } from '../items/locks.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { notifyPublicStatus } from './notify-status-change.ts';
import { publicStatusOf } from './public-status.ts';

/**
 * The team's public word on an item (under review, planned, ...): stored on the item, recorded in its history,
 * and, when what the public sees changes, mailed to the people who asked for it. An idea still in triage has no
 * public word yet: it is accepted, declined or merged first.
 */
export async function setPublicStatus(ctx: Ctx, raw: z.input<typeof SetPublicStatusInput>) {
  const input = SetPublicStatusInput.parse(raw);
  const { id } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    const item = await tx.item.findUniqueOrThrow({
      where: { id },
      select: { productId: true, number: true, status: true, publicStatus: true, product: { select: { key: true } } },
    });
    if (item.status === 'triage') {
      throw new DomainError('CONFLICT', 'This idea is waiting in triage; accept, merge or decline it first');
    }
    const shown = publicStatusOf({ status: item.status, publicStatus: input.publicStatus });
    if (item.publicStatus !== input.publicStatus) {
      await tx.item.update({ where: { id }, data: { publicStatus: input.publicStatus, version: { increment: 1 } } });
      await notifyPublicStatus(ctx, tx, id, publicStatusOf(item), shown);
      emit(
        await recordActivity(ctx, tx, [
          { productId: item.productId, itemId: id, action: 'updated', field: 'publicStatus', before: item.publicStatus, after: input.publicStatus },
        ]),
      );
    }
    return { key: formatItemKey(item.product.key, item.number), publicStatus: input.publicStatus, shown };
  });
}
