import { relative } from '../output/format.ts';
import { defineCommand } from './command.ts';
import { fencingOption, fencingToken, forgetIfLost, ttl, ttlOption } from './lease-options.ts';

export const heartbeat = defineCommand({
  name: 'heartbeat',
  args: ['<KEY>'],
  summary: 'Extend your lease on an item.',
  options: { ttl: ttlOption, 'fencing-token': fencingOption },
  async run(s, [key], values) {
    const ref = await s.itemRef(key!);
    const ttlSeconds = ttl(values, 'heartbeat');
    const token = (await fencingToken(s, ref.ref, values, 'heartbeat', true))!;
    const lease = await forgetIfLost(
      s,
      ref.ref,
      token,
      s.write((idempotencyKey) => s.api.claims.heartbeat.mutate({ ...ref, fencingToken: token, ttlSeconds, idempotencyKey })),
    );
    await s.rememberLease(lease, ref.productId);
    s.out.result(
      lease,
      () => `Lease on ${lease.itemKey} extended to ${lease.leaseExpiresAt.toISOString()} (${relative(lease.leaseExpiresAt, new Date())}).`,
    );
  },
});
