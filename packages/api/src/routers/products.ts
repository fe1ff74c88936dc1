import { Product, UpdateProductInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';
import { idempotent } from '../idempotent.ts';

export const productsRouter = router({
  list: authedProcedure.output(z.array(Product)).query(({ ctx }) => core.listProducts(ctx)),
  update: writeProcedure
    .input(UpdateProductInput)
    .output(Product)
    .mutation(idempotent('products.update', ({ ctx, input }) => core.updateProduct(ctx, input))),
});
