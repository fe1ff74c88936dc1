import { ItemPriority, ItemStatus, ItemType, Limit } from '@baton/contracts';
import { z } from 'zod';
import { checked, int, list as listOf, str } from '../args/values.ts';
import { itemColumns } from '../output/format.ts';
import { renderTable } from '../output/table.ts';
import { defineCommand } from './command.ts';

export const filterOptions = {
  status: { type: 'string', multiple: true, value: 'STATUS', help: 'open, in_progress, done, closed, wont_fix (repeat or comma-separate)' },
  type: { type: 'string', multiple: true, value: 'TYPE', help: 'bug, feature, task' },
  priority: { type: 'string', multiple: true, value: 'PRIORITY', help: 'critical, high, medium, low' },
  label: { type: 'string', multiple: true, value: 'LABEL', help: 'items with this label' },
  limit: { type: 'string', value: 'N', help: 'at most N items (1-100, default 50)' },
  cursor: { type: 'string', value: 'CURSOR', help: 'the next page, from a previous answer' },
} as const;

/** The ready queue's opt-in to work assigned to others (ReadyFilter.includeAssigned), for `ready` and `next`. */
export const includeAssignedOption = {
  'include-assigned': { type: 'boolean', help: 'also offer items assigned to someone else (claiming one keeps its assignee)' },
} as const;

export const list = defineCommand({
  name: 'list',
  args: ['[QUERY...]'],
  summary: 'List items: with a query (`type:bug is:open label:auth`) through search, else by the filters.',
  options: { ...filterOptions, text: { type: 'string', value: 'TEXT', help: 'words in the title or description' } },
  async run(s, args, values) {
    const limit = values.limit === undefined ? undefined : checked(Limit, int(str(values, 'limit')!, '--limit'), '--limit', 'list');
    const cursor = str(values, 'cursor');
    const productId = (await s.product()).id;
    const query = args.join(' ').trim();
    const page = query
      ? await s.api.items.search.query({ productId, query, limit, cursor })
      : await s.api.items.list.query({
          productId,
          status: orUndefined(checked(z.array(ItemStatus), listOf(values, 'status'), '--status', 'list')),
          type: orUndefined(checked(z.array(ItemType), listOf(values, 'type'), '--type', 'list')),
          priority: orUndefined(checked(z.array(ItemPriority), listOf(values, 'priority'), '--priority', 'list')),
          label: orUndefined(listOf(values, 'label')),
          text: str(values, 'text'),
          limit,
          cursor,
        });
    s.out.result(page, () => {
      if (!page.items.length) return 'No items.';
      if (page.nextCursor) s.out.note(`More: baton list ${query ? `${JSON.stringify(query)} ` : ''}--cursor ${page.nextCursor}`);
      return renderTable(itemColumns(), page.items, { paint: s.out.paint, maxWidth: s.out.maxWidth });
    });
  },
});

export const orUndefined = <T>(xs: T[]): T[] | undefined => (xs.length ? xs : undefined);
