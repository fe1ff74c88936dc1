import type { BatonClient } from '@baton/client';
import { error, redirect, type Cookies } from '@sveltejs/kit';
import { api } from './api';
import { productsOf, renamedProductPath, type ProductRef } from './me';

type Me = Awaited<ReturnType<BatonClient['auth']['me']['query']>>;

/**
 * The product a /p/[key] URL names, among the caller's memberships; 404 when they cannot open it. A product whose
 * key changed: old links (bookmarks, pasted item URLs) move permanently to the new key.
 */
export async function productByKey(client: BatonClient, key: string, url?: URL): Promise<{ me: Me; product: ProductRef }> {
  const me = await client.auth.me.query();
  const product = productsOf(me).find((p) => p.key === key);
  if (!product) {
    const moved = url && renamedProductPath(me, key, url);
    if (moved) redirect(308, moved);
    error(404, `No product ${key} among your memberships`);
  }
  return { me, product };
}

/** The product of `/p/[key]/...` for a form action (actions get no `parent()`), with the caller's role in it. */
export async function productForAction(cookies: Cookies, key: string): Promise<ProductRef> {
  return (await productByKey(api(cookies), key)).product;
}
