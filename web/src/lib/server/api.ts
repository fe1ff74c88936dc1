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

/** The typed client acting as the browser's session (its cookie sent as a Bearer token). Server-side only. */
export function api(cookies: Cookies): BatonClient {
  return createClient({ url: backendUrl(), token: cookies.get(SESSION_COOKIE) ?? null, headers: visitorHeaders() });
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
