// What each member role may do, written once: core enforces it, the web app uses it only to avoid offering
// controls the API would refuse. Types only from zod's side, so browser bundles take it without zod:
// `import { roleAllows } from '@baton/contracts/roles'`.
import type { MemberRole } from './enums.ts';

/** What a procedure needs; each maps to a minimum member role (and, in core, an API-key scope). */
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

/** Highest first, the order pickers list them in. */
export const MEMBER_ROLES = (Object.keys(ROLE_RANK) as MemberRole[]).sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a]);
export const ROLE_NAME: Record<MemberRole, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', developer: 'Developer', viewer: 'Viewer' };

export const roleRank = (role: MemberRole): number => ROLE_RANK[role];
export const roleAllows = (role: MemberRole, need: Permission): boolean => ROLE_RANK[role] >= ROLE_RANK[MIN_ROLE[need]];
/** A member grants, changes and removes only roles up to their own. */
export const mayGrantRole = (mine: MemberRole, role: MemberRole): boolean => ROLE_RANK[role] <= ROLE_RANK[mine];
/** The roles someone with `mine` may grant: their own and below, highest first. */
export const grantableRoles = (mine: MemberRole): MemberRole[] => MEMBER_ROLES.filter((r) => mayGrantRole(mine, r));
