import { Id, PublicSettings, UpdatePublicSettingsInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** A product's public-board settings: members read; managers and up (admin keys) change them. */
export const roadmapSettingsRouter = router({
  get: authedProcedure
    .input(z.strictObject({ productId: Id }))
    .output(PublicSettings)
    .query(({ ctx, input }) => core.getPublicSettings(ctx, input)),
  update: writeProcedure
    .input(UpdatePublicSettingsInput)
    .output(PublicSettings)
    .mutation(idempotent('roadmapSettings.update', ({ ctx, input }) => core.updatePublicSettings(ctx, input))),
});
