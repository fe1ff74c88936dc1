import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_BODY_LIMIT_BYTES, appRouter, toErrorBody } from '@baton/api';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppDeps } from './app.ts';
import { clientIp, pathOf } from './client-address.ts';
import { createRateLimiter } from './rate-limit.ts';
import { strictHeaders } from './security-headers.ts';
import { trackRequests } from './request-tracking.ts';
import { createContext } from './trpc-context.ts';

// device.start writes a row per call; device.poll is not counted: slow_down paces it per code, and its 160-bit
// code cannot be guessed, while counting it would spend the log-in budget of everyone behind one address
// invitations.preview is a query (GET) on an unguessable token, counted so that nobody probes links in bulk
const PUBLIC_AUTH = new Set(['auth.logIn', 'auth.signUp', 'auth.verifyMfa', 'device.start', 'invitations.preview']);
const PUBLIC_QUERIES = new Set(['invitations.preview']);
export const API_PREFIX = '/trpc/';
/** /trpc/..., and /trpc itself (tRPC answers it 404), as Express's mount matched them. */
export const isApiUrl = (url: string | undefined) => !!url && (url.startsWith(API_PREFIX) || url === '/trpc' || url.startsWith('/trpc?'));

/** Public auth calls in a request, counted the way tRPC reads the path: decoded, and one per batch entry. */
function publicAuthCalls(req: IncomingMessage): number {
  let path = pathOf(req).slice(API_PREFIX.length);
  try {
    path = decodeURIComponent(path);
  } catch {
    // tRPC answers a malformed path with 400 itself
  }
  const counted = req.method === 'POST' ? PUBLIC_AUTH : PUBLIC_QUERIES;
  return path.split(',').filter((p) => counted.has(p)).length;
}

/**
 * The typed API at /trpc, served by tRPC's own Node adapter rather than through Express. Why: on this path
 * Express only added its router, body parser and request/response decoration to every call; without them the
 * public vote went from about 1,100 to about 1,300 calls/s at concurrency 32 on two cores (bench/roadmap.ts
 * with the typed client as load). What Express did here is done here: request ids and logs, the strict
 * security headers, the log-in rate limit, a 1 MB body limit (tRPC reads the body itself).
 */
export function createTrpcHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const track = trackRequests(deps.logger);
  const headers = strictHeaders();
  const authLimiter = createRateLimiter({ limit: deps.authRateLimit ?? 30, windowMs: 60_000 });
  const limitLogIns = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    let retry: number | null = null;
    for (let n = publicAuthCalls(req); n > 0; n--) retry = authLimiter.take(clientIp(req) ?? 'unknown') ?? retry;
    if (retry === null) return next();
    const message = `Too many attempts; retry in ${retry} s`;
    // the shape tRPC itself answers with (superjson envelope, JSON-RPC code), so typed clients read `baton.code`
    const body = { error: { json: { message, code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, baton: { code: 'RATE_LIMITED', message, details: { retryAfterSeconds: retry } } } } } };
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retry) }).end(JSON.stringify(body));
  };
  return createHTTPHandler({
    router: appRouter,
    basePath: API_PREFIX,
    maxBodySize: API_BODY_LIMIT_BYTES,
    middleware: (req, res, next) => track(req, res, () => headers(req, res, () => limitLogIns(req, res, next))),
    createContext: ({ req, res }) => createContext(deps, req, res),
    // tRPC v11 refuses GET for mutations; batching stays on for the web app's page loads
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') deps.logger.error('procedure failed', { path, error: error.cause ?? error });
    },
    // 429 (rate limits, lockouts) and 503 (database busy) tell clients when to come back
    responseMeta({ errors }) {
      const retry = errors.map((e) => toErrorBody(e)?.details?.retryAfterSeconds).find((n) => typeof n === 'number');
      return retry === undefined ? {} : { headers: new Headers({ 'retry-after': String(retry) }) };
    },
  });
}
