import { TRPCError } from '@trpc/server';
import superjson from 'superjson';

const ENVELOPE_KEYS = new Set(['json', 'meta']);
const ENVELOPE_HINT = 'send {"json": <input>} (superjson adds "meta" for dates; the typed client in packages/client does both)';

/**
 * superjson, with its input read defensively: tRPC deserializes the body before any procedure runs, so a throw
 * here would be a 500. Inputs that are not a superjson envelope (`null`, an array, a bare input object) and
 * envelopes whose `meta` superjson cannot apply (an unknown type, a path that is not there) are a 400 that says
 * what to send. Without this, a bare `{"productId": ...}` was read as "no input" and answered misleadingly.
 */
export const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (value: unknown): unknown => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `The input is not a superjson envelope: ${ENVELOPE_HINT}` });
      }
      const unknown = Object.keys(value).filter((k) => !ENVELOPE_KEYS.has(k));
      if (unknown.length) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `The input is not a superjson envelope (it has ${unknown.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')} beside "json"): ${ENVELOPE_HINT}`,
        });
      }
      try {
        return superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]);
      } catch (e) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `The input's superjson "meta" cannot be applied (${(e as Error).message}): ${ENVELOPE_HINT}` });
      }
    },
  },
  output: superjson,
};
