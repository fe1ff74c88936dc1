import { api } from '$lib/server/api';
import { dismissCookie, firstRunChecklist } from '$lib/server/first-run';
import { productByKey, productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

/** Each list on the dashboard is a query of the items list, so "View all" opens exactly that list. */
const DASHBOARD_QUERIES = {
  mine: 'assignee:me is:open sort:priority-desc',
  due: 'is:open due:<7d sort:due-asc',
} as const;

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  // the product from the shared auth.me, not parent(): the dashboard's reads start without waiting for the layout's
  const { product } = await productByKey(cookies, params.key, url);
  const client = api(cookies);
  const search = (query: string) => client.items.search.query({ productId: product.id, query, limit: 8 });
  // one batched request to the backend for all three
  const [stats, mine, dashboard] = await Promise.all([
    client.items.stats.query({ productId: product.id }),
    search(DASHBOARD_QUERIES.mine),
    client.dashboard.get.query({ productId: product.id }),
  ]);
  const checklist = await firstRunChecklist(cookies, product, stats.total);
  return { stats, mine, dashboard, queries: DASHBOARD_QUERIES, now: new Date(), checklist, serverUrl: url.origin };
};

export const actions: Actions = {
  /** Hides the first-run checklist of this product for this browser. */
  dismissChecklist: async ({ cookies, params, url }) => {
    const product = await productForAction(cookies, params.key);
    cookies.set(dismissCookie(product.id), 'dismissed', { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 365 * 86_400 });
    return { dismissed: true };
  },
};
