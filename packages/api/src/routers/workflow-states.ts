import { CreateStateInput, DeleteStateInput, Id, RenameStateInput, ReorderStatesInput, WorkflowState } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';

/** A product's workflow states (docs/status-changes.md): anyone who reads it lists them; managers change them. */
export const workflowStatesRouter = router({
  list: authedProcedure.input(z.strictObject({ productId: Id })).output(z.array(WorkflowState)).query(({ ctx, input }) => core.listStates(ctx, input)),
  create: authedProcedure.input(CreateStateInput).output(WorkflowState).mutation(({ ctx, input }) => core.createState(ctx, input)),
  rename: authedProcedure.input(RenameStateInput).output(WorkflowState).mutation(({ ctx, input }) => core.renameState(ctx, input)),
  reorder: authedProcedure.input(ReorderStatesInput).output(z.array(WorkflowState)).mutation(({ ctx, input }) => core.reorderStates(ctx, input)),
  delete: authedProcedure
    .input(DeleteStateInput)
    .output(z.object({ ok: z.literal(true), moved: z.number().int() }))
    .mutation(({ ctx, input }) => core.deleteState(ctx, input)),
});
