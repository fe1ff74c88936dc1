import { api } from '$lib/server/api';
import { productByKey } from '$lib/server/product';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ cookies, params, depends, url }) => {
  // saving, pinning or deleting a view reruns this load (invalidate('app:views')) so the sidebar follows
  depends('app:views');
  const client = api(cookies);
  const [{ me, product }, unread] = await Promise.all([productByKey(client, params.key, url), client.notifications.unreadCount.query()]);
  const { items: views } = await client.savedViews.list.query({ productId: product.id });
  return { me, product, views, pinnedViews: views.filter((v) => v.pinned), unread: unread.count };
};
