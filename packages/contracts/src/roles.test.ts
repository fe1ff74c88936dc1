import { describe, expect, it } from 'vitest';
import { MemberRole } from './enums.ts';
import { grantableRoles, MEMBER_ROLES, mayGrantRole, roleAllows, roleRank, ROLE_NAME, type Permission } from './roles.ts';

const PERMISSIONS: Permission[] = ['read', 'write', 'delete', 'configure', 'manage_members', 'manage_products'];

describe('member roles', () => {
  it('ranks owner > admin > manager > developer > viewer', () => {
    const ranked = [...MemberRole.options].sort((a, b) => roleRank(b) - roleRank(a));
    expect(ranked).toEqual(['owner', 'admin', 'manager', 'developer', 'viewer']);
    expect(new Set(MemberRole.options.map(roleRank)).size).toBe(MemberRole.options.length);
  });

  it('grants each permission from its minimum role up', () => {
    const table = Object.fromEntries(MemberRole.options.map((role) => [role, PERMISSIONS.filter((p) => roleAllows(role, p))]));
    expect(table).toEqual({
      viewer: ['read'],
      developer: ['read', 'write'],
      manager: ['read', 'write', 'delete', 'configure'],
      admin: ['read', 'write', 'delete', 'configure', 'manage_members', 'manage_products'],
      owner: ['read', 'write', 'delete', 'configure', 'manage_members', 'manage_products'],
    });
  });

  it('never grants a lower role something a higher one lacks', () => {
    for (const p of PERMISSIONS) {
      for (const low of MemberRole.options) {
        for (const high of MemberRole.options) {
          if (roleRank(high) > roleRank(low) && roleAllows(low, p)) expect(roleAllows(high, p), `${high} ${p}`).toBe(true);
        }
      }
    }
  });
});

describe('granting roles', () => {
  it('lists every role once, highest first, each with a name', () => {
    expect(MEMBER_ROLES).toEqual(['owner', 'admin', 'manager', 'developer', 'viewer']);
    expect([...MEMBER_ROLES].sort()).toEqual([...MemberRole.options].sort());
    expect(MEMBER_ROLES.map((r) => ROLE_NAME[r])).toEqual(['Owner', 'Admin', 'Manager', 'Developer', 'Viewer']);
  });

  it('lets a member grant their own role and those below, never above', () => {
    expect(grantableRoles('admin')).toEqual(['admin', 'manager', 'developer', 'viewer']);
    expect(grantableRoles('viewer')).toEqual(['viewer']);
    expect(grantableRoles('owner')).toEqual(MEMBER_ROLES);
    expect(mayGrantRole('manager', 'admin')).toBe(false);
    expect(mayGrantRole('manager', 'manager')).toBe(true);
  });
});
