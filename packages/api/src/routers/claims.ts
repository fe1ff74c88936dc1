import { ActiveClaim, ActiveClaimsInput, ClaimInput, ClaimRecord, Cursor, HeartbeatInput, ItemRef, Lease, Limit, page, ReleaseInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

export const claimsRouter = router({
  claim: writeProcedure
    .input(ClaimInput)
    .output(Lease)
    .mutation(idempotent('claims.claim', ({ ctx, input }) => core.claimItem(ctx, input))),
  heartbeat: writeProcedure
    .input(HeartbeatInput)
    .output(Lease)
    .mutation(idempotent('claims.heartbeat', ({ ctx, input }) => core.heartbeat(ctx, input))),
  release: writeProcedure
    .input(ReleaseInput)
    .output(ClaimRecord)
    .mutation(idempotent('claims.release', ({ ctx, input }) => core.releaseClaim(ctx, input))),
  history: authedProcedure
    .input(ItemRef.extend({ cursor: Cursor, limit: Limit }))
    .output(page(ClaimRecord))
    .query(({ ctx, input }) => core.listClaims(ctx, input)),
  /** who holds which of these items now (up to 100 ids): one call for a whole list */
  active: authedProcedure
    .input(ActiveClaimsInput)
    .output(z.array(ActiveClaim))
    .query(({ ctx, input }) => core.listActiveClaims(ctx, input)),
});
