import { error } from '@sveltejs/kit';
import type { Me } from '@baton/contracts';

export type ProductRef = Me['memberships'][number]['products'][number] & { organizationName: string };

/** The products the user can open, by membership: organizations in joining order, products by key. */
export function productsOf(me: Me): ProductRef[] {
  return me.memberships.flatMap((m) => m.products.map((p) => ({ ...p, organizationName: m.organizationName })));
}

/** For form actions (which have no parent data): the signed-in user's product with this key, or a 404. */
export async function productByKey(client: { auth: { me: { query(): Promise<Me> } } }, key: string): Promise<ProductRef> {
  const product = productsOf(await client.auth.me.query()).find((p) => p.key === key);
  if (!product) error(404, `No product ${key} among your memberships`);
  return product;
}
