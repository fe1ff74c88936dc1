import { FINISHED_STATUSES, UpdateItemInput, type Item } from '@baton/contracts';
import type { z } from 'zod';
import { recordActivity, writeTransaction, type ActivityInput } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { endActiveClaim } from '../claims/end-active-claim.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { itemSelect, toItem } from './item-select.ts';
import { lockProduct } from './locks.ts';
import { resolveItem } from './resolve-item.ts';
import { notifyStatusChange } from '../public/notify-status-change.ts';
import { assertTransition, statusTimestamps } from './transitions.ts';
import { validateCustomFieldValues } from '../custom-fields/validate-values.ts';
import { validateItemRefs } from './validate-refs.ts';

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Updates any editable fields under optimistic concurrency: the write only lands on the version it was checked
 * against (one conditional UPDATE, so of N racing writers exactly one wins). That version is `expectedVersion`,
 * or a newer one when the caller's `base` shows it changes only fields nobody else touched (mergeableVersion).
 */
export async function updateItem(ctx: Ctx, raw: UpdateItemInput): Promise<Item> {
  const input = UpdateItemInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  const patch = input.patch;
  return writeTransaction(ctx, async (tx, emit) => {
    // an agent edits only items it holds or nobody holds (a stale lease cannot write through a general update)
    if (ctx.principal.kind === 'agent') await assertLeaseHolder(ctx, tx, id);
    const current = await tx.item.findUnique({ where: { id }, select: { ...itemSelect, assigneeUserId: true, milestoneId: true, parentId: true } });
    if (!current) throw notFound('Item');
    const version = mergeableVersion(current as Record<string, unknown> & { version: number }, input);
    if (patch.status) assertTransition(current.status, patch.status);
    // two items re-parented onto each other at once must not both pass the cycle walk (as addLink does)
    if (patch.parentId) await lockProduct(tx, access.product.id);
    await validateItemRefs(tx, access.product, patch, id);
    await validateCustomFieldValues(tx, access.product.id, patch.customFields);
    const now = ctx.clock();
    const changed = Object.entries(patch).filter(([k, v]) => !same((current as Record<string, unknown>)[k], v));
    const data = {
      ...Object.fromEntries(changed),
      ...(patch.status ? statusTimestamps(current.status, patch.status, now) : {}),
      version: { increment: 1 },
    };
    const { count } = await tx.item.updateMany({ where: { id, version }, data });
    if (count === 0) {
      const fresh = await tx.item.findUnique({ where: { id }, select: { version: true } });
      throw conflict(fresh?.version ?? version, Object.keys(patch));
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
    if (patch.status && patch.status !== current.status) await notifyStatusChange(ctx, tx, id, current.status, patch.status);
    if (patch.status && patch.status !== current.status && FINISHED_STATUSES.includes(patch.status)) {
      emit(await endActiveClaim(ctx, tx, id, `item moved to ${patch.status}`));
    }
    const row = await tx.item.findUniqueOrThrow({ where: { id }, select: itemSelect });
    return toItem(row);
  });
}

/**
 * The version a patch applies to. The caller's own version when it is current; otherwise the stored one, if the
 * caller sent the values it started from (`base`) and every patched field still holds them: someone else changed
 * other fields only, and both edits stand. A patched field changed since is a CONFLICT naming those fields.
 */
function mergeableVersion(current: Record<string, unknown> & { version: number }, input: z.output<typeof UpdateItemInput>): number {
  if (current.version === input.expectedVersion) return current.version;
  const fields = Object.keys(input.patch);
  const base = input.base as Record<string, unknown> | undefined;
  const changed = base ? fields.filter((f) => !(f in base) || !same(current[f], base[f])) : fields;
  if (changed.length) throw conflict(current.version, changed);
  return current.version;
}

function conflict(currentVersion: number, fields: string[]) {
  return new DomainError('CONFLICT', `Item was changed by someone else; current version is ${currentVersion}`, { currentVersion, fields });
}
