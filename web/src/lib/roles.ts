import type { MemberRole } from '@baton/contracts';

// What the pages show or hide by role. The API decides (and refuses) on its own; this only avoids offering
// controls that would be refused. Mirrors packages/core/src/access/roles.ts.
const RANK: Record<MemberRole, number> = { viewer: 1, developer: 2, manager: 3, admin: 4, owner: 5 };

export const ROLES: MemberRole[] = ['owner', 'admin', 'manager', 'developer', 'viewer'];
export const ROLE_NAME: Record<MemberRole, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', developer: 'Developer', viewer: 'Viewer' };

export const atLeast = (role: MemberRole, min: MemberRole) => RANK[role] >= RANK[min];
/** The roles someone with `mine` may grant: their own and below. */
export const grantable = (mine: MemberRole) => ROLES.filter((r) => RANK[r] <= RANK[mine]);
