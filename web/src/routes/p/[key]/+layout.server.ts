import { api } from '$lib/server/api';
import { productByKey } from '$lib/server/product';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ cookies, params, depends, url }) => {
  // saving, pinning or deleting a view reruns this load (invalidate('app:views')) so the sidebar follows
  depends('app:views');
  const client = api(cookies);
  // auth.me is usually answered already (hooks asked for it); the two reads then go out as one request
  const { me, product } = await productByKey(cookies, params.key, url);
  const [unread, { items: views }] = await Promise.all([client.notifications.unreadCount.query(), client.savedViews.list.query({ productId: product.id })]);
  return { me, product, views, pinnedViews: views.filter((v) => v.pinned), unread: unread.count };
};
