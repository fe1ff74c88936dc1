import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productsOf } from '$lib/server/me';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ cookies, params, depends }) => {
  // saving, pinning or deleting a view reruns this load (invalidate('app:views')) so the sidebar follows
  depends('app:views');
  const client = api(cookies);
  const me = await client.auth.me.query();
  const product = productsOf(me).find((p) => p.key === params.key);
  if (!product) error(404, `No product ${params.key} among your memberships`);
  const { items: views } = await client.savedViews.list.query({ productId: product.id });
  return { me, product, views, pinnedViews: views.filter((v) => v.pinned) };
};
