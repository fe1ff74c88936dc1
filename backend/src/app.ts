import { createServer, type RequestListener, type Server } from 'node:http';
import type { PublicLimits } from '@baton/api';
import { isDatabaseReachable } from '@baton/db';
import type { Deps, OAuthProviders } from '@baton/core';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from './logger.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { forgeWebhookRoutes } from './forge-webhook-routes.ts';
import { slackRoutes } from './slack-routes.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { oneClickUnsubscribe } from './one-click-unsubscribe.ts';
import { refuseUnreadableTarget } from './request-target.ts';
import { trackRequests } from './request-tracking.ts';
import { measureExpress } from './measure-requests.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { metricsRoute } from './metrics-route.ts';
import { restApi } from './rest/rest-router.ts';
import { embeddableHeaders, pageHeaders, strictHeaders } from './security-headers.ts';
import { inProcessApi } from './in-process-api.ts';
import { createLogInLimiter, createTrpcHandler, isApiUrl } from './trpc-handler.ts';
import { clientIp, CLIENT_ADDRESS_HEADER, TRUST_NONE, type TrustProxy } from './client-address.ts';

export type AppDeps = Deps & {
  logger: Logger;
  /** the built SvelteKit handler (web/build/handler.js), when present */
  webHandler?: (req: Request, res: Response, next: NextFunction) => void;
  /** public auth endpoints: attempts per IP per minute */
  authRateLimit?: number;
  /** which hops may report a client's address (TRUST_PROXY); none when unset */
  trustProxy?: TrustProxy;
  /** enabled sign-in providers (Google, GitHub, OIDC); none configured = password sign-in only */
  oauth?: OAuthProviders;
  /** per-IP and per-email limits of the public roadmap (public-limits.ts); absent = unlimited */
  publicLimits?: PublicLimits;
  /** Prometheus metrics (metrics.ts); absent = a registry of this app's own */
  metrics?: Metrics;
  /** METRICS_TOKEN: the bearer token /metrics asks for; absent = loopback only */
  metricsToken?: string;
  /** the job queue's part of /ready: null when it runs, else why not; absent = this app runs no queue */
  jobsHealth?: () => Promise<string | null>;
};

/** A Node request listener, and `listen()` like Express's, for servers and tests alike. */
export type BatonApp = RequestListener & { listen(port: number, host: string, cb: () => void): Server };

/** The API at /trpc goes to tRPC's own handler (trpc-handler.ts says why); Express serves everything else. */
export function createApp(deps: AppDeps): BatonApp {
  const logIns = createLogInLimiter(deps);
  const metrics = deps.metrics ?? createMetrics({ deps, jobs: () => null });
  const trpc = createTrpcHandler(deps, logIns, metrics);
  const app = expressApp(deps, inProcessApi(deps, logIns), metrics);
  const listener: RequestListener = (req, res) => {
    if (refuseUnreadableTarget(req, res)) return;
    if (isApiUrl(req.url)) trpc(req, res);
    else app(req, res);
  };
  return Object.assign(listener, { listen: (port: number, host: string, cb: () => void) => createServer(listener).listen(port, host, cb) });
}

function expressApp(deps: AppDeps, apiForRequest: () => typeof fetch, metrics: Metrics) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? TRUST_NONE);

  app.use(trackRequests(deps.logger));
  app.use(measureExpress(metrics, !!deps.webHandler));

  // security headers by what is served (security-headers.ts); the API at /trpc sets the strict ones itself
  const [strict, base, embeddable] = [strictHeaders(), pageHeaders(), embeddableHeaders()];
  app.use((req, res, next) =>
    (req.path.startsWith('/health') || req.path.startsWith('/ready') || req.path.startsWith('/metrics')
      ? strict
      : req.path.startsWith('/embed/') || req.path.startsWith('/badge/')
        ? embeddable
        : base)(req, res, next),
  );

  // pages, REST and feeds are sent compressed to clients that ask (the bench roadmap page: 42 KB of HTML, 3 KB
  // gzipped); event streams never, they must reach the client as they are written
  app.use(compression({ filter: (req, res) => !String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(req, res) }));

  // liveness: the process answers (a load balancer restarts it when not); readiness: it can do its work now
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const [database, jobs] = await Promise.all([isDatabaseReachable(deps.db).then((ok) => (ok ? null : 'database unreachable')), deps.jobsHealth?.() ?? null]);
    const reasons = [database, jobs].filter((r): r is string => r !== null);
    res.status(reasons.length ? 503 : 200).json(reasons.length ? { status: 'unavailable', reasons } : { status: 'ready' });
  });
  app.get('/metrics', metricsRoute(metrics, deps.metricsToken));

  // always mounted: with no provider configured, /auth/oauth/providers answers [] and the rest 404
  app.use('/auth/oauth', oauthRoutes(deps, deps.oauth ?? new Map()));

  // attachment uploads (multipart, streamed to storage) and downloads
  app.use('/files', attachmentRoutes(deps));

  // inbound webhooks (GitHub, Gitea, GitLab), signed by the sender rather than authenticated by a session or key
  app.use('/api/webhooks', forgeWebhookRoutes(deps));
  // Slack's slash command, signed by Slack with the product's signing secret (docs/slack.md)
  app.use('/api/slack', slackRoutes(deps));

  // REST for agents without the typed client: /api/agent/... and /api/openapi.json (backend/src/rest)
  app.use('/api', restApi(deps));

  // RFC 8058: a mail client's POST to an unsubscribe link, which carries no Origin (the web page's form does)
  app.post('/unsubscribe/:token', oneClickUnsubscribe(deps));

  if (deps.webHandler) {
    const web = deps.webHandler;
    // adapter-node assumes https unless a header says otherwise (server.ts points it at these three): hand it the
    // scheme and host Express derived (trust proxy), so its CSRF origin check and cookies match the browser, and
    // the visitor's address by the same rule, so the web's forms limit each visitor, not the proxy. Always
    // overwritten: a header a caller sent itself never reaches the web.
    app.use((req, res, next) => {
      req.headers['x-forwarded-proto'] = req.protocol;
      req.headers['x-forwarded-host'] = req.host;
      req.headers[CLIENT_ADDRESS_HEADER] = clientIp(req, deps.trustProxy) ?? '';
      // the web's server side calls the API through this, in this process (in-process-api.ts)
      (req as Request & { batonApi?: typeof fetch }).batonApi = apiForRequest();
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
