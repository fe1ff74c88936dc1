import { ReadyInput, type ReadyPage } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { sweepExpiredClaims } from '../claims/sweep-expired-claims.ts';
import type { Ctx } from '../deps.ts';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';
import { afterReadyCursor, encodeReadyCursor } from './ready-cursor.ts';
import { assignedTo, readyReason } from './ready-reason.ts';
import { READY_ORDER, readyWhere } from './ready-where.ts';

/**
 * The ready queue (see readyConditions): open, unclaimed (an expired lease counts as free, and is ended here first),
 * every blocker done or closed, unassigned or assigned to the caller (others' too with includeAssigned), filtered,
 * most urgent then oldest first; each item says why it is ready.
 */
export async function listReady(ctx: Ctx, raw: z.input<typeof ReadyInput>): Promise<z.infer<typeof ReadyPage>> {
  const input = ReadyInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  await sweepExpiredClaims(ctx, { productId: input.productId });
  const where = readyWhere(ctx.principal, input, ctx.clock());
  const rows = await ctx.db.item.findMany({
    where: input.cursor ? { AND: [where, afterReadyCursor(input.cursor)] } : where,
    orderBy: READY_ORDER,
    take: input.limit + 1,
    select: {
      ...itemSummarySelect,
      linksTo: { where: { type: 'blocks', fromItem: { deletedAt: null } }, select: { fromItem: { select: { status: true } } } },
    },
  });
  const shown = rows.slice(0, input.limit);
  const last = shown.at(-1);
  return {
    items: shown.map((row) => {
      const item = toItemSummary(row);
      return { ...item, reason: readyReason(row.linksTo.map((l) => l.fromItem.status), assignedTo(item.assignee, ctx.principal)) };
    }),
    nextCursor: rows.length > input.limit && last ? encodeReadyCursor(last) : null,
  };
}
