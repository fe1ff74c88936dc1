import { CreateMilestoneInput, ListPlansInput, Milestone, MilestonePage, PlanRef, UpdateMilestoneInput } from '@baton/contracts';
import * as core from '@baton/core';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

// Members read; managers and up (admin-scoped keys) write.
export const milestonesRouter = router({
  list: authedProcedure.input(ListPlansInput).output(MilestonePage).query(({ ctx, input }) => core.listMilestones(ctx, input)),
  get: authedProcedure.input(PlanRef).output(Milestone).query(({ ctx, input }) => core.getMilestone(ctx, input)),
  create: writeProcedure
    .input(CreateMilestoneInput)
    .output(Milestone)
    .mutation(idempotent('milestones.create', ({ ctx, input }) => core.createMilestone(ctx, input))),
  update: writeProcedure
    .input(UpdateMilestoneInput)
    .output(Milestone)
    .mutation(idempotent('milestones.update', ({ ctx, input }) => core.updateMilestone(ctx, input))),
});
