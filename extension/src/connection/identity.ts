import type { BatonClient } from '@baton/client';
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

/** The product named by the setting, else the only one; several and no setting: the caller asks. */
export function pickProduct(products: Product[], wanted: string): Product {
  if (wanted) {
    const found = products.find((p) => p.key.toUpperCase() === wanted.toUpperCase());
    if (!found)
      throw new SettingsProblem(
        `The product ${wanted} (setting baton.product) is not one you can see; yours are: ${products.map((p) => p.key).join(', ') || 'none'}.`,
      );
    return found;
  }
  if (products.length === 1) return products[0]!;
  if (products.length === 0) throw new Error('This account cannot see any product yet. Ask an admin to add you to one.');
  throw new ProductChoiceNeeded(products);
}

export async function identify(client: BatonClient, wantedProduct: string): Promise<Identity> {
  const [session, products] = await Promise.all([client.auth.session.query(), client.products.list.query()]);
  return {
    kind: session ? 'user' : 'apiKey',
    userId: session?.userId ?? null,
    name: session?.name ?? null,
    email: session?.email ?? null,
    product: pickProduct(products, wantedProduct),
    products,
  };
}
