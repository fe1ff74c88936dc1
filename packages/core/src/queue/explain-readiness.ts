import { formatItemKey, parseItemKey, type Explanation, type ItemRef } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import { claimSelect, holderOf, isExpired } from '../claims/claim-select.ts';
import { sweepExpiredClaims } from '../claims/sweep-expired-claims.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { toActor } from '../items/item-select.ts';
import { assignedTo, readyReason } from './ready-reason.ts';
import { BLOCKER_CLEARED, readyConditions } from './ready-where.ts';

/**
 * Whether an item is ready for the caller, and if not, every condition of the ready rule that fails ("status is
 * in_progress", "claimed by agent-7 until …", "blocked by BAT-12 (open)", "assigned to Pat: offered to them only",
 * "deleted"). Which conditions hold is asked of the database with the queue's own where-clauses (readyConditions),
 * so explain and the queue cannot disagree; the item is read for the wording. A ready item gets its ready reason
 * instead. Unlike other reads, a deleted item of the product is explained rather than NOT_FOUND: "why does the
 * queue skip it?" has an answer.
 */
export async function explainReadiness(ctx: Ctx, input: ItemRef & { includeAssigned?: boolean | undefined }): Promise<Explanation> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  const key = parseItemKey(input.ref);
  const where = key
    ? key.productKey === product.key
      ? { productId: product.id, number: key.number }
      : null
    : { productId: product.id, id: input.ref };
  const found = where && (await ctx.db.item.findFirst({ where, select: { id: true } }));
  if (!found) throw notFound('Item');
  await sweepExpiredClaims(ctx, { itemId: found.id });

  const now = ctx.clock();
  const conditions = Object.entries(readyConditions(ctx.principal, now, input));
  const held = await Promise.all(conditions.map(([, cond]) => ctx.db.item.count({ where: { id: found.id, ...cond } })));
  const failing = new Set(conditions.filter((_, i) => held[i] === 0).map(([name]) => name));
  const item = await ctx.db.item.findUniqueOrThrow({
    where: { id: found.id },
    select: {
      status: true,
      deletedAt: true,
      assigneeUser: { select: { id: true, name: true } },
      assigneeAgent: { select: { id: true, name: true } },
      claims: { where: { endedAt: null }, select: claimSelect },
      linksTo: {
        where: { type: 'blocks', fromItem: { deletedAt: null } },
        orderBy: { fromItem: { number: 'asc' } },
        select: { fromItem: { select: { number: true, status: true } } },
      },
    },
  });
  const assignee = toActor(item.assigneeUser, item.assigneeAgent);
  const reasons: string[] = [];
  if (failing.has('open')) {
    if (item.deletedAt) reasons.push('deleted');
    if (item.status !== 'open') reasons.push(`status is ${item.status}`);
  }
  if (failing.has('unclaimed'))
    for (const claim of item.claims.filter((c) => !isExpired(c, now)))
      reasons.push(`claimed by ${holderOf(claim)?.name ?? 'a removed user or key'} until ${claim.leaseExpiresAt.toISOString()}`);
  if (failing.has('unblocked'))
    for (const { fromItem } of item.linksTo)
      if (!BLOCKER_CLEARED.includes(fromItem.status)) reasons.push(`blocked by ${formatItemKey(product.key, fromItem.number)} (${fromItem.status})`);
  if (failing.has('offered'))
    reasons.push(`assigned to ${assignee?.name ?? 'someone'}: offered to them only (ask with includeAssigned to take it anyway)`);
  if (failing.size) return { ready: false, reasons: reasons.length ? reasons : ['changed while being explained; ask again'] };
  return { ready: true, reasons: [readyReason(item.linksTo.map((l) => l.fromItem.status), assignedTo(assignee, ctx.principal))] };
}
