import { ItemPriority, ItemType, Limit } from '@baton/contracts';
import { z } from 'zod';
import { checked, int, list, str } from '../args/values.ts';
import { itemColumns } from '../output/format.ts';
import { renderTable } from '../output/table.ts';
import { defineCommand } from './command.ts';
import { filterOptions, includeAssignedOption, orUndefined } from './list.ts';

export const ready = defineCommand({
  name: 'ready',
  args: [],
  summary: 'The ready queue: open, unclaimed, unblocked items in the order `next` takes them.',
  options: {
    type: filterOptions.type,
    priority: filterOptions.priority,
    label: filterOptions.label,
    query: { type: 'string', value: 'QUERY', help: 'the query language, on top of the ready conditions' },
    ...includeAssignedOption,
    limit: filterOptions.limit,
    cursor: filterOptions.cursor,
  },
  async run(s, _args, values) {
    const page = await s.api.queue.ready.query({
      productId: (await s.product()).id,
      type: orUndefined(checked(z.array(ItemType), list(values, 'type'), '--type', 'ready')),
      priority: orUndefined(checked(z.array(ItemPriority), list(values, 'priority'), '--priority', 'ready')),
      label: orUndefined(list(values, 'label')),
      query: str(values, 'query'),
      includeAssigned: values['include-assigned'] === true || undefined,
      limit: values.limit === undefined ? undefined : checked(Limit, int(str(values, 'limit')!, '--limit'), '--limit', 'ready'),
      cursor: str(values, 'cursor'),
    });
    s.out.result(page, () => {
      if (!page.items.length) return 'Nothing is ready.';
      if (page.nextCursor) s.out.note(`More: baton ready --cursor ${page.nextCursor}`);
      return renderTable(
        itemColumns<(typeof page.items)[number]>([{ header: 'Why', value: (i) => i.reason }]).filter((c) => c.header !== 'Assignee'),
        page.items,
        { paint: s.out.paint, maxWidth: s.out.maxWidth },
      );
    });
  },
});
