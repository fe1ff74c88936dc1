import { error, json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productForAction } from '$lib/server/product';
import { queryErrorOf } from '$lib/server/query-error';
import type { RequestHandler } from './$types';

const LIMIT = 8;
const MAX_TYPED = 200;

/**
 * The command palette's item finder: what was typed goes through the items list's own search (a key such as
 * bat-5 finds its item, words match titles, the query language works too), for the product's members only.
 * A query the language refuses answers no items and says why, as the list page does.
 */
export const GET: RequestHandler = async ({ cookies, params, url }) => {
  const product = await productForAction(cookies, params.key);
  const q = (url.searchParams.get('q') ?? '').trim();
  if (q.length > MAX_TYPED) error(400, `q: at most ${MAX_TYPED} characters`);
  if (!q) return json({ items: [] });
  try {
    const page = await api(cookies).items.search.query({ productId: product.id, query: q, limit: LIMIT });
    return json({ items: page.items.map((i) => ({ key: i.key, title: i.title, status: i.status })) });
  } catch (e) {
    const bad = queryErrorOf(e);
    if (!bad) throw e;
    return json({ items: [], problem: bad.message });
  }
};
