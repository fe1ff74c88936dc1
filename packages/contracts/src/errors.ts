import { z } from 'zod';

/**
 * Every expected failure has one of these codes. The api package maps each to a tRPC code and an HTTP status
 * in one table; clients switch on `code`, never on message text.
 */
export const ErrorCode = z.enum([
  'BAD_INPUT', // a field is malformed (details.issues names field and reason)
  'BAD_QUERY', // the query language could not be parsed (details: position, token)
  'UNAUTHENTICATED', // no or invalid credentials
  'MFA_REQUIRED', // password accepted, the TOTP step is still due
  'FORBIDDEN', // authenticated but the role or scope does not allow it
  'NOT_FOUND', // missing, deleted, or in another organization (indistinguishable on purpose)
  'CONFLICT', // stale expectedVersion, duplicate, or a race lost
  'PRODUCT_ARCHIVED', // the product is archived: it is read-only until an owner or admin unarchives it
  'CLAIM_CONFLICT', // the item is claimed by someone else (details: holder, leaseExpiresAt)
  'LEASE_EXPIRED', // the caller's lease ended or its fencing token is stale; claim again
  'DEPENDENCY_CYCLE', // a blocks link would close a cycle (details.cycle names the keys)
  'IDEMPOTENCY_MISMATCH', // an idempotency key was reused with a different request
  'IN_PROGRESS', // a request with this idempotency key is still running; retry the same call after details.retryAfterSeconds
  'INVALID_TRANSITION', // the status transition table does not allow this move
  'LOCKED', // too many failed logins; retry after details.retryAfterSeconds
  'RATE_LIMITED', // too many requests; retry after details.retryAfterSeconds
  'PAYLOAD_TOO_LARGE', // text or an upload over its limit
  'UNSUPPORTED_MEDIA_TYPE', // a body or an upload of a type that is not accepted (details.allowed)
  'METHOD_NOT_ALLOWED', // the address exists, the HTTP method does not (the Allow header lists those it has)
  'UNAVAILABLE', // the database is unreachable
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The shape clients see under `error.data.baton` for every domain error. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
