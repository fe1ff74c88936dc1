import { error, type Cookies } from '@sveltejs/kit';
import { api } from './api';
import { productsOf, type ProductRef } from './me';

/** The product of `/p/[key]/...` for a form action (actions get no `parent()`), with the caller's role in it. */
export async function productForAction(cookies: Cookies, key: string): Promise<ProductRef> {
  const product = productsOf(await api(cookies).auth.me.query()).find((p) => p.key === key);
  if (!product) error(404, `No product ${key} among your memberships`);
  return product;
}
