import type { ApiScope, Permission } from '@baton/contracts';

// Member roles and what they allow live in contracts (the web app reads the same table); API-key scopes are
// enforced here only.
export { mayGrantRole, roleAllows, type Permission } from '@baton/contracts';

const SCOPE: Record<Permission, ApiScope | null> = {
  read: 'read',
  write: 'write',
  delete: 'admin',
  configure: 'admin',
  // members, keys and products are managed by people, never by a key
  manage_members: null,
  manage_products: null,
};

export function scopesAllow(scopes: readonly ApiScope[], need: Permission): boolean {
  const scope = SCOPE[need];
  if (!scope) return false;
  // admin implies write implies read
  const rank = { read: 1, write: 2, admin: 3 } as const;
  return scopes.some((s) => rank[s] >= rank[scope]);
}
