import { errorOf, type BatonClient } from '@baton/client';
import type { Product } from '@baton/contracts';

/** Who the token signs in as, and the product the extension works in. */
export type Identity = {
  kind: 'user' | 'apiKey';
  /** the person's id (claims held by it are "mine"); null for an API key */
  userId: string | null;
  /** the person's name, or null for an API key (which has no session) */
  name: string | null;
  email: string | null;
  product: Product;
  products: Product[];
};

/** The `{user}` of branch names: the person's name, else their email; an API key has neither. */
export const branchUser = (identity: Pick<Identity, 'name' | 'email'>) => identity.name ?? identity.email ?? 'me';

/** A setting that cannot work as it is: the message names it, and the way forward is the settings. */
export class SettingsProblem extends Error {}

export class ProductChoiceNeeded extends Error {
  constructor(readonly products: Product[]) {
    super('Choose the product to work in');
  }
}

/** Without a setting: the only product; several, the caller asks. */
export function pickProduct(products: Product[]): Product {
  if (products.length === 1) return products[0]!;
  if (products.length === 0) throw new Error('This account cannot see any product yet. Ask an admin to add you to one.');
  throw new ProductChoiceNeeded(products);
}

/** The product the setting names (a key in any case, or an id), as the server resolves it for every client. */
async function namedProduct(client: BatonClient, wanted: string, products: Promise<Product[]>): Promise<Product> {
  try {
    return await client.products.get.query({ productId: wanted });
  } catch (e) {
    if (errorOf(e)?.code !== 'NOT_FOUND') throw e;
    const yours = (await products).map((p) => p.key).join(', ') || 'none';
    throw new SettingsProblem(`The product ${wanted} (setting baton.product) is not one you can see; yours are: ${yours}.`);
  }
}

export async function identify(client: BatonClient, wantedProduct: string): Promise<Identity> {
  const listed = client.products.list.query();
  const [session, products, named] = await Promise.all([
    client.auth.session.query(),
    listed,
    wantedProduct ? namedProduct(client, wantedProduct, listed) : null,
  ]);
  return {
    kind: session ? 'user' : 'apiKey',
    userId: session?.userId ?? null,
    name: session?.name ?? null,
    email: session?.email ?? null,
    product: named ?? pickProduct(products),
    products,
  };
}
