import { CreateApiKeyInput } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { ipAllowed } from './ip-allowlist.ts';

describe('IP allowlists', () => {
  it('matches addresses and CIDR ranges of both families', () => {
    expect(ipAllowed('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('192.168.1.1', ['10.0.0.0/8', '192.168.1.1'])).toBe(true);
    expect(ipAllowed('192.168.1.2', ['10.0.0.0/8', '192.168.1.1'])).toBe(false);
    expect(ipAllowed('2001:db8::1', ['2001:db8::/32'])).toBe(true);
    expect(ipAllowed(null, ['10.0.0.0/8'])).toBe(false);
  });

  it('refuses a prefix longer than its family at the edge, and ignores one already stored', () => {
    const base = { organizationId: 'org', name: 'k', role: 'agent' as const, scopes: ['read' as const] };
    const bad = CreateApiKeyInput.safeParse({ ...base, ipAllowlist: ['10.0.0.0/99'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/32 for IPv4/);
    expect(CreateApiKeyInput.safeParse({ ...base, ipAllowlist: ['2001:db8::/64'] }).success).toBe(true);
    expect(ipAllowed('10.1.2.3', ['10.0.0.0/99'])).toBe(false);
  });
});
