import { ChangedItemsInput, type ChangedItemsPage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';

/**
 * Changes younger than this are not served yet. `updatedAt` is stamped when the UPDATE is sent, not when its
 * transaction commits, so a change stamped T can become visible after one stamped T+1 has been served and the
 * watermark has passed T; waiting until the stamp is this old (and covering clock skew between replicas) keeps
 * such late commits inside the window instead of behind the watermark.
 */
export const SETTLE_MS = 5_000;

const CURSOR = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/;

type Position = { at: Date; id: string };
const encodeCursor = (p: Position) => `${p.at.getTime()}.${p.id}`;
function decodeCursor(cursor: string): Position {
  const m = CURSOR.exec(cursor);
  if (!m)
    throw new DomainError('BAD_INPUT', 'cursor: is not a cursor from agent.changed', {
      issues: [{ path: ['cursor'], message: 'is not a cursor from agent.changed' }],
    });
  return { at: new Date(Number(m[1])), id: m[2]! };
}

/**
 * Items changed after `since` (exclusive), oldest change first, ordered by (updatedAt, id). The cursor is that
 * pair, so items sharing one timestamp are split across pages without skips or repeats; `since` is exclusive
 * because the watermark is the last timestamp already served. A poller loops: follow `nextCursor` until null,
 * then poll again with `since: nextSince`. Every change is then served once, as the item's state after it
 * (several changes between two polls show up as one). Filters apply to the item's current state: an item
 * that leaves the filter (unassigned, relabelled) is not reported again. Deleted items are not listed.
 */
export async function listChangedItems(ctx: Ctx, raw: z.input<typeof ChangedItemsInput>): Promise<ChangedItemsPage> {
  const input = ChangedItemsInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const settled = new Date(ctx.clock().getTime() - SETTLE_MS);
  const p = ctx.principal;
  const where: Prisma.ItemWhereInput = {
    productId: input.productId,
    deletedAt: null,
    AND: [
      { updatedAt: { lte: settled } },
      ...(input.since ? [{ updatedAt: { gt: input.since } }] : []),
      ...(after ? [{ OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] }] : []),
    ],
    ...(input.assignee === 'me' && (p.kind === 'user' ? { assigneeUserId: p.userId } : { assigneeAgentId: p.apiKeyId })),
    ...(input.status && { status: { in: input.status } }),
    ...(input.label?.length && { labels: { some: { label: { name: { in: input.label } } } } }),
  };
  const rows = await ctx.db.item.findMany({
    where,
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    select: itemSummarySelect,
  });
  const items = rows.slice(0, input.limit).map(toItemSummary);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null,
    nextSince: last?.updatedAt ?? after?.at ?? input.since ?? null,
  };
}
