import { errorOf } from '@baton/client';
import type { ItemPage } from '@baton/contracts';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export type QueryError = { message: string; position: number | null; token: string };

export const load: PageServerLoad = async ({ cookies, url, parent }) => {
  const { product } = await parent();
  const q = url.searchParams.get('q') ?? '';
  const cursor = url.searchParams.get('cursor') || undefined;
  let page: ItemPage = { items: [], nextCursor: null };
  let queryError: QueryError | null = null;
  try {
    page = await api(cookies).items.search.query({ productId: product.id, query: q, cursor, limit: PAGE_SIZE });
  } catch (e) {
    const err = errorOf(e);
    // a query the language rejects (or one too long) is the user's to fix: show it next to the search box
    if (err?.code !== 'BAD_QUERY' && err?.code !== 'BAD_INPUT') throw e;
    const position = typeof err.details?.position === 'number' ? err.details.position : null;
    queryError = { message: err.message, position, token: typeof err.details?.token === 'string' ? err.details.token : '' };
  }
  return { q, cursor: cursor ?? null, page, queryError };
};
