import { IdempotencyKey } from '@baton/contracts';
import { runIdempotent, type Principal } from '@baton/core';
import superjson from 'superjson';
import { z } from 'zod';
import type { Context } from './context.ts';

/**
 * Merged into every write's input (tRPC input chaining): `idempotencyKey` is optional everywhere. It is the one
 * loose object among the inputs: it picks its key out of the whole input, then `withoutWriteMeta` (trpc.ts) hides
 * the key from the write's own schema, which is strict.
 */
export const WriteMeta = z.object({ idempotencyKey: IdempotencyKey.optional() });

const callerId = (p: Principal) => (p.kind === 'user' ? `user:${p.userId}` : `key:${p.apiKeyId}`);

/**
 * Wraps a mutation resolver so a call carrying `idempotencyKey` runs once per caller and key; retries get the
 * first result (Dates and all, via superjson). Without a key the resolver simply runs.
 */
export function idempotent<I extends { idempotencyKey?: string | undefined }, C extends Context & { principal: Principal }, O>(
  path: string,
  resolve: (opts: { ctx: C; input: I }) => Promise<O>,
) {
  return async (opts: { ctx: C; input: I }): Promise<O> => {
    const { idempotencyKey, ...request } = opts.input;
    // core sees the write's own input: it may parse it again with the same strict schema
    const own = { ...opts, input: request as I };
    if (!idempotencyKey) return resolve(own);
    return runIdempotent(
      opts.ctx,
      { callerId: callerId(opts.ctx.principal), key: idempotencyKey, request: { path, request } },
      { serialize: (v) => superjson.serialize(v), deserialize: (s) => superjson.deserialize(s as never) },
      () => resolve(own),
    );
  };
}
