import { Limit, SearchItemsInput } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { itemColumns } from '../output/format.ts';
import { renderTable } from '../output/table.ts';
import { defineCommand } from './command.ts';

export const search = defineCommand({
  name: 'search',
  args: ['<QUERY...>'],
  summary: 'Find items with the query language, e.g. `baton search is:open label:api "login page"` (any status, not only ready work).',
  options: {
    limit: { type: 'string', value: 'N', help: 'items per page (1-100)' },
    cursor: { type: 'string', value: 'CURSOR', help: 'the next page, from the previous answer' },
  },
  async run(s, words, values) {
    const query = checked(SearchItemsInput.shape.query, words.join(' '), 'QUERY', 'search');
    const page = await s.api.items.search.query({
      productId: (await s.product()).id,
      query,
      limit: values.limit === undefined ? undefined : checked(Limit, int(str(values, 'limit')!, '--limit'), '--limit', 'search'),
      cursor: str(values, 'cursor'),
    });
    s.out.result(page, () => {
      if (!page.items.length) return 'Nothing matches.';
      if (page.nextCursor) s.out.note(`More: baton search ${words.join(' ')} --cursor ${page.nextCursor}`);
      return renderTable(itemColumns<(typeof page.items)[number]>(), page.items, { paint: s.out.paint, maxWidth: s.out.maxWidth });
    });
  },
});
