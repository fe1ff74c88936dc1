import { IdempotencyKey } from '@baton/contracts';
import type { z } from 'zod';

/**
 * A strict write input that also names `idempotencyKey`: tRPC hands every parser of a procedure the whole raw
 * input, so the key WriteMeta reads must not be refused as unknown by the write's own strict schema.
 */
export function withIdempotencyKey<T extends z.ZodRawShape>(schema: z.ZodObject<T, z.core.$strict>) {
  return schema.extend({ idempotencyKey: IdempotencyKey.optional() });
}
