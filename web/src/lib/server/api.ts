import { createClient, type BatonClient } from '@baton/client';
import { getRequestEvent } from '$app/server';
import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'baton_session';

/**
 * The backend sets BATON_INTERNAL_URL when it starts, after this module is imported, so it is read per call
 * (SvelteKit's $env/dynamic snapshots the environment at start-up).
 */
function backendUrl(): string {
  const url = process.env.BATON_INTERNAL_URL;
  if (!url) throw new Error('BATON_INTERNAL_URL is not set: the web app runs inside the backend (backend/src/server.ts)');
  return url;
}

/**
 * The browser's address and user agent, passed on so the backend rate-limits and records sessions per visitor
 * rather than per web server (it trusts X-Forwarded-For from loopback only).
 */
function visitorHeaders(): Record<string, string> {
  const event = getRequestEvent();
  return { 'x-forwarded-for': event.getClientAddress(), 'user-agent': event.request.headers.get('user-agent') ?? 'unknown' };
}

/** Per request (keyed by its locals, which hooks, layouts, pages and endpoints share): one client per session token. */
const perRequest = new WeakMap<App.Locals, { token: string | null; client: BatonClient }>();

/**
 * The typed client acting as the browser's session (its cookie sent as a Bearer token). Server-side only.
 * One client per request: calls that the hooks, the layout and the page make in the same tick travel in one
 * batched HTTP request, and the backend checks the session once for all of them. A new session cookie (log-in,
 * sign-up) gets a new client.
 */
export function api(cookies: Cookies): BatonClient {
  const token = cookies.get(SESSION_COOKIE) ?? null;
  const { locals } = getRequestEvent();
  const cached = perRequest.get(locals);
  if (cached && cached.token === token) return cached.client;
  const client = createClient({ url: backendUrl(), token, headers: visitorHeaders() });
  perRequest.set(locals, { token, client });
  return client;
}

/** For sign-up and log-in: a stale or foreign cookie must not get in the way of getting a new session. */
export function anonymousApi(): BatonClient {
  return createClient({ url: backendUrl(), headers: visitorHeaders() });
}

/**
 * The tRPC response's Set-Cookie reaches this server, not the browser, so the web app sets its own cookie with
 * the same attributes as backend/src/cookies.ts.
 */
export function setSessionCookie(cookies: Cookies, url: URL, session: { token: string; expiresAt: Date }): void {
  cookies.set(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires: session.expiresAt });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
