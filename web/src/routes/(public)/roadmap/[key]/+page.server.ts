import { ItemType, PublicStatus } from '@baton/contracts';
import { orNotFound, publicApi, voterToken } from '$lib/server/public';
import type { PageServerLoad } from './$types';

/** The board (three columns) or the list (one status, paged), searched, filtered by type and sorted. */
export const load: PageServerLoad = async ({ params, url, cookies }) => {
  const q = (url.searchParams.get('q') ?? '').slice(0, 200);
  const type = ItemType.safeParse(url.searchParams.get('type')).data;
  const sort = url.searchParams.get('sort') === 'recent' ? 'recent' : 'votes';
  const status = PublicStatus.safeParse(url.searchParams.get('status')).data;
  const view = url.searchParams.get('view') === 'list' || status ? 'list' : 'board';
  const cursor = url.searchParams.get('cursor') || undefined;
  const token = voterToken(cookies);
  const api = publicApi();
  const filters = { productKey: params.key, q: q || undefined, type, sort, voterToken: token } as const;
  const shown = { q, type: type ?? '', sort, status: status ?? '', signedIn: !!token };
  if (view === 'list') {
    const page = await orNotFound(() => api.public.list.query({ ...filters, status, cursor, limit: 50 }), 'Roadmap');
    return { ...shown, view, product: page.product, stats: page.stats, list: page, board: null };
  }
  const board = await orNotFound(() => api.public.board.query({ ...filters, perColumn: 30 }), 'Roadmap');
  return { ...shown, view, product: board.product, stats: board.stats, list: null, board };
};
