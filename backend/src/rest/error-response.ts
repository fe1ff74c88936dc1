import { toErrorBody } from '@baton/api';
import type { ErrorBody } from '@baton/contracts';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';

/** The REST error envelope. `code` is a Baton error code, or INTERNAL for failures that are not ours to explain. */
export const RestError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type RestError = z.infer<typeof RestError>;

/**
 * What a failed call answers over REST: the status comes from the same table as /trpc (domain code -> tRPC
 * code in packages/api/src/errors.ts, then tRPC's own HTTP mapping). Unknown failures stay opaque 500s.
 */
export function restError(e: unknown): { status: number; body: RestError; internal: boolean } {
  if (e instanceof TRPCError) {
    const baton: ErrorBody | null = toErrorBody(e);
    if (baton) return { status: getHTTPStatusCodeFromError(e), body: { error: baton }, internal: false };
    if (e.code === 'NOT_FOUND') return { status: 404, body: { error: { code: 'NOT_FOUND', message: e.message } }, internal: false };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } }, internal: true };
}

/** A failure raised by REST itself (before any procedure runs), in the same envelope. */
export const restFailure = (code: ErrorBody['code'], message: string, details?: Record<string, unknown>): RestError => ({
  error: { code, message, ...(details && { details }) },
});
