import { errorOf } from '@baton/client';
import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** One milestone: its progress and its items, a page at a time (the cursor is in the URL, so pages are links). */
export const load: PageServerLoad = async ({ cookies, params, url, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const cursor = url.searchParams.get('cursor') || undefined;
  try {
    const [milestone, items] = await Promise.all([
      client.milestones.get.query({ productId: product.id, id: params.id }),
      client.items.list.query({ productId: product.id, milestoneId: params.id, sort: 'priority-desc', cursor, limit: PAGE_SIZE }),
    ]);
    return { milestone, items, cursor: cursor ?? null };
  } catch (e) {
    const code = errorOf(e)?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_INPUT') error(404, 'No such milestone');
    throw e;
  }
};
