import type { ItemType, PublicStatus } from '@baton/contracts';
import { orNotFound, publicApi, voterToken } from '$lib/server/public';
import type { PageServerLoad } from './$types';

const TYPES = new Set(['feature', 'bug', 'task']);
const STATUSES = new Set(['planned', 'in_progress', 'done', 'closed']);

/** The board (three columns) or the list (one status, paged), searched, filtered by type and sorted. */
export const load: PageServerLoad = async ({ params, url, cookies }) => {
  const q = (url.searchParams.get('q') ?? '').slice(0, 200);
  const typeParam = url.searchParams.get('type') ?? '';
  const type = TYPES.has(typeParam) ? (typeParam as ItemType) : undefined;
  const sort = url.searchParams.get('sort') === 'recent' ? 'recent' : 'votes';
  const statusParam = url.searchParams.get('status') ?? '';
  const status = STATUSES.has(statusParam) ? (statusParam as PublicStatus) : undefined;
  const view = url.searchParams.get('view') === 'list' || status ? 'list' : 'board';
  const cursor = url.searchParams.get('cursor') || undefined;
  const token = voterToken(cookies);
  const api = publicApi();
  const filters = { productKey: params.key, q: q || undefined, type, sort, voterToken: token } as const;
  if (view === 'list') {
    const page = await orNotFound(() => api.public.list.query({ ...filters, status, cursor, limit: 50 }), 'Roadmap');
    return {
      view,
      q,
      type: type ?? '',
      sort,
      status: status ?? '',
      product: page.product,
      stats: page.stats,
      list: page,
      board: null,
      signedIn: !!token,
    };
  }
  const board = await orNotFound(() => api.public.board.query({ ...filters, perColumn: 30 }), 'Roadmap');
  return { view, q, type: type ?? '', sort, status: '', product: board.product, stats: board.stats, list: null, board, signedIn: !!token };
};
