import type { ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from './resolve-item.ts';

/** An item's history, oldest first, paginated by sequence number. */
export async function listItemActivity(ctx: Ctx, input: ItemRef & { cursor?: string; limit?: number }) {
  const { id } = await resolveItem(ctx, input, 'read');
  const limit = input.limit ?? 50;
  // a cursor beyond bigint range (forged) cannot point anywhere: treat it as the end
  const after = input.cursor && /^\d{1,19}$/.test(input.cursor) ? BigInt(input.cursor) : undefined;
  if (after !== undefined && after > 9_223_372_036_854_775_807n) return { items: [], nextCursor: null };
  const rows = await ctx.db.activityEvent.findMany({
    where: { itemId: id, ...(after !== undefined && { seq: { gt: after } }) },
    orderBy: { seq: 'asc' },
    take: limit + 1,
    select: { seq: true, itemId: true, actorName: true, action: true, field: true, before: true, after: true, createdAt: true },
  });
  const items = rows.slice(0, limit).map((r) => ({ ...r, seq: r.seq.toString() }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.seq ?? null) : null };
}
