import { orNotFound, publicApi } from '$lib/server/public';
import type { PageServerLoad } from './$types';

/** The iframe widget: the top ideas by votes (open ones: under review, planned and in progress). */
export const load: PageServerLoad = async ({ params, url }) => {
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 5, 1), 20);
  const board = await orNotFound(() => publicApi().public.board.query({ productKey: params.key, perColumn: limit }), 'Roadmap');
  const open = board.columns
    .filter((c) => c.status !== 'done')
    .flatMap((c) => c.items).sort((a, b) => b.voteCount - a.voteCount).slice(0, limit);
  return { product: board.product, items: open, origin: url.origin };
};
