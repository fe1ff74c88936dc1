import { ApiScope, type Permission } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { scopesAllow } from './roles.ts';

const PERMISSIONS: Permission[] = ['read', 'write', 'delete', 'configure', 'manage_members', 'manage_products'];

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
