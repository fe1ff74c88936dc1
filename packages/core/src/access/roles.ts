import type { ApiScope, MemberRole } from '@baton/contracts';

/** What a procedure needs; each maps to a minimum member role and an API-key scope. */
export type Permission = 'read' | 'write' | 'delete' | 'configure' | 'manage_members' | 'manage_products';

const ROLE_RANK: Record<MemberRole, number> = { viewer: 1, developer: 2, manager: 3, admin: 4, owner: 5 };

const MIN_ROLE: Record<Permission, MemberRole> = {
  read: 'viewer',
  write: 'developer',
  delete: 'manager',
  configure: 'manager',
  manage_members: 'admin',
  // creating, archiving and unarchiving products
  manage_products: 'admin',
};

const SCOPE: Record<Permission, ApiScope | null> = {
  read: 'read',
  write: 'write',
  delete: 'admin',
  configure: 'admin',
  // members, keys and products are managed by people, never by a key
  manage_members: null,
  manage_products: null,
};

export const roleAllows = (role: MemberRole, need: Permission) => ROLE_RANK[role] >= ROLE_RANK[MIN_ROLE[need]];
export const roleRank = (role: MemberRole) => ROLE_RANK[role];

export function scopesAllow(scopes: readonly ApiScope[], need: Permission): boolean {
  const scope = SCOPE[need];
  if (!scope) return false;
  // admin implies write implies read
  const rank = { read: 1, write: 2, admin: 3 } as const;
  return scopes.some((s) => rank[s] >= rank[scope]);
}
