import { CreateProductInput, GetProductInput, KeyAvailability, KeyAvailabilityInput, ListProductsInput, Product, ProductIdInput, UpdateProductInput } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc.ts';
import { idempotent } from '../idempotent.ts';

export const productsRouter = router({
  list: authedProcedure.input(ListProductsInput).output(z.array(Product)).query(({ ctx, input }) => core.listProducts(ctx, input)),
  /** For forms: whether a key has the right format and is free on this server (creating checks again). */
  checkKey: authedProcedure.input(KeyAvailabilityInput).output(KeyAvailability).query(({ ctx, input }) => core.checkProductKey(ctx, input.key)),
  create: writeProcedure
    .input(CreateProductInput)
    .output(Product)
    .mutation(idempotent('products.create', ({ ctx, input }) => core.createProduct(ctx, input))),
  /** one product by key or id: how the CLI, the MCP server and the extension check the product they were given */
  get: authedProcedure.input(GetProductInput).output(Product).query(({ ctx, input }) => core.getProduct(ctx, input)),
  update: writeProcedure
    .input(UpdateProductInput)
    .output(Product)
    .mutation(idempotent('products.update', ({ ctx, input }) => core.updateProduct(ctx, input))),
  archive: writeProcedure
    .input(ProductIdInput)
    .output(Product)
    .mutation(idempotent('products.archive', ({ ctx, input }) => core.archiveProduct(ctx, input))),
  unarchive: writeProcedure
    .input(ProductIdInput)
    .output(Product)
    .mutation(idempotent('products.unarchive', ({ ctx, input }) => core.unarchiveProduct(ctx, input))),
});
