import { BulkUpdateInput, formatItemKey, isItemKey, parseItemKey, type BulkUpdateResult } from '@baton/contracts';
import { Prisma } from '@baton/db';
import { recordActivity, writeTransaction, type ActivityInput } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { endActiveClaim } from '../claims/end-active-claim.ts';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { requireProductAccess } from '../access/product-access.ts';
import { ensureLabels } from './labels.ts';
import { changeItemStatus, type StatusChangeOutcome } from './change-status.ts';
import { validateItemRefs } from './validate-refs.ts';

type Failure = BulkUpdateResult['failed'][number];

/**
 * Applies one change (status, priority, assignee, milestone, sprint, labels added or removed, or delete) to up to 100 items in ONE
 * transaction, with an activity event per item and field. Items that cannot take the change (missing, a status
 * move the transition table refuses, a lease someone else holds) are listed in `failed` with the reason, and
 * the rest are changed. A status goes through changeItemStatus, the same rule as a single change (voters of
 * public items are emailed, claims end alike); each updated entry says which claim it ended. The selected rows
 * are locked in id order first, so a racing single update either lands before (and the bulk change builds on
 * it) or fails on its stale version: versions never fork.
 */
export async function bulkUpdateItems(ctx: Ctx, raw: BulkUpdateInput): Promise<BulkUpdateResult> {
  const input = BulkUpdateInput.parse(raw);
  const { change } = input;
  const { product } = await requireProductAccess(ctx, input.productId, change.delete ? 'delete' : 'write');
  const refs = [...new Set(input.refs)];
  return writeTransaction(ctx, async (tx, emit) => {
    // the same reference rule as a single update (this product's milestone, an open sprint of it, a member)
    await validateItemRefs(tx, product, { assigneeUserId: change.assigneeUserId, milestoneId: change.milestoneId, sprintId: change.sprintId });
    const failed: Failure[] = [];
    const found = await findItems(tx, product, refs);
    // nothing selected exists here: as for a single item, that is NOT_FOUND (and says nothing about other products)
    if (found.size === 0) throw notFound('Item');
    for (const ref of refs) {
      if (!found.has(ref)) failed.push({ ref, key: isItemKey(ref) ? ref : null, code: 'NOT_FOUND', message: 'Item not found' });
    }
    const ids = [...new Set([...found.values()])].sort();
    if (ids.length) await tx.$queryRaw`SELECT 1 FROM "Item" WHERE "id" IN (${Prisma.join(ids)}) ORDER BY "id" FOR NO KEY UPDATE`;
    // read again under the lock: what a racing writer committed meanwhile is what this change applies to
    const rows = await tx.item.findMany({
      where: { id: { in: ids } },
      select: { id: true, number: true, status: true, priority: true, assigneeUserId: true, milestoneId: true, sprintId: true, version: true, labels: { select: { label: { select: { name: true } } } } },
      orderBy: { number: 'asc' },
    });
    const addIds = change.addLabels?.length ? await ensureLabels(tx, product.id, change.addLabels) : [];
    const removeNames = new Set(change.removeLabels ?? []);
    const now = ctx.clock();
    const updated: BulkUpdateResult['updated'] = [];
    const events: ActivityInput[] = [];
    for (const row of rows) {
      const key = formatItemKey(product.key, row.number);
      let moved: StatusChangeOutcome | null = null;
      try {
        // an agent changes only items it holds or nobody holds, as with a single update
        if (ctx.principal.kind === 'agent') await assertLeaseHolder(ctx, tx, row.id);
        // the one status rule, as for a single item: leases, history, public-status emails (it writes only after its checks)
        if (change.status) moved = await changeItemStatus(ctx, tx, emit, { itemId: row.id, productId: product.id, to: change.status });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failed.push({ ref: refOf(refs, row.id, key), key, code: e.code, message: e.message });
        continue;
      }
      const at = (action: string, field?: string, before?: unknown, after?: unknown): ActivityInput => ({
        productId: product.id, itemId: row.id, action, ...(field && { field, before: before ?? null, after: after ?? null }),
      });
      if (change.delete) {
        emit(await endActiveClaim(ctx, tx, row.id, 'item deleted'));
        await tx.item.update({ where: { id: row.id }, data: { deletedAt: now, version: { increment: 1 } } });
        events.push(at('deleted'));
        updated.push({ id: row.id, key, version: row.version + 1, claimEnded: null });
        continue;
      }
      const data: Prisma.ItemUpdateInput = {};
      if (change.priority && change.priority !== row.priority) {
        data.priority = change.priority;
        events.push(at('updated', 'priority', row.priority, change.priority));
      }
      if (change.assigneeUserId !== undefined && change.assigneeUserId !== row.assigneeUserId) {
        data.assigneeUser = change.assigneeUserId ? { connect: { id: change.assigneeUserId } } : { disconnect: true };
        events.push(at('updated', 'assigneeUserId', row.assigneeUserId, change.assigneeUserId));
      }
      if (change.milestoneId !== undefined && change.milestoneId !== row.milestoneId) {
        data.milestone = change.milestoneId ? { connect: { id: change.milestoneId } } : { disconnect: true };
        events.push(at('updated', 'milestoneId', row.milestoneId, change.milestoneId));
      }
      if (change.sprintId !== undefined && change.sprintId !== row.sprintId) {
        data.sprint = change.sprintId ? { connect: { id: change.sprintId } } : { disconnect: true };
        events.push(at('updated', 'sprintId', row.sprintId, change.sprintId));
      }
      const before = row.labels.map((l) => l.label.name).sort();
      const after = [...new Set([...before.filter((n) => !removeNames.has(n)), ...(change.addLabels ?? [])])].sort();
      const labelsChanged = JSON.stringify(before) !== JSON.stringify(after);
      if (labelsChanged) {
        if (removeNames.size) await tx.itemLabel.deleteMany({ where: { itemId: row.id, label: { name: { in: [...removeNames] } } } });
        if (addIds.length) await tx.itemLabel.createMany({ data: addIds.map((labelId) => ({ itemId: row.id, labelId })), skipDuplicates: true });
        events.push(at('updated', 'labels', before, after));
      }
      const claimEnded = moved?.claimEnded ?? null;
      // nothing else to do for this one: the status change (if any) already wrote its version and history
      if (Object.keys(data).length === 0 && !labelsChanged) {
        updated.push({ id: row.id, key, version: moved?.version ?? row.version, claimEnded });
        continue;
      }
      // one version per item and bulk change, whether or not the status moved too
      await tx.item.update({ where: { id: row.id }, data: { ...data, ...(!moved?.changed && { version: { increment: 1 } }) } });
      updated.push({ id: row.id, key, version: moved?.changed ? moved.version : row.version + 1, claimEnded });
    }
    emit(await recordActivity(ctx, tx, events));
    return { updated, failed };
  });
}

/** Live items of the product for each ref (an id or a key of this product); refs that match nothing are absent. */
async function findItems(tx: Tx, product: { id: string; key: string }, refs: string[]): Promise<Map<string, string>> {
  const numbers = new Map<number, string>();
  const ids: string[] = [];
  for (const ref of refs) {
    const key = parseItemKey(ref);
    if (!key) ids.push(ref);
    else if (key.productKey === product.key) numbers.set(key.number, ref);
  }
  const rows = await tx.item.findMany({
    where: { productId: product.id, deletedAt: null, OR: [{ id: { in: ids } }, { number: { in: [...numbers.keys()] } }] },
    select: { id: true, number: true },
  });
  const found = new Map<string, string>();
  for (const row of rows) {
    if (ids.includes(row.id)) found.set(row.id, row.id);
    const byKey = numbers.get(row.number);
    if (byKey) found.set(byKey, row.id);
  }
  return found;
}

/** The ref the caller used for an item (its id or its key), so failures point at what was sent. */
const refOf = (refs: string[], id: string, key: string) => (refs.includes(id) ? id : key);
