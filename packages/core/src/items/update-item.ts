import { UpdateItemInput, type Item } from '@baton/contracts';
import { recordActivity, writeTransaction, type ActivityInput } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { itemSelect, toItem } from './item-select.ts';
import { resolveItem } from './resolve-item.ts';
import { assertTransition, statusTimestamps } from './transitions.ts';
import { validateItemRefs } from './validate-refs.ts';

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Updates any editable fields under optimistic concurrency: the write only lands when the stored version still
 * equals `expectedVersion` (one conditional UPDATE, so of N racing writers exactly one wins).
 */
export async function updateItem(ctx: Ctx, raw: UpdateItemInput): Promise<Item> {
  const input = UpdateItemInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  const patch = input.patch;
  return writeTransaction(ctx, async (tx, emit) => {
    const current = await tx.item.findUnique({ where: { id }, select: { ...itemSelect, assigneeUserId: true, milestoneId: true, parentId: true } });
    if (!current) throw notFound('Item');
    if (current.version !== input.expectedVersion) throw conflict(current.version);
    if (patch.status) assertTransition(current.status, patch.status);
    await validateItemRefs(tx, access.product, patch, id);
    const now = ctx.clock();
    const changed = Object.entries(patch).filter(([k, v]) => !same((current as Record<string, unknown>)[k], v));
    const data = {
      ...Object.fromEntries(changed),
      ...(patch.status ? statusTimestamps(current.status, patch.status, now) : {}),
      version: { increment: 1 },
    };
    const { count } = await tx.item.updateMany({ where: { id, version: input.expectedVersion }, data });
    if (count === 0) {
      const fresh = await tx.item.findUnique({ where: { id }, select: { version: true } });
      throw conflict(fresh?.version ?? input.expectedVersion);
    }
    const events: ActivityInput[] = changed.map(([field, after]) => ({
      productId: access.product.id,
      itemId: id,
      action: field === 'status' ? 'status_changed' : 'updated',
      field,
      before: (current as Record<string, unknown>)[field] ?? null,
      after: after ?? null,
    }));
    emit(await recordActivity(ctx, tx, events));
    const row = await tx.item.findUniqueOrThrow({ where: { id }, select: itemSelect });
    return toItem(row);
  });
}

function conflict(currentVersion: number) {
  return new DomainError('CONFLICT', `Item was changed by someone else; current version is ${currentVersion}`, { currentVersion });
}
