import {
  CloseSprintInput, CloseSprintResult, CreateSprintInput, ListPlansInput, PlanItemPage, PlanItemsInput, PlanRef, Sprint, SprintPage,
  UpdateSprintInput, VelocityInput, VelocityPoint,
} from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

// Members read; managers and up (admin-scoped keys) write. Items join a sprint through items.update (sprintId).
export const sprintsRouter = router({
  list: authedProcedure.input(ListPlansInput).output(SprintPage).query(({ ctx, input }) => core.listSprints(ctx, input)),
  get: authedProcedure.input(PlanRef).output(Sprint).query(({ ctx, input }) => core.getSprint(ctx, input)),
  items: authedProcedure.input(PlanItemsInput).output(PlanItemPage).query(({ ctx, input }) => core.listPlanItems(ctx, input)),
  velocity: authedProcedure.input(VelocityInput).output(z.array(VelocityPoint)).query(({ ctx, input }) => core.sprintVelocity(ctx, input)),
  create: writeProcedure
    .input(CreateSprintInput)
    .output(Sprint)
    .mutation(idempotent('sprints.create', ({ ctx, input }) => core.createSprint(ctx, input))),
  update: writeProcedure
    .input(UpdateSprintInput)
    .output(Sprint)
    .mutation(idempotent('sprints.update', ({ ctx, input }) => core.updateSprint(ctx, input))),
  close: writeProcedure
    .input(CloseSprintInput)
    .output(CloseSprintResult)
    .mutation(idempotent('sprints.close', ({ ctx, input }) => core.closeSprint(ctx, input))),
});
