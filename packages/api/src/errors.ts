import type { ErrorBody, ErrorCode } from '@baton/contracts';
import { DomainError } from '@baton/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

/** The one table from domain codes to tRPC codes (and through them to HTTP statuses). */
export const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: 'BAD_REQUEST',
  BAD_QUERY: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  MFA_REQUIRED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRODUCT_ARCHIVED: 'CONFLICT',
  CLAIM_CONFLICT: 'CONFLICT',
  // 409 as the IETF Idempotency-Key draft answers a retry racing its original (425 Too Early means replayed TLS early
  // data); the code, not the status, tells it from a version race, and Retry-After says when to send it again
  IN_PROGRESS: 'CONFLICT',
  LEASE_EXPIRED: 'PRECONDITION_FAILED',
  DEPENDENCY_CYCLE: 'UNPROCESSABLE_CONTENT',
  IDEMPOTENCY_MISMATCH: 'UNPROCESSABLE_CONTENT',
  INVALID_TRANSITION: 'UNPROCESSABLE_CONTENT',
  LOCKED: 'TOO_MANY_REQUESTS',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** One issue per field: an unknown key (strict inputs) is named as its own field, so the caller sees which to drop. */
const issuesOf = (e: ZodError) =>
  e.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [...i.path.map(String), k], message: 'is not a field of this input (unknown fields are refused, not ignored)' }))
      : [{ path: i.path.map(String), message: i.message }],
  );
const zodIssues = (e: ZodError) => issuesOf(e);
const zodMessage = (e: ZodError) => issuesOf(e).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');

/** Prisma/pg errors that mean "the database is not there", as opposed to a bug. */
function isOutage(e: unknown): boolean {
  const s = String((e as { code?: unknown })?.code ?? '') + ' ' + String((e as Error)?.message ?? '');
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|P1001|P1017|Can't reach database|connection closed|Closed/i.test(s);
}

/** The largest request body the API reads (the host enforces it, this module names it in the refusal). */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/** Turns whatever a procedure threw into the body clients see. Unknown errors stay opaque 500s. */
export function toErrorBody(error: TRPCError): ErrorBody | null {
  const cause = error.cause;
  if (cause instanceof DomainError) return { code: cause.code, message: cause.message, ...(cause.details && { details: cause.details }) };
  if (cause instanceof ZodError) return { code: 'BAD_INPUT', message: zodMessage(cause), details: { issues: zodIssues(cause) } };
  if (error.code === 'BAD_REQUEST' && cause instanceof SyntaxError) return { code: 'BAD_INPUT', message: `The request body is not valid JSON: ${cause.message}` };
  if (error.code === 'BAD_REQUEST') return { code: 'BAD_INPUT', message: error.message };
  // tRPC's own body limit (backend/src/trpc-handler.ts); domain limits carry their DomainError above
  if (error.code === 'PAYLOAD_TOO_LARGE') return { code: 'PAYLOAD_TOO_LARGE', message: `The request body is over the ${API_BODY_LIMIT_BYTES / 1024 / 1024} MB limit` };
  return null;
}

/** Middleware body: rethrows domain failures as TRPCErrors with the mapped code. */
export function mapError(e: unknown): never {
  if (e instanceof TRPCError) throw e;
  if (e instanceof DomainError) throw new TRPCError({ code: TRPC_CODE[e.code], message: e.message, cause: e });
  if (e instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message: zodMessage(e), cause: e });
  const prismaCode = (e as { code?: string })?.code;
  if (prismaCode === 'P2002') throw new TRPCError({ code: 'CONFLICT', message: 'That already exists', cause: new DomainError('CONFLICT', 'That already exists') });
  if (prismaCode === 'P2025') throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found', cause: new DomainError('NOT_FOUND', 'Not found') });
  // P2028: no connection came free for a transaction in time (overload): the caller should retry, not see a 500
  if (prismaCode === 'P2028') {
    const busy = new DomainError('UNAVAILABLE', 'The database is busy; retry shortly', { retryAfterSeconds: 1 });
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: busy.message, cause: busy });
  }
  if (isOutage(e)) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause: new DomainError('UNAVAILABLE', 'The database is unavailable; try again shortly') });
  throw e;
}
