import { errorOf } from '@baton/client';
import { error, json } from '@sveltejs/kit';
import { cardOf, COLUMN_LIMIT, columnQuery, type Card } from '$lib/board/card';
import { api } from '$lib/server/api';
import { productForAction } from '$lib/server/product';
import type { RequestHandler } from './$types';

/**
 * The board's reads after the first render, as JSON: `?id=...` (repeatable) answers those cards as they are
 * now (null for deleted ones), for live updates; `?state=<state id>&cursor=...&q=...` answers a column's next page.
 */
export const GET: RequestHandler = async ({ cookies, params, url }) => {
  const client = api(cookies);
  const product = await productForAction(cookies, params.key);
  const ids = url.searchParams.getAll('id').slice(0, 50);
  if (ids.length) {
    const cards = await Promise.all(
      ids.map((ref) =>
        client.items.get.query({ productId: product.id, ref }).then(
          (item): Card | null => cardOf(item),
          (e: unknown) => {
            if (errorOf(e)?.code === 'NOT_FOUND') return null;
            throw e;
          },
        ),
      ),
    );
    return json({ cards: Object.fromEntries(ids.map((id, i) => [id, cards[i]])) });
  }
  const states = await client.workflowStates.list.query({ productId: product.id });
  const state = states.find((s) => s.id === url.searchParams.get('state'));
  if (!state) error(400, 'Name a state or item ids');
  const page = await client.items.search.query({
    productId: product.id,
    query: columnQuery(url.searchParams.get('q') ?? '', state, states),
    limit: COLUMN_LIMIT,
    cursor: url.searchParams.get('cursor') || undefined,
  });
  return json({ cards: page.items.map(cardOf), nextCursor: page.nextCursor });
};
