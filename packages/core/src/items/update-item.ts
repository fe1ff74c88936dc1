import { UpdateItemInput, type Item } from '@baton/contracts';
import type { z } from 'zod';
import { recordActivity, writeTransaction, type ActivityInput } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { changeItemStatus, currentSelect, guardItemWrite, toCurrent, versionConflict } from './change-status.ts';
import { itemSelect, toItem } from './item-select.ts';
import { lockProduct } from './locks.ts';
import { resolveItem } from './resolve-item.ts';
import { namesCurrentState, resolveStateMove } from '../workflow-states/resolve-state.ts';
import { validateCustomFieldValues } from '../custom-fields/validate-values.ts';
import { validateItemRefs } from './validate-refs.ts';

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Updates any editable fields under optimistic concurrency: the write only lands on the version it was checked
 * against (one conditional UPDATE, so of N racing writers exactly one wins). That version is `expectedVersion`,
 * or a newer one when the caller's `base` shows it changes only fields nobody else touched (mergeableVersion).
 * A status in the patch is changed by changeItemStatus, the one status rule; the update bumps the version once.
 */
export async function updateItem(ctx: Ctx, raw: UpdateItemInput): Promise<Item> {
  const input = UpdateItemInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  const { status, ...patch } = input.patch;
  return writeTransaction(ctx, async (tx, emit) => {
    // an agent edits only items it holds or nobody holds (a stale lease cannot write through a general update);
    // either way the row is locked from here, so the version checked below is the one written on
    await guardItemWrite(ctx, tx, id);
    const current = await tx.item.findUnique({ where: { id }, select: { ...itemSelect, assigneeUserId: true, milestoneId: true, parentId: true, product: { select: { ...itemSelect.product.select, ...currentSelect.product.select } } } });
    if (!current) throw notFound('Item');
    // the product's states came with the item (a relation join): the move is checked before anything is written
    const guarded = toCurrent(current);
    const version = mergeableVersion(current as Record<string, unknown> & { version: number }, input, guarded);
    if (status) resolveStateMove(guarded.states, status, guarded);
    // two items re-parented onto each other at once must not both pass the cycle walk (as addLink does)
    if (patch.parentId) await lockProduct(tx, access.product.id);
    await validateItemRefs(tx, access.product, patch, id);
    await validateCustomFieldValues(tx, access.product.id, patch.customFields);
    // the status goes through the one status rule (leases, history, emails); the other fields follow at its version
    const moved = status
      ? await changeItemStatus(ctx, tx, emit, { itemId: id, productId: access.product.id, to: status, expectedVersion: version, guarded })
      : null;
    const changed = Object.entries(patch).filter(([k, v]) => !same((current as Record<string, unknown>)[k], v));
    if (!moved?.changed || changed.length) {
      const at = moved?.version ?? version;
      const data = { ...Object.fromEntries(changed), ...(!moved?.changed && { version: { increment: 1 } }) };
      const { count } = await tx.item.updateMany({ where: { id, version: at }, data });
      if (count === 0) {
        const fresh = await tx.item.findUnique({ where: { id }, select: { version: true } });
        throw versionConflict(fresh?.version ?? at, Object.keys(input.patch));
      }
    }
    const events: ActivityInput[] = changed.map(([field, after]) => ({
      productId: access.product.id,
      itemId: id,
      action: 'updated',
      field,
      before: (current as Record<string, unknown>)[field] ?? null,
      after: after ?? null,
    }));
    emit(await recordActivity(ctx, tx, events));
    const row = await tx.item.findUniqueOrThrow({ where: { id }, select: itemSelect });
    return toItem(row);
  });
}

/**
 * The version a patch applies to. The caller's own version when it is current; otherwise the stored one, if the
 * caller sent the values it started from (`base`) and every patched field still holds them: someone else changed
 * other fields only, and both edits stand. A patched field changed since is a CONFLICT naming those fields.
 */
function mergeableVersion(current: Record<string, unknown> & { version: number }, input: z.output<typeof UpdateItemInput>, guarded: ReturnType<typeof toCurrent>): number {
  if (current.version === input.expectedVersion) return current.version;
  const fields = Object.keys(input.patch);
  const base = input.base as Record<string, unknown> | undefined;
  // a status base is "a state name or a category" (the web's picker sends the state's name), not the stored column
  const unchanged = (f: string) => (f === 'status' ? typeof base?.status === 'string' && namesCurrentState(guarded.states, base.status, guarded) : same(current[f], base?.[f]));
  const changed = base ? fields.filter((f) => !(f in base) || !unchanged(f)) : fields;
  if (changed.length) throw versionConflict(current.version, changed);
  return current.version;
}
