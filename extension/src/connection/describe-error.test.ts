import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.ts';
import { pickProduct } from './identity.ts';
import { parsePrUrl } from '../commands/pr-url.ts';

const url = 'https://baton.example.com';

describe('describeError', () => {
  it('gives each failure a way forward', () => {
    expect(describeError({ code: 'UNAVAILABLE', message: 'fetch failed' }, 'load the items', url)).toEqual({
      message: 'Could not load the items: the Baton server at https://baton.example.com cannot be reached. Check the baton.serverUrl setting and your connection.',
      actions: ['Retry', 'Open Settings'],
    });
    expect(describeError({ code: 'UNAUTHENTICATED', message: 'x' }, 'sign in', url).actions).toEqual(['Sign In']);
    const held = describeError(
      { code: 'CLAIM_CONFLICT', message: 'x', details: { holder: { name: 'Pat Manager' }, leaseExpiresAt: '2026-01-01T10:30:00.000Z' } },
      'start work on BAT-4',
      url,
    );
    expect(held.message).toBe('Could not start work on BAT-4: Pat Manager is working on it until 10:30 UTC.');
    expect(describeError({ code: 'LEASE_EXPIRED', message: 'x' }, 'link the PR', url).actions).toEqual(['Claim Again', 'Open Item']);
    expect(
      describeError({ code: 'BAD_INPUT', message: 'x', details: { issues: [{ path: ['title'], message: 'is required' }] } }, 'create the item', url).message,
    ).toBe('Could not create the item: title is required.');
  });

  it('says an archived product is read-only, naming it, with no button that could not help', () => {
    const archived = { code: 'PRODUCT_ARCHIVED' as const, message: 'Shop (BAT) is archived and read-only' };
    expect(describeError(archived, 'start work on BAT-4', url, 'BAT')).toEqual({
      message: 'Could not start work on BAT-4: product BAT is archived; it is read-only until an owner or admin unarchives it.',
      actions: [],
    });
    expect(describeError(archived, 'comment', url).message).toMatch(/: the product is archived; it is read-only/);
  });
});

describe('pickProduct', () => {
  const p = (key: string) => ({ id: key.toLowerCase(), key, name: key, organizationId: 'o', claimTtlSeconds: 1800, agentClaimTtlSeconds: 300, estimateUnit: 'points' as const, archivedAt: null });
  it('takes the only product, else asks (a configured one is resolved by the server)', () => {
    expect(pickProduct([p('BAT')]).key).toBe('BAT');
    expect(() => pickProduct([p('BAT'), p('WEB')])).toThrow('Choose the product');
    expect(() => pickProduct([])).toThrow(/cannot see any product/);
  });
});

describe('parsePrUrl', () => {
  it('reads the number of GitHub, GitLab and Gitea URLs and refuses what is not a URL', () => {
    expect(parsePrUrl(' https://github.com/o/r/pull/42 ')).toEqual({ url: 'https://github.com/o/r/pull/42', number: 42 });
    expect(parsePrUrl('https://gitlab.com/g/s/r/-/merge_requests/7')).toMatchObject({ number: 7 });
    expect(parsePrUrl('https://gitea.io/o/r/pulls/3#x')).toMatchObject({ number: 3 });
    expect(parsePrUrl('javascript:alert(1)')).toHaveProperty('error');
    expect(parsePrUrl('#42')).toHaveProperty('error');
  });
});
