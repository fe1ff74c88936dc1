import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productsOf } from '$lib/server/me';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ cookies, params }) => {
  const client = api(cookies);
  const [me, unread] = await Promise.all([client.auth.me.query(), client.notifications.unreadCount.query()]);
  const product = productsOf(me).find((p) => p.key === params.key);
  if (!product) error(404, `No product ${params.key} among your memberships`);
  return { me, product, unread: unread.count };
};
