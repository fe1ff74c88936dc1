import { Id, MemberRole, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { router, userProcedure } from '../trpc.ts';

const Member = z.object({ membershipId: z.string(), id: z.string(), name: z.string(), email: z.string(), role: MemberRole, joinedAt: z.date() });

export const membersRouter = router({
  list: userProcedure
    .input(z.strictObject({ organizationId: Id, cursor: token().max(64).optional(), limit: z.number().int().min(1).max(200).default(100) }))
    .output(z.object({ items: z.array(Member), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => core.listMembers(ctx, input)),
  setRole: userProcedure.input(z.strictObject({ organizationId: Id, userId: Id, role: MemberRole })).output(Member).mutation(({ ctx, input }) => core.setMemberRole(ctx, input)),
  remove: userProcedure
    .input(z.strictObject({ organizationId: Id, userId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.removeMember(ctx, input)),
});
