import type { Me } from '@baton/contracts';
import { error, redirect, type Cookies } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { api } from './api';
import { productsOf, renamedProductPath, type ProductRef } from './me';

const meOfRequest = new WeakMap<App.Locals, Promise<Me>>();

/**
 * The signed-in user with their memberships (auth.me). A page view asks once: hooks start it in the same batch as
 * the session check, and the layout, the page and its endpoints share the answer. Form actions and other writes
 * ask afresh, since the action may have just changed a membership or a product's key.
 */
export function currentMe(cookies: Cookies): Promise<Me> {
  const { request, locals } = getRequestEvent();
  if (request.method !== 'GET' && request.method !== 'HEAD') return api(cookies).auth.me.query();
  let me = meOfRequest.get(locals);
  if (!me) {
    me = api(cookies).auth.me.query();
    meOfRequest.set(locals, me);
  }
  return me;
}

/**
 * The product a /p/[key] URL names, among the caller's memberships; 404 when they cannot open it. A product whose
 * key changed: old links (bookmarks, pasted item URLs) move permanently to the new key.
 */
export async function productByKey(cookies: Cookies, key: string, url?: URL): Promise<{ me: Me; product: ProductRef }> {
  const me = await currentMe(cookies);
  const product = productsOf(me, { includeArchived: true }).find((p) => p.key === key);
  if (!product) {
    const moved = url && renamedProductPath(me, key, url);
    if (moved) redirect(308, moved);
    error(404, `No product ${key} among your memberships`);
  }
  return { me, product };
}

/** The product of `/p/[key]/...` for a form action or an endpoint, with the caller's role in it. */
export async function productForAction(cookies: Cookies, key: string): Promise<ProductRef> {
  return (await productByKey(cookies, key)).product;
}
