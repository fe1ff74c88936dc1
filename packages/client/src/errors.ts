import type { ErrorBody, ErrorCode } from '@baton/contracts';
import { TRPCClientError } from '@trpc/client';

/** The domain error behind a failed call: `{ code, message, details }`, or null for transport failures. */
export function errorOf(e: unknown): ErrorBody | null {
  if (!(e instanceof TRPCClientError)) return null;
  const baton = (e.data as { baton?: ErrorBody } | undefined)?.baton;
  return baton ?? null;
}

/** What a failed fetch says about the network, in words ("connection refused"), rather than fetch's "fetch failed". */
function networkReason(e: Error): string {
  const codes: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed',
  };
  let deepest = e.message;
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && codes[code]) return codes[code];
    const message = (c as { message?: unknown }).message;
    if (typeof message === 'string' && message) deepest = message;
  }
  return deepest === 'fetch failed' ? 'no answer' : deepest;
}

/** The server's domain codes, plus INTERNAL: a failure the server did not explain (a bug on its side). */
export type BatonErrorCode = ErrorCode | 'INTERNAL';

// failures that carry no domain body: what their tRPC code means to a caller
const BY_TRPC_CODE: Record<string, BatonErrorCode> = {
  BAD_REQUEST: 'BAD_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  BAD_GATEWAY: 'UNAVAILABLE',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
  GATEWAY_TIMEOUT: 'UNAVAILABLE',
};

/**
 * What the helpers of createAgentClient throw: switch on `code` (see the README's list), never on the message.
 * `UNAVAILABLE` covers both a database outage and a server that could not be reached; both are worth a retry.
 */
export class BatonError extends Error {
  constructor(
    readonly code: BatonErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BatonError';
  }

  /** `url`: the server the call went to, named when it could not be reached */
  static from(e: unknown, url?: string): BatonError {
    if (e instanceof BatonError) return e;
    const body = errorOf(e);
    if (body) return new BatonError(body.code, body.message, body.details, { cause: e });
    if (e instanceof TRPCClientError) {
      const data = e.data as { code?: string; httpStatus?: number } | undefined;
      // no response at all: refused, reset, DNS, a proxy that went away
      if (!data) {
        const why = networkReason(e);
        const where = url ? ` at ${url}` : '';
        return new BatonError('UNAVAILABLE', `The Baton server${where} cannot be reached (${why}): is it running, and is the URL right?`, { ...(url && { url }), reason: why }, { cause: e });
      }
      return new BatonError(BY_TRPC_CODE[data.code ?? ''] ?? 'INTERNAL', e.message, undefined, { cause: e });
    }
    return new BatonError('INTERNAL', e instanceof Error ? e.message : String(e), undefined, { cause: e });
  }
}
