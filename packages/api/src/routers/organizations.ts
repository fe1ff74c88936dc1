import { CreateOrganizationInput, CreateOrganizationResult } from '@baton/contracts';
import * as core from '@baton/core';
import { idempotent } from '../idempotent.ts';
import { router, writeProcedure } from '../trpc.ts';

export const organizationsRouter = router({
  /** Any signed-in person (not an API key) starts an organization with its first product and owns it. */
  create: writeProcedure
    .input(CreateOrganizationInput)
    .output(CreateOrganizationResult)
    .mutation(idempotent('organizations.create', ({ ctx, input }) => core.createOrganization(ctx, input))),
});
