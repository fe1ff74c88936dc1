import { describe, expect, it } from 'vitest';
import { refusedAddress } from './outbound-address.ts';
import { webhookEventsOf } from './produce-deliveries.ts';
import { signPayload } from './signature.ts';

describe('which activity is which webhook event', () => {
  const at = (action: string, after?: unknown, itemId: string | null = 'i1') => webhookEventsOf({ productId: 'p', itemId, action, after });
  it('maps each recorded action once', () => {
    expect(at('created', { title: 'x' })).toEqual(['item.created']);
    expect(at('created', { source: 'user_submitted' })).toEqual(['item.created', 'idea.submitted']);
    expect(at('updated')).toEqual(['item.updated']);
    expect(at('status_changed', 'in_progress')).toEqual(['item.status_changed']);
    for (const to of ['done', 'closed', 'wont_fix']) expect(at('status_changed', to)).toEqual(['item.status_changed', 'item.closed']);
    expect(at('status_changed', { status: 'done', publicStatus: 'done' })).toEqual(['item.status_changed', 'item.closed']);
    expect(at('commented')).toEqual(['comment.added']);
    expect(at('pr_linked')).toEqual(['pr.linked']);
    expect(at('pr_updated')).toEqual([]);
    expect(at('claimed')).toEqual(['claim.started']);
    for (const why of ['released', 'expired', 'completed', 'revoked']) expect(at(`claim_${why}`)).toEqual(['claim.ended']);
    expect(at('release_published', { id: 'r' }, null)).toEqual(['release.published']);
    expect(at('webhook_configured', {}, null)).toEqual([]);
    expect(at('updated', {}, null)).toEqual([]);
  });
});

describe('outbound addresses', () => {
  it('refuses private, loopback, link-local and reserved addresses unless allowed', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '10.1.2.3', '172.31.255.1', '192.168.0.1', '169.254.169.254', '100.64.1.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::5', '::ffff:10.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1']) {
      expect(refusedAddress(a, []), a).toMatch(/private, loopback or link-local/);
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111']) expect(refusedAddress(a, []), a).toBeNull();
    expect(refusedAddress('127.0.0.1', ['127.0.0.1'])).toBeNull();
    expect(refusedAddress('::ffff:127.0.0.1', ['127.0.0.1'])).toBeNull();
    expect(refusedAddress('10.9.8.7', ['10.0.0.0/8'])).toBeNull();
    expect(refusedAddress('10.9.8.7', ['10.0.0.0/16'])).not.toBeNull();
  });
});

describe('signatures', () => {
  it('matches the Standard Webhooks example', () => {
    // the spec's own test vector (standard-webhooks/libraries, simple signature test)
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signPayload(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
