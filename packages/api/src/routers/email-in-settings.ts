import { EmailInSettingsView, Id, UpdateEmailInSettingsInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { idempotent } from '../idempotent.ts';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';

/** A product's email-in settings and address (docs/email-in.md): managers and up (admin keys) read and change them. */
export const emailInSettingsRouter = router({
  get: authedProcedure
    .input(z.strictObject({ productId: Id }))
    .output(EmailInSettingsView)
    .query(({ ctx, input }) => core.getEmailInSettings(ctx, input)),
  update: writeProcedure
    .input(UpdateEmailInSettingsInput)
    .output(EmailInSettingsView)
    .mutation(idempotent('emailInSettings.update', ({ ctx, input }) => core.updateEmailInSettings(ctx, input))),
});
