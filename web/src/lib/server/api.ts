import { createClient, type BatonClient } from '@baton/client';
import { getRequestEvent } from '$app/server';
import { SESSION_COOKIE, sessionCookieAttributes } from '@baton/contracts/session-cookie';
import type { Cookies } from '@sveltejs/kit';

export { SESSION_COOKIE };

/**
 * The API, in this process: the backend hands each page request a `fetch` that its tRPC router answers directly
 * (backend/src/in-process-api.ts), reached here as adapter-node's `platform.req.batonApi`. No loopback HTTP: a
 * page's calls cost no round trip, and its reads share one session check.
 */
function inProcessFetch(): typeof fetch {
  const apiFetch = getRequestEvent().platform?.req?.batonApi;
  if (!apiFetch) throw new Error('no in-process API: the web app runs inside the backend (backend/src/app.ts)');
  return apiFetch;
}

/** The client for this request: the in-process API, addressed at the page's own origin. */
function clientFor(token: string | null): BatonClient {
  return createClient({ url: getRequestEvent().url.origin, token, headers: visitorHeaders(), fetch: inProcessFetch() });
}

/**
 * The browser's address and user agent, passed on so the backend rate-limits and records sessions per visitor
 * rather than per web server (the in-process API takes X-Forwarded-For from this code only).
 */
function visitorHeaders(): Record<string, string> {
  const event = getRequestEvent();
  return { 'x-forwarded-for': event.getClientAddress(), 'user-agent': event.request.headers.get('user-agent') ?? 'unknown' };
}

/** Per request (keyed by its locals, which hooks, layouts, pages and endpoints share): one client per session token. */
const perRequest = new WeakMap<App.Locals, { token: string | null; client: BatonClient }>();

/**
 * The typed client acting as the browser's session (its cookie sent as a Bearer token). Server-side only.
 * One client per request: calls that the hooks, the layout and the page make in the same tick go as one batch.
 * A new session cookie (log-in, sign-up) gets a new client.
 */
export function api(cookies: Cookies): BatonClient {
  const token = cookies.get(SESSION_COOKIE) ?? null;
  const { locals } = getRequestEvent();
  const cached = perRequest.get(locals);
  if (cached && cached.token === token) return cached.client;
  const client = clientFor(token);
  perRequest.set(locals, { token, client });
  return client;
}

/** For sign-up and log-in: a stale or foreign cookie must not get in the way of getting a new session. */
export function anonymousApi(): BatonClient {
  return clientFor(null);
}

/**
 * The tRPC response's Set-Cookie reaches this server, not the browser, so the web app sets the cookie itself, with
 * the attributes the backend uses (both from contracts/session-cookie.ts).
 */
export function setSessionCookie(cookies: Cookies, url: URL, session: { token: string; expiresAt: Date }): void {
  cookies.set(SESSION_COOKIE, session.token, { ...sessionCookieAttributes(url.protocol === 'https:'), expires: session.expiresAt });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, sessionCookieAttributes(url.protocol === 'https:'));
}
