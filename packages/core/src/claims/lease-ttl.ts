import { TTL_BOUNDS } from '@baton/contracts';

/**
 * When a lease taken or renewed `now` ends: the caller's TTL (validated at the edge) or the product's default.
 * The default is clamped to TTL_BOUNDS too, so a product configured out of range still gets a sane lease.
 */
export function leaseExpiry(now: Date, productDefaultSeconds: number, requestedSeconds?: number): Date {
  const seconds = requestedSeconds ?? Math.min(TTL_BOUNDS.max, Math.max(TTL_BOUNDS.min, productDefaultSeconds));
  return new Date(now.getTime() + seconds * 1000);
}
