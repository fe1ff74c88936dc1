import { TTL_BOUNDS } from '@baton/contracts';
import type { Principal } from '../deps.ts';

/** What a product says about leases: a person's default, and an API key's. */
export type LeaseDefaults = { claimTtlSeconds: number; agentClaimTtlSeconds: number };
export const leaseDefaultsSelect = { claimTtlSeconds: true, agentClaimTtlSeconds: true } as const;

/**
 * The lease a claim or heartbeat gets when the call names none. A person's is the product's claimTtlSeconds (30
 * minutes by default: an editor's heartbeat may pause with a sleeping laptop). An API key's is the key's own
 * claimTtlSeconds, else the product's agentClaimTtlSeconds (5 minutes by default): an agent that crashed strands
 * its item that long at most, while a live one heartbeats every third of it. See docs/queue-and-leases.md.
 */
export function defaultLeaseSeconds(p: Principal, product: LeaseDefaults): number {
  if (p.kind === 'agent') return p.claimTtlSeconds ?? product.agentClaimTtlSeconds;
  return product.claimTtlSeconds;
}

/**
 * When a lease taken or renewed `now` ends: the caller's TTL (validated at the edge) or the default above.
 * The default is clamped to TTL_BOUNDS too, so a product configured out of range still gets a sane lease.
 */
export function leaseExpiry(now: Date, p: Principal, product: LeaseDefaults, requestedSeconds?: number): Date {
  const seconds = requestedSeconds ?? Math.min(TTL_BOUNDS.max, Math.max(TTL_BOUNDS.min, defaultLeaseSeconds(p, product)));
  return new Date(now.getTime() + seconds * 1000);
}
