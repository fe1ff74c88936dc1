import type { Me } from '@baton/contracts';

export type ProductRef = Me['memberships'][number]['products'][number] & {
  organizationId: string;
  organizationName: string;
  role: Me['memberships'][number]['role'];
};

/** The products the user can open, by membership: organizations in joining order, products by key. */
export function productsOf(me: Me): ProductRef[] {
  return me.memberships.flatMap((m) =>
    m.products.map((p) => ({ ...p, organizationId: m.organizationId, organizationName: m.organizationName, role: m.role })),
  );
}
