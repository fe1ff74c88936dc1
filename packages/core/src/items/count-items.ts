import { ItemCountsInput, type ItemCounts } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Ctx } from '../deps.ts';
import { searchWhere } from './list-items.ts';

/**
 * What a search finds in all, and per group: the list shows a page of 50, but its group headers and its pager
 * speak of the whole result (the same `where` as searchItems, so the numbers always agree with the pages).
 */
export async function countItems(ctx: Ctx, raw: ItemCountsInput): Promise<ItemCounts> {
  const input = ItemCountsInput.parse(raw);
  const where = await searchWhere(ctx, input);
  const [total, groups] = await Promise.all([ctx.db.item.count({ where }), input.groupBy ? groupCounts(ctx, where, input.groupBy) : []]);
  return { total, groups };
}

async function groupCounts(ctx: Ctx, where: Prisma.ItemWhereInput, by: NonNullable<ItemCountsInput['groupBy']>): Promise<ItemCounts['groups']> {
  const { db } = ctx;
  switch (by) {
    case 'status':
      return (await db.item.groupBy({ by: ['status'], where, _count: { _all: true } })).map((g) => ({ value: g.status, count: g._count._all }));
    case 'priority':
      return (await db.item.groupBy({ by: ['priority'], where, _count: { _all: true } })).map((g) => ({ value: g.priority, count: g._count._all }));
    case 'milestone':
      return (await db.item.groupBy({ by: ['milestoneId'], where, _count: { _all: true } })).map((g) => ({ value: g.milestoneId, count: g._count._all }));
    case 'assignee':
      // a person or an agent's key holds an item, never both
      return (await db.item.groupBy({ by: ['assigneeUserId', 'assigneeAgentId'], where, _count: { _all: true } })).map((g) => ({
        value: g.assigneeUserId ?? g.assigneeAgentId,
        count: g._count._all,
      }));
    case 'label': {
      const [labelled, none] = await Promise.all([
        db.itemLabel.groupBy({ by: ['labelId'], where: { item: where }, _count: { _all: true } }),
        db.item.count({ where: { AND: [where, { labels: { none: {} } }] } }),
      ]);
      return [...labelled.map((g) => ({ value: g.labelId, count: g._count._all })), ...(none ? [{ value: null, count: none }] : [])];
    }
  }
}
