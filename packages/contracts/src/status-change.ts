import { z } from 'zod';
import { Actor } from './common.ts';

/** Why a claim ended: let go by its holder, run out, finished as done, or ended by someone else. */
export const ClaimEndReason = z.enum(['released', 'expired', 'completed', 'revoked']);
export type ClaimEndReason = z.infer<typeof ClaimEndReason>;

/**
 * A claim that a status change ended (docs/status-changes.md): only `in_progress` keeps a live claim, so moving
 * an item anywhere else ends it. Clients compare `fencingToken` with the lease they hold to know it was theirs.
 */
export const EndedClaim = z.object({
  reason: ClaimEndReason,
  holder: Actor.nullable(),
  fencingToken: z.number().int(),
  note: z.string().nullable(),
});
export type EndedClaim = z.infer<typeof EndedClaim>;
