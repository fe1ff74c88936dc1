import type { BatonErrorCode } from '@baton/client';

/** What went wrong in words a developer can act on, and the buttons that offer the way forward. */
export type Problem = { message: string; actions: ProblemAction[] };
export type ProblemAction = 'Sign In' | 'Open Settings' | 'Retry' | 'Open Item' | 'Claim Again';

type ErrorLike = { code: BatonErrorCode; message: string; details?: Record<string, unknown> | undefined };

function when(iso: unknown): string {
  const d = iso instanceof Date ? iso : typeof iso === 'string' ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? ` until ${d.toISOString().slice(11, 16)} UTC` : '';
}

/**
 * Turns a BatonError from any call into a message; `doing` says what the user asked for ("start work on BAT-4"),
 * `product` the key of the product the extension works in.
 */
export function describeError(e: ErrorLike, doing: string, serverUrl: string, product?: string): Problem {
  switch (e.code) {
    case 'PRODUCT_ARCHIVED':
      return {
        message: `Could not ${doing}: ${product ? `product ${product}` : 'the product'} is archived; it is read-only until an owner or admin unarchives it.`,
        actions: [],
      };
    case 'UNAVAILABLE':
      return {
        message: `Could not ${doing}: the Baton server at ${serverUrl} cannot be reached. Check the baton.serverUrl setting and your connection.`,
        actions: ['Retry', 'Open Settings'],
      };
    case 'UNAUTHENTICATED':
      return { message: `Could not ${doing}: your sign-in was revoked or has expired. Sign in again.`, actions: ['Sign In'] };
    case 'FORBIDDEN':
      return { message: `Could not ${doing}: you are not allowed to (${e.message}). An API key needs the write scope.`, actions: [] };
    case 'NOT_FOUND':
      return { message: `Could not ${doing}: it no longer exists, or you cannot see it.`, actions: [] };
    case 'CLAIM_CONFLICT': {
      const holder = (e.details?.holder as { name?: string } | undefined)?.name ?? 'someone else';
      return { message: `Could not ${doing}: ${holder} is working on it${when(e.details?.leaseExpiresAt)}.`, actions: ['Open Item'] };
    }
    case 'LEASE_EXPIRED':
      return { message: `Could not ${doing}: your claim ended (it expired or someone else took the item).`, actions: ['Claim Again', 'Open Item'] };
    case 'CONFLICT':
      return { message: `Could not ${doing}: it changed in the meantime. Reload and try again.`, actions: ['Retry'] };
    case 'INVALID_TRANSITION': {
      const allowed = Array.isArray(e.details?.allowed) ? ` (allowed: ${(e.details.allowed as string[]).join(', ')})` : '';
      return { message: `Could not ${doing}: ${e.message}${allowed}.`, actions: [] };
    }
    case 'RATE_LIMITED':
    case 'LOCKED':
      return { message: `Could not ${doing}: the server asks to slow down. Try again in a moment.`, actions: ['Retry'] };
    case 'BAD_INPUT':
    case 'BAD_QUERY': {
      const issues = (e.details?.issues as { path?: unknown[]; message?: string }[] | undefined) ?? [];
      const first = issues[0];
      const field = first?.path?.length ? `${first.path.join('.')} ` : '';
      return { message: `Could not ${doing}: ${first ? `${field}${first.message}` : e.message}.`, actions: [] };
    }
    default:
      return { message: `Could not ${doing}: ${e.message}`, actions: ['Retry'] };
  }
}
