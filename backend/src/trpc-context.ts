import { mapError, type Context, type PublicLimits } from '@baton/api';
import { authenticateApiKey, DomainError, validateSession, type Deps, type Principal, type SessionUser } from '@baton/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp, requestProtocol } from './client-address.ts';
import { parseCookies, SESSION_COOKIE, sessionCookie } from './cookies.ts';

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : null;
}

/**
 * Resolves the caller from `Authorization: Bearer` (API key `bat_...`, or a session token used by the web
 * server) or the session cookie. Invalid credentials fail loudly rather than falling back to anonymous.
 * Plain Node request and response: the API's own handler (trpc-handler.ts) and Express's routes both call it.
 */
export async function createContext(
  deps: Deps & { publicLimits?: PublicLimits },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Context> {
  const token = bearer(req) ?? parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? null;
  const ip = clientIp(req);
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
    session = await validateSession(deps, token).catch(mapError);
    if (session) principal = { kind: 'user', userId: session.userId, name: session.name, email: session.email, sessionId: session.sessionId };
  }
  const productHeader = req.headers['x-product-id'];
  const host = req.headers.host;
  return {
    ...deps,
    principal,
    session,
    authError,
    ip,
    // the scheme honours X-Forwarded-Proto only from a loopback proxy (client-address.ts)
    origin: host ? `${requestProtocol(req)}://${host}` : null,
    userAgent: req.headers['user-agent'] ?? null,
    headerProductId: typeof productHeader === 'string' && productHeader.length <= 64 ? productHeader : null,
    cookie: sessionCookie(req, res),
    limits: deps.publicLimits,
  };
}
