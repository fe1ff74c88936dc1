import type { ErrorCode } from '@baton/contracts';

/** An expected failure with a code; the api layer maps the code to tRPC/HTTP once. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (why: string) => new DomainError('FORBIDDEN', why);
/** A BAD_INPUT naming one field, shaped like a zod issue so forms put it next to that field. */
export const badField = (field: string, reason: string) =>
  new DomainError('BAD_INPUT', `${field}: ${reason}`, { issues: [{ path: [field], message: reason }] });
