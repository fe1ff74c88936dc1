import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';

export const productsRouter = router({
  list: authedProcedure
    .output(z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), organizationId: z.string() })))
    .query(({ ctx }) => core.listProducts(ctx)),
});
