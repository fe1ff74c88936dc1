import { appRouter } from '@baton/api';
import { validateSession, type SessionUser } from '@baton/core';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { AppDeps } from './app.ts';
import { answerOptions, API_PREFIX, refuseLogIns, type LogInLimiter } from './trpc-handler.ts';
import { bearer, contextFor } from './trpc-context.ts';

/**
 * The API as the web app's server side calls it: a `fetch` handed to its typed client (packages/client's
 * createClient({ fetch })), answered in this process by the same router, context and log-in rate limit as
 * /trpc over HTTP, without a loopback round trip. app.ts gives each page request its own (`req.batonApi`,
 * which SvelteKit's adapter-node shows the web app as `platform.req`).
 *
 * Same caller as over HTTP: the session token the web sends as Bearer (the browser's cookie) becomes the
 * principal; the visitor's address is the X-Forwarded-For the web sets from its own getClientAddress(), as the
 * loopback hop did (only this process can call this fetch, so the header is not a remote claim). Within one page
 * request a session is checked once for all its reads; a write checks afresh (it may be the log-out, or the
 * MFA step that changes the session) and the reads after it check again. No body limit here: the only caller
 * is the web server, whose own limit (adapter-node's BODY_SIZE_LIMIT) bounds what a browser can make it send.
 */
export function inProcessApi(deps: AppDeps, limiter: LogInLimiter): () => typeof fetch {
  const { onError, responseMeta } = answerOptions(deps);
  return () => {
    const sessions = new Map<string, Promise<SessionUser | null>>();
    return async (input, init) => {
      const req = new Request(input, init);
      const url = new URL(req.url);
      const ip = req.headers.get('x-forwarded-for');
      const refused = refuseLogIns(limiter, ip, req.method, url.pathname);
      if (refused) return new Response(refused.body, { status: refused.status, headers: refused.headers });
      const isRead = req.method === 'GET';
      if (!isRead) sessions.clear();
      const validate = (token: string) => {
        if (!isRead) return validateSession(deps, token);
        let checked = sessions.get(token);
        if (!checked) {
          checked = validateSession(deps, token);
          sessions.set(token, checked);
          // a failed check (database busy) is not remembered
          checked.catch(() => sessions.delete(token));
        }
        return checked;
      };
      return fetchRequestHandler({
        endpoint: API_PREFIX.replace(/\/$/, ''),
        req,
        router: appRouter,
        onError,
        responseMeta,
        createContext: () =>
          contextFor(
            deps,
            {
              token: bearer(req.headers.get('authorization')),
              ip,
              origin: url.origin,
              userAgent: req.headers.get('user-agent'),
              productHeader: req.headers.get('x-product-id'),
              // the web app sets the browser's cookie itself (web/src/lib/server/api.ts), as it did over HTTP
              cookie: { set() {}, clear() {} },
            },
            validate,
          ),
      });
    };
  };
}
