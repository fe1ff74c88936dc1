import { ApiScope, MemberRole } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { roleAllows, roleRank, scopesAllow, type Permission } from './roles.ts';

const PERMISSIONS: Permission[] = ['read', 'write', 'delete', 'configure', 'manage_members'];

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
      admin: ['read', 'write', 'delete', 'configure', 'manage_members'],
      owner: ['read', 'write', 'delete', 'configure', 'manage_members'],
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

describe('API-key scopes', () => {
  it('lets read < write < admin imply each other upward', () => {
    const table = Object.fromEntries(ApiScope.options.map((s) => [s, PERMISSIONS.filter((p) => scopesAllow([s], p))]));
    expect(table).toEqual({
      read: ['read'],
      write: ['read', 'write'],
      admin: ['read', 'write', 'delete', 'configure'],
    });
  });

  it('never lets a key manage members or keys, whatever its scopes', () => {
    expect(scopesAllow(['read', 'write', 'admin'], 'manage_members')).toBe(false);
  });

  it('uses the strongest of several scopes, and allows nothing without one', () => {
    expect(scopesAllow(['read', 'admin'], 'delete')).toBe(true);
    expect(scopesAllow(['read', 'read'], 'write')).toBe(false);
    for (const p of PERMISSIONS) expect(scopesAllow([], p)).toBe(false);
  });
});
