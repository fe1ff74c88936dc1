import { TRPC_CODE, toErrorBody } from '@baton/api';
import type { ErrorBody, ErrorCode } from '@baton/contracts';
import { DomainError } from '@baton/core';
import { expect } from 'vitest';

type TRPCErrorLike = Parameters<typeof toErrorBody>[0];

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) return expect.unreachable(`expected a rejection, but the call returned ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/**
 * Awaits a call that must fail with a domain error `code` and returns the DomainError for further checks.
 * Through the tRPC caller it arrives as a TRPCError (with the mapped tRPC code) whose cause is the DomainError;
 * core functions called directly throw the DomainError itself.
 */
export async function expectDomainError(promise: Promise<unknown>, code: ErrorCode): Promise<DomainError> {
  const error = await rejectionOf(promise);
  if (error instanceof DomainError) {
    expect(error.code, error.message).toBe(code);
    return error;
  }
  expect((error as Error)?.name, String(error)).toBe('TRPCError');
  const cause = (error as { cause?: unknown }).cause;
  expect(cause, `cause of ${String(error)}`).toBeInstanceOf(DomainError);
  const domain = cause as DomainError;
  expect(domain.code, domain.message).toBe(code);
  expect((error as { code: string }).code).toBe(TRPC_CODE[code]);
  return domain;
}

/**
 * Awaits a call whose input fails validation: a BAD_REQUEST TRPCError from the zod schema whose message names
 * `field`, and which clients see as BAD_INPUT. Returns the client-facing body.
 */
export async function expectInputError(promise: Promise<unknown>, field: string): Promise<ErrorBody> {
  const error = await rejectionOf(promise);
  expect((error as Error)?.name, String(error)).toBe('TRPCError');
  expect((error as { code: string }).code).toBe('BAD_REQUEST');
  expect((error as Error).message).toContain(`${field}:`);
  const body = toErrorBody(error as TRPCErrorLike);
  expect(body?.code).toBe('BAD_INPUT');
  return body!;
}
