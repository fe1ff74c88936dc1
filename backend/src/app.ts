import { randomUUID } from 'node:crypto';
import { appRouter, toErrorBody, type PublicLimits } from '@baton/api';
import { isDatabaseReachable } from '@baton/db';
import type { Deps, OAuthProviders } from '@baton/core';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { parseCookies } from './cookies.ts';
import type { Logger } from './logger.ts';
import { requestScope } from './logger.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { createRateLimiter } from './rate-limit.ts';
import { restApi } from './rest/rest-router.ts';
import { createContext } from './trpc-context.ts';

export type AppDeps = Deps & {
  logger: Logger;
  /** the built SvelteKit handler (web/build/handler.js), when present */
  webHandler?: (req: Request, res: Response, next: NextFunction) => void;
  /** public auth endpoints: attempts per IP per minute */
  authRateLimit?: number;
  /** enabled sign-in providers (Google, GitHub, OIDC); none configured = password sign-in only */
  oauth?: OAuthProviders;
  /** per-IP and per-email limits of the public roadmap (public-limits.ts); absent = unlimited */
  publicLimits?: PublicLimits;
};

// device.start writes a row per call; device.poll is not counted: slow_down paces it per code, and its 160-bit
// code cannot be guessed, while counting it would spend the log-in budget of everyone behind one address
// invitations.preview is a query (GET) on an unguessable token, counted so that nobody probes links in bulk
const PUBLIC_AUTH = new Set(['auth.logIn', 'auth.signUp', 'auth.verifyMfa', 'device.start', 'invitations.preview']);
const PUBLIC_QUERIES = new Set(['invitations.preview']);

/** Public auth calls in a request, counted the way tRPC reads the path: decoded, and one per batch entry. */
function publicAuthCalls(req: Request): number {
  let path = req.path.slice(1);
  try {
    path = decodeURIComponent(path);
  } catch {
    // tRPC answers a malformed path with 400 itself
  }
  const counted = req.method === 'POST' ? PUBLIC_AUTH : PUBLIC_QUERIES;
  return path.split(',').filter((p) => counted.has(p)).length;
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      requestScope.run({ requestId }, () =>
        deps.logger.info('request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }),
      );
    });
    requestScope.run({ requestId }, next);
  });

  // The web app sets its own CSP with per-response nonces (web/svelte.config.js); everything else gets the strict one.
  const strict = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const base = helmet({ contentSecurityPolicy: false });
  // the roadmap widget and status badges are made to be shown on other sites: framing and cross-origin loading
  // are allowed there only (the widget's CSP names frame-ancestors itself, in web/src/hooks.server.ts)
  const embeddable = helmet({ contentSecurityPolicy: false, xFrameOptions: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  app.use((req, res, next) =>
    (req.path.startsWith('/trpc') || req.path.startsWith('/health') || req.path.startsWith('/ready')
      ? strict
      : req.path.startsWith('/embed/') || req.path.startsWith('/badge/')
        ? embeddable
        : base)(req, res, next),
  );

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await isDatabaseReachable(deps.db);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unavailable' });
  });

  const authLimiter = createRateLimiter({ limit: deps.authRateLimit ?? 30, windowMs: 60_000 });
  app.use('/trpc', (req, res, next) => {
    req.cookies = parseCookies(req.headers.cookie);
    let retry: number | null = null;
    for (let n = publicAuthCalls(req); n > 0; n--) retry = authLimiter.take(req.ip ?? 'unknown') ?? retry;
    if (retry !== null) {
      res.setHeader('retry-after', String(retry));
      const message = `Too many attempts; retry in ${retry} s`;
      // the shape tRPC itself answers with (superjson envelope, JSON-RPC code), so typed clients read `baton.code`
      res.status(429).json({ error: { json: { message, code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, baton: { code: 'RATE_LIMITED', message, details: { retryAfterSeconds: retry } } } } } });
      return;
    }
    next();
  });
  app.use(
    '/trpc',
    express.json({ limit: '1mb' }),
    createExpressMiddleware({
      router: appRouter,
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
    }),
  );

  // always mounted: with no provider configured, /auth/oauth/providers answers [] and the rest 404
  app.use('/auth/oauth', oauthRoutes(deps, deps.oauth ?? new Map()));

  // attachment uploads (multipart, streamed to storage) and downloads
  app.use('/files', attachmentRoutes(deps));

  // REST for agents without the typed client: /api/agent/... and /api/openapi.json (backend/src/rest)
  app.use('/api', restApi(deps));

  if (deps.webHandler) {
    const web = deps.webHandler;
    // adapter-node assumes https unless a header says otherwise (server.ts points it at these two): hand it the
    // scheme and host Express derived (trust proxy: loopback), so its CSRF origin check and cookies match the browser
    app.use((req, res, next) => {
      req.headers['x-forwarded-proto'] = req.protocol;
      req.headers['x-forwarded-host'] = req.host;
      web(req, res, next);
    });
  }

  // body-parser errors (malformed JSON, too large) answer 4xx with a reason, never a 500
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error('unhandled', { error: err });
    res.status(status).json({ error: { message: status === 500 ? 'Internal error' : err.message, data: { httpStatus: status } } });
  });
  return app;
}
