import { mapError, type Context, type PublicLimits, type SessionCookie } from '@baton/api';
import { AGENT_HEADER, parseAgentHeader } from '@baton/contracts';
import { authenticateApiKey, DomainError, validateSession, type Deps, type Principal, type SessionUser } from '@baton/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp, requestProtocol, type TrustProxy } from './client-address.ts';
import { parseCookies, SESSION_COOKIE, sessionCookie } from './cookies.ts';

export function bearer(h: string | null | undefined): string | null {
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : null;
}

/** What a caller is, as read from its request: the API over HTTP and the in-process API (in-process-api.ts) fill it in. */
export type CallerFacts = {
  /** `Authorization: Bearer` (an API key `bat_...`, or a session token used by the web server), else the session cookie */
  token: string | null;
  ip: string | null;
  origin: string | null;
  userAgent: string | null;
  productHeader: string | null;
  /** `Baton-Agent: name/version; model=...`: which agent of a fleet calls (recorded on its claims) */
  agentHeader?: string | null;
  cookie: SessionCookie;
};

/**
 * Resolves the caller from `Authorization: Bearer` (API key `bat_...`, or a session token used by the web
 * server) or the session cookie. Invalid credentials fail loudly rather than falling back to anonymous.
 * Plain Node request and response: the API's own handler (trpc-handler.ts) and Express's routes both call it.
 */
export function createContext(deps: Deps & { publicLimits?: PublicLimits; trustProxy?: TrustProxy }, req: IncomingMessage, res: ServerResponse): Promise<Context> {
  const productHeader = req.headers['x-product-id'];
  const host = req.headers.host;
  return contextFor(deps, {
    token: bearer(req.headers.authorization) ?? parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? null,
    ip: clientIp(req, deps.trustProxy),
    // the scheme honours X-Forwarded-Proto only from a trusted proxy (client-address.ts)
    origin: host ? `${requestProtocol(req, deps.trustProxy)}://${host}` : null,
    userAgent: req.headers['user-agent'] ?? null,
    productHeader: typeof productHeader === 'string' ? productHeader : null,
    agentHeader: typeof req.headers[AGENT_HEADER] === 'string' ? req.headers[AGENT_HEADER] : null,
    cookie: sessionCookie(req, res, deps.trustProxy),
  });
}

/**
 * The context for a caller: one way to turn credentials into a principal, whichever transport carried them.
 * `validate` lets a host reuse a session check it already made (the in-process API, within one page request).
 */
export async function contextFor(
  deps: Deps & { publicLimits?: PublicLimits },
  facts: CallerFacts,
  validate: (token: string) => Promise<SessionUser | null> = (token) => validateSession(deps, token),
): Promise<Context> {
  const { token, ip } = facts;
  let principal: Principal | null = null;
  let session: SessionUser | null = null;
  let authError: DomainError | null = null;
  if (token?.startsWith('bat_')) {
    // a bad key is reported by the procedure (401/403/429 with its reason), not as a context failure (500)
    principal = await authenticateApiKey(deps, token, ip).catch((e: unknown) => {
      if (e instanceof DomainError) return (authError = e), null;
      return mapError(e);
    });
  } else if (token) {
    // mapError: an unreachable database answers 503 here as inside procedures, not a context failure (500)
    session = await validate(token).catch(mapError);
    if (session) principal = { kind: 'user', userId: session.userId, name: session.name, email: session.email, sessionId: session.sessionId };
  }
  if (principal && facts.agentHeader) {
    const read = parseAgentHeader(facts.agentHeader);
    // a malformed identity is refused (400 naming the header), never half-recorded
    if (read.ok) principal = { ...principal, client: read.agent };
    else authError ??= new DomainError('BAD_INPUT', `Baton-Agent header: ${read.reason}`, { issues: [{ path: ['Baton-Agent'], message: read.reason }] });
  }
  return {
    ...deps,
    principal,
    session,
    authError,
    ip,
    origin: facts.origin,
    userAgent: facts.userAgent,
    headerProductId: facts.productHeader && facts.productHeader.length <= 64 ? facts.productHeader : null,
    cookie: facts.cookie,
    limits: deps.publicLimits,
  };
}
