import type { BatonClient } from '@baton/client';
import { error } from '@sveltejs/kit';
import { productsOf, type ProductRef } from './me';

/** The product a /p/[key] URL names, among the caller's memberships; 404 when they cannot open it. */
export async function productByKey(client: BatonClient, key: string): Promise<{ me: Awaited<ReturnType<BatonClient['auth']['me']['query']>>; product: ProductRef }> {
  const me = await client.auth.me.query();
  const product = productsOf(me).find((p) => p.key === key);
  if (!product) error(404, `No product ${key} among your memberships`);
  return { me, product };
}
