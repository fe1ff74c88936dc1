import { Attachment, Id, ItemRef } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

// Uploads and downloads are HTTP routes of the host (multipart streams); see backend/src/attachment-routes.ts.
export const attachmentsRouter = router({
  list: authedProcedure.input(ItemRef).output(z.array(Attachment)).query(({ ctx, input }) => core.listAttachments(ctx, input)),
  delete: writeProcedure
    .input(z.strictObject({ productId: Id, attachmentId: Id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(idempotent('attachments.delete', ({ ctx, input }) => core.deleteAttachment(ctx, input))),
});
