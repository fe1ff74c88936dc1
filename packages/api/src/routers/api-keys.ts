import { ApiKeyInfo, CreateApiKeyInput, CreatedApiKey, Id, RotateApiKeyInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { router, userProcedure } from '../trpc.ts';

export const apiKeysRouter = router({
  create: userProcedure.input(CreateApiKeyInput).output(CreatedApiKey).mutation(({ ctx, input }) => core.createApiKey(ctx, input)),
  list: userProcedure.input(z.strictObject({ organizationId: Id })).output(z.array(ApiKeyInfo)).query(({ ctx, input }) => core.listApiKeys(ctx, input)),
  revoke: userProcedure.input(z.strictObject({ id: Id })).output(ApiKeyInfo).mutation(({ ctx, input }) => core.revokeApiKey(ctx, input)),
  rotate: userProcedure.input(RotateApiKeyInput).output(CreatedApiKey).mutation(({ ctx, input }) => core.rotateApiKey(ctx, input)),
});
