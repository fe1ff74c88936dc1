import type { Me } from '@baton/contracts';
import { formatItemKey, parseItemKey } from '@baton/contracts/item-key';

type Membership = Me['memberships'][number];
export type ProductRef = Membership['products'][number] & { organizationId: string; organizationName: string; role: Membership['role'] };

/**
 * The products the user can open, by membership: organizations in joining order, products by key. Archived ones
 * only when asked (their pages stay readable by URL; lists and pickers leave them out).
 */
export function productsOf(me: Me, opts: { includeArchived?: boolean } = {}): ProductRef[] {
  return me.memberships.flatMap((m) =>
    m.products
      .filter((p) => opts.includeArchived || !p.archivedAt)
      .map((p) => ({ ...p, organizationId: m.organizationId, organizationName: m.organizationName, role: m.role })),
  );
}

/**
 * The product a former key names (it was renamed), with the path rewritten to its current key: `/p/OLD/items/OLD-4`
 * becomes `/p/NEW/items/NEW-4`. Current keys win: a key another product now uses is never redirected.
 */
export function renamedProductPath(me: Me, oldKey: string, url: URL): string | null {
  const products = productsOf(me, { includeArchived: true });
  if (products.some((p) => p.key === oldKey)) return null;
  const renamed = products.find((p) => p.formerKeys.includes(oldKey));
  if (!renamed) return null;
  const rest = url.pathname
    .slice(`/p/${oldKey}`.length)
    .split('/')
    .map((part) => {
      const key = parseItemKey(part);
      return key?.productKey === oldKey ? formatItemKey(renamed.key, key.number) : part;
    })
    .join('/');
  return `/p/${renamed.key}${rest}${url.search}`;
}
