import { CreateSavedViewInput, ListSavedViewsInput, SavedView, SavedViewPage, SavedViewRef, UpdateSavedViewInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { router, userProcedure } from '../trpc.ts';

// Saved views are people's sidebar entries: sessions only (core refuses API keys as well).
export const savedViewsRouter = router({
  list: userProcedure.input(ListSavedViewsInput).output(SavedViewPage).query(({ ctx, input }) => core.listSavedViews(ctx, input)),
  create: userProcedure.input(CreateSavedViewInput).output(SavedView).mutation(({ ctx, input }) => core.createSavedView(ctx, input)),
  update: userProcedure.input(UpdateSavedViewInput).output(SavedView).mutation(({ ctx, input }) => core.updateSavedView(ctx, input)),
  delete: userProcedure
    .input(SavedViewRef)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.deleteSavedView(ctx, input)),
});
