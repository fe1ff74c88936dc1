import { CreateCustomFieldInput, CustomField, Id, UpdateCustomFieldInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';

export const customFieldsRouter = router({
  list: authedProcedure.input(z.strictObject({ productId: Id })).output(z.array(CustomField)).query(({ ctx, input }) => core.listCustomFields(ctx, input)),
  create: authedProcedure.input(CreateCustomFieldInput).output(CustomField).mutation(({ ctx, input }) => core.createCustomField(ctx, input)),
  update: authedProcedure.input(UpdateCustomFieldInput).output(CustomField).mutation(({ ctx, input }) => core.updateCustomField(ctx, input)),
  delete: authedProcedure
    .input(z.strictObject({ productId: Id, fieldId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.deleteCustomField(ctx, input)),
});
