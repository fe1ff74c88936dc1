import { AcceptedInvitation, CreatedInvitation, CreateInvitationInput, Id, Invitation, InvitationPreview, InvitationToken, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { publicProcedure, router, userProcedure } from '../trpc.ts';

export const invitationsRouter = router({
  create: userProcedure.input(CreateInvitationInput).output(CreatedInvitation).mutation(({ ctx, input }) => core.createInvitation(ctx, input)),
  list: userProcedure
    .input(z.strictObject({ organizationId: Id, cursor: token().max(64).optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .output(z.object({ items: z.array(Invitation), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => core.listInvitations(ctx, input)),
  revoke: userProcedure
    .input(z.strictObject({ organizationId: Id, invitationId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.revokeInvitation(ctx, input)),
  /** The accept page shows this before sign-in; the token is 256 random bits, so it is public (and rate-limited). */
  preview: publicProcedure.input(z.strictObject({ token: InvitationToken })).output(InvitationPreview).query(({ ctx, input }) => core.previewInvitation(ctx, input.token)),
  accept: userProcedure.input(z.strictObject({ token: InvitationToken })).output(AcceptedInvitation).mutation(({ ctx, input }) => core.acceptInvitation(ctx, input.token)),
});
