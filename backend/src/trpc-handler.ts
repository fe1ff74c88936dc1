import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_BODY_LIMIT_BYTES, appRouter, toErrorBody } from '@baton/api';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { AppDeps } from './app.ts';
import { clientIp, pathOf } from './client-address.ts';
import { createRateLimiter } from './rate-limit.ts';
import { strictHeaders } from './security-headers.ts';
import { trackRequests } from './request-tracking.ts';
import { measureTrpc } from './measure-requests.ts';
import type { Metrics } from './metrics.ts';
import { createContext } from './trpc-context.ts';

// device.start writes a row per call; device.poll is not counted: slow_down paces it per code, and its 160-bit
// code cannot be guessed, while counting it would spend the log-in budget of everyone behind one address
// invitations.preview is a query (GET) on an unguessable token, counted so that nobody probes links in bulk
const PUBLIC_AUTH = new Set(['auth.logIn', 'auth.signUp', 'auth.verifyMfa', 'device.start', 'invitations.preview']);
const PUBLIC_QUERIES = new Set(['invitations.preview']);
export const API_PREFIX = '/trpc/';
/** /trpc/..., and /trpc itself (tRPC answers it 404), as Express's mount matched them. */
export const isApiUrl = (url: string | undefined) => !!url && (url.startsWith(API_PREFIX) || url === '/trpc' || url.startsWith('/trpc?'));

/** Public auth calls in a request to `pathname`, counted the way tRPC reads the path: decoded, one per batch entry. */
function publicAuthCalls(method: string | undefined, pathname: string): number {
  let path = pathname.slice(API_PREFIX.length);
  try {
    path = decodeURIComponent(path);
  } catch {
    // tRPC answers a malformed path with 400 itself
  }
  const counted = method === 'POST' ? PUBLIC_AUTH : PUBLIC_QUERIES;
  return path.split(',').filter((p) => counted.has(p)).length;
}

export type LogInLimiter = ReturnType<typeof createRateLimiter>;
export const createLogInLimiter = (deps: Pick<AppDeps, 'authRateLimit'>): LogInLimiter => createRateLimiter({ limit: deps.authRateLimit ?? 30, windowMs: 60_000 });

/**
 * The log-in rate limit, one budget per address whichever way the call came (HTTP, or the web app in-process):
 * null when the call may go on, else its 429 answer in the shape tRPC itself answers with (superjson envelope,
 * JSON-RPC code), so typed clients read `baton.code`.
 */
export function refuseLogIns(limiter: LogInLimiter, ip: string | null, method: string | undefined, pathname: string) {
  let retry: number | null = null;
  for (let n = publicAuthCalls(method, pathname); n > 0; n--) retry = limiter.take(ip ?? 'unknown') ?? retry;
  if (retry === null) return null;
  const message = `Too many attempts; retry in ${retry} s`;
  const body = { error: { json: { message, code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, baton: { code: 'RATE_LIMITED', message, details: { retryAfterSeconds: retry } } } } } };
  return { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(retry) }, body: JSON.stringify(body) };
}

/**
 * The typed API at /trpc, served by tRPC's own Node adapter rather than through Express. Why: on this path
 * Express only added its router, body parser and request/response decoration to every call; without them the
 * public vote went from about 1,100 to about 1,300 calls/s at concurrency 32 on two cores (bench/roadmap.ts
 * with the typed client as load). What Express did here is done here: request ids and logs, the strict
 * security headers, the log-in rate limit, a 1 MB body limit (tRPC reads the body itself).
 */
export function createTrpcHandler(deps: AppDeps, authLimiter: LogInLimiter, metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => void {
  const track = trackRequests(deps.logger);
  const measure = measureTrpc(metrics);
  const headers = strictHeaders();
  const limitLogIns = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const refused = refuseLogIns(authLimiter, clientIp(req, deps.trustProxy), req.method, pathOf(req));
    if (!refused) return next();
    res.writeHead(refused.status, refused.headers).end(refused.body);
  };
  return createHTTPHandler({
    router: appRouter,
    basePath: API_PREFIX,
    maxBodySize: API_BODY_LIMIT_BYTES,
    middleware: (req, res, next) => track(req, res, () => measure(req, res, () => headers(req, res, () => limitLogIns(req, res, next)))),
    createContext: ({ req, res }) => createContext(deps, req, res),
    // tRPC v11 refuses GET for mutations; batching stays on for the web app's page loads
    ...answerOptions(deps),
  });
}

/** What both ways of serving the API (HTTP here, in-process-api.ts) do with failures and their answers. */
export function answerOptions(deps: Pick<AppDeps, 'logger'>) {
  return {
    onError({ error, path }: { error: TRPCError; path: string | undefined }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') deps.logger.error('procedure failed', { path, error: error.cause ?? error });
    },
    // 429 (rate limits, lockouts) and 503 (database busy) tell clients when to come back
    responseMeta({ errors }: { errors: TRPCError[] }) {
      const retry = errors.map((e) => toErrorBody(e)?.details?.retryAfterSeconds).find((n) => typeof n === 'number');
      return retry === undefined ? {} : { headers: new Headers({ 'retry-after': String(retry) }) };
    },
  };
}
