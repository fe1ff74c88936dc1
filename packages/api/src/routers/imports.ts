import { ImportInput, ImportOrigin, ImportPreview, ImportReport, ItemRef } from '@baton/contracts';
import * as core from '@baton/core';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

// Managers and up (admin-scoped keys) import; members read an item's origin. The preview writes nothing but is a
// mutation all the same: the file travels in the body (a query would put up to 900 KB in the URL).
export const importsRouter = router({
  preview: authedProcedure.input(ImportInput).output(ImportPreview).mutation(({ ctx, input }) => core.previewImport(ctx, input)),
  run: writeProcedure
    .input(ImportInput)
    .output(ImportReport)
    .mutation(idempotent('imports.run', ({ ctx, input }) => core.runImport(ctx, input))),
  origin: authedProcedure.input(ItemRef).output(ImportOrigin).query(({ ctx, input }) => core.importOrigin(ctx, input)),
});
