import { Id, Label, LabelInput, UpdateLabelInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';

export const labelsRouter = router({
  list: authedProcedure.input(z.strictObject({ productId: Id })).output(z.array(Label)).query(({ ctx, input }) => core.listLabels(ctx, input.productId)),
  create: authedProcedure.input(LabelInput).output(Label).mutation(({ ctx, input }) => core.createLabel(ctx, input)),
  update: authedProcedure.input(UpdateLabelInput).output(Label).mutation(({ ctx, input }) => core.updateLabel(ctx, input)),
  delete: authedProcedure
    .input(z.strictObject({ productId: Id, labelId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.deleteLabel(ctx, input)),
});
