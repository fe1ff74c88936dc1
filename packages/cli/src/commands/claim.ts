import { relative } from '../output/format.ts';
import { defineCommand } from './command.ts';
import { ttl, ttlOption } from './lease-options.ts';

export const claim = defineCommand({
  name: 'claim',
  args: ['<KEY>'],
  summary: 'Claim an item under a lease; its fencing token is saved for heartbeat, release and status.',
  options: {
    ttl: ttlOption,
    'take-over': { type: 'boolean', help: 'you already hold it (another terminal or a restarted agent): take a new fencing token; the old one stops working' },
  },
  async run(s, [key], values) {
    const ref = await s.itemRef(key!);
    const ttlSeconds = ttl(values, 'claim');
    const lease = await s.write((idempotencyKey) => s.api.claims.claim.mutate({ ...ref, ttlSeconds, takeOver: values['take-over'] === true || undefined, idempotencyKey }));
    await s.rememberLease(lease, ref.productId);
    s.out.result(
      lease,
      () =>
        `Claimed ${lease.itemKey} until ${lease.leaseExpiresAt.toISOString()} (${relative(lease.leaseExpiresAt, new Date())}); fencing token ${lease.fencingToken}.`,
    );
  },
});
