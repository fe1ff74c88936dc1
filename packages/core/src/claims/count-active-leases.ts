import type { Deps } from '../deps.ts';

/**
 * Claims holding a live lease now (not ended, lease not yet past): what /metrics reports as active leases. Uses the
 * sweeper's index (endedAt, leaseExpiresAt); a lease past its time counts as gone even before the sweeper ends it.
 */
export function countActiveLeases(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.claim.count({ where: { endedAt: null, leaseExpiresAt: { gt: deps.clock() } } });
}
