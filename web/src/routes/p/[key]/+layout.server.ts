import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { productsOf, renamedProductPath } from '$lib/server/me';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ cookies, params, url }) => {
  const me = await api(cookies).auth.me.query();
  const product = productsOf(me).find((p) => p.key === params.key);
  if (!product) {
    // a product whose key changed: old links (bookmarks, pasted item URLs) move permanently to the new key
    const moved = renamedProductPath(me, params.key, url);
    if (moved) redirect(308, moved);
    error(404, `No product ${params.key} among your memberships`);
  }
  return { me, product };
};
