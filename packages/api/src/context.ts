import type { DomainError, Deps, Principal, SessionUser } from '@baton/core';
import type { PublicLimits } from './public-limits.ts';

/** Cookie writes the host performs on the caller's behalf (login/logout). */
export type SessionCookie = { set(token: string, expiresAt: Date): void; clear(): void };

/**
 * Built by the host from plain values (see backend/src/trpc-context.ts): the same router runs under Express,
 * in tests through createCaller, and anywhere else that can supply these.
 */
export type Context = Deps & {
  principal: Principal | null;
  /** the session behind `principal` (null for API keys), including its MFA state */
  session: SessionUser | null;
  /** why an explicit API key was refused; raised by procedures that need a caller */
  authError?: DomainError | null;
  ip: string | null;
  /** where the request was addressed (`https://baton.example.com`), for links sent back to the caller */
  origin?: string | null;
  userAgent: string | null;
  cookie: SessionCookie;
  /** from `x-product-id`: API clients name the product once instead of in every input */
  headerProductId: string | null;
  /** per-IP and per-email limits of the public roadmap; absent (tests through createCaller) = unlimited */
  limits?: PublicLimits;
};
