import { formatItemKey, parseItemKey, type Explanation, type ItemRef } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import { claimSelect, holderOf, isExpired } from '../claims/claim-select.ts';
import { sweepExpiredClaims } from '../claims/sweep-expired-claims.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { readyReason } from './ready-reason.ts';
import { BLOCKER_CLEARED } from './ready-where.ts';

/**
 * Whether an item is ready, and if not, every condition that fails ("status is in_progress", "claimed by agent-7
 * until …", "blocked by BAT-12 (open)", "deleted"). A ready item gets its ready reason instead. Unlike other reads,
 * a deleted item of the product is explained rather than NOT_FOUND: "why does the queue skip it?" has an answer.
 */
export async function explainReadiness(ctx: Ctx, ref: ItemRef): Promise<Explanation> {
  const { product } = await requireProductAccess(ctx, ref.productId, 'read');
  const key = parseItemKey(ref.ref);
  const where = key
    ? key.productKey === product.key
      ? { productId: product.id, number: key.number }
      : null
    : { productId: product.id, id: ref.ref };
  const found = where && (await ctx.db.item.findFirst({ where, select: { id: true } }));
  if (!found) throw notFound('Item');
  await sweepExpiredClaims(ctx, { itemId: found.id });

  const item = await ctx.db.item.findUniqueOrThrow({
    where: { id: found.id },
    select: {
      status: true,
      deletedAt: true,
      claims: { where: { endedAt: null }, select: claimSelect },
      linksTo: {
        where: { type: 'blocks', fromItem: { deletedAt: null } },
        orderBy: { fromItem: { number: 'asc' } },
        select: { fromItem: { select: { number: true, status: true } } },
      },
    },
  });
  const reasons: string[] = [];
  if (item.deletedAt) reasons.push('deleted');
  if (item.status !== 'open') reasons.push(`status is ${item.status}`);
  for (const claim of item.claims) {
    if (!isExpired(claim, ctx.clock()))
      reasons.push(`claimed by ${holderOf(claim)?.name ?? 'a removed user or key'} until ${claim.leaseExpiresAt.toISOString()}`);
  }
  for (const { fromItem } of item.linksTo) {
    if (!BLOCKER_CLEARED.includes(fromItem.status)) reasons.push(`blocked by ${formatItemKey(product.key, fromItem.number)} (${fromItem.status})`);
  }
  if (reasons.length) return { ready: false, reasons };
  return { ready: true, reasons: [readyReason(item.linksTo.map((l) => l.fromItem.status))] };
}
