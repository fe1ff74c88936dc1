import type { Principal } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { holderOf, isHeldBy, type ClaimRow } from './claim-select.ts';

/** Someone holds a live lease on the item (possibly the caller itself: a second claim never gets a second token). */
export function claimConflict(claim: ClaimRow, p: Principal): DomainError {
  const holder = holderOf(claim);
  const heldByYou = isHeldBy(claim, p);
  const until = claim.leaseExpiresAt.toISOString();
  const message = heldByYou
    ? `You already hold this item's claim until ${until}; heartbeat with your fencing token or release it`
    : `This item is claimed by ${holder?.name ?? 'someone'} until ${until}`;
  return new DomainError('CLAIM_CONFLICT', message, { holder, leaseExpiresAt: claim.leaseExpiresAt, heldByYou });
}

export type LeaseLoss = 'expired' | 'stale_token' | 'not_claimed';

/** The caller's lease is gone (ran out, was released or taken over): claim again. */
export function leaseExpired(why: LeaseLoss): DomainError {
  const message = {
    expired: 'Your lease has expired; claim the item again',
    stale_token: 'Your fencing token is not the current one: the lease was released or taken over; claim the item again',
    not_claimed: 'The item has no active claim; claim it again',
  }[why];
  return new DomainError('LEASE_EXPIRED', message, { reason: why });
}
