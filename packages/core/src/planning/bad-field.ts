import { DomainError } from '../errors.ts';

/** A BAD_INPUT naming one field, shaped like a zod issue so forms put it next to that field. */
export const badField = (field: string, reason: string) =>
  new DomainError('BAD_INPUT', `${field}: ${reason}`, { issues: [{ path: [field], message: reason }] });
