// The browser session's cookie, defined once: the backend sets it on tRPC and OAuth responses and reads it on the
// upload routes, and the web app's server sets and reads the same cookie. Without imports, so any side takes it:
// `import { SESSION_COOKIE } from '@baton/contracts/session-cookie'`.

export const SESSION_COOKIE = 'baton_session';

export type SessionCookieAttributes = { path: '/'; httpOnly: true; sameSite: 'lax'; secure: boolean };

/**
 * For the whole site; HttpOnly, so page scripts never read the token; SameSite=Lax, so other sites' forms do not
 * send it; Secure when the site is served over HTTPS. Its expiry is the session's own (sliding, in core).
 */
export const sessionCookieAttributes = (secure: boolean): SessionCookieAttributes => ({ path: '/', httpOnly: true, sameSite: 'lax', secure });

/** The `Set-Cookie` value for `token` (an empty token and the epoch clear it), for servers without a cookie helper. */
export function serializeSessionCookie(token: string, expires: Date, secure: boolean): string {
  const a = sessionCookieAttributes(secure);
  const flags = [a.httpOnly && 'HttpOnly', a.secure && 'Secure', `SameSite=${a.sameSite === 'lax' ? 'Lax' : a.sameSite}`];
  return [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, `Path=${a.path}`, `Expires=${expires.toUTCString()}`, ...flags.filter(Boolean)].join('; ');
}
