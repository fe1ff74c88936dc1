import { errorOf } from '@baton/client';
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { api, clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/api';

/** Pages for people without a session; everything else needs one that has passed MFA. */
const SIGNED_OUT = new Set(['/login', '/signup']);
const MFA = '/login/mfa';
const INVITE = '/invite/';

/** Sends each visitor where their session allows: signed out to /login, MFA owed to /login/mfa. */
function guard(url: URL, session: App.Locals['session']): void {
  const path = url.pathname;
  if (path === '/logout') return;
  if (!session) {
    // an invitation link is opened before the invitee has an account (its page offers sign-up and sign-in)
    if (SIGNED_OUT.has(path) || path.startsWith(INVITE)) return;
    const next = path === '/' || path === MFA ? '' : `?next=${encodeURIComponent(path + url.search)}`;
    redirect(303, `/login${next}`);
  }
  if (session.mfaPending) {
    if (path !== MFA) redirect(303, MFA);
  } else if (SIGNED_OUT.has(path) || path === MFA) {
    redirect(303, '/');
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  const { cookies, url } = event;
  event.locals.session = null;
  if (cookies.get(SESSION_COOKIE)) {
    try {
      event.locals.session = await api(cookies).auth.session.query();
    } catch (e) {
      // a malformed or revoked credential: forget it and carry on signed out
      if (errorOf(e)?.code !== 'UNAUTHENTICATED') throw e;
    }
    // the backend slides the session's expiry while it is used; keep the browser cookie in step
    if (event.locals.session) setSessionCookie(cookies, url, { token: cookies.get(SESSION_COOKIE)!, expiresAt: event.locals.session.expiresAt });
    else clearSessionCookie(cookies, url);
  }
  guard(url, event.locals.session);

  const response = await resolve(event);
  // The backend's helmet default is no-referrer, under which browsers send `Origin: null` with a plain form POST
  // and SvelteKit's CSRF check refuses it; same-origin keeps the Origin (and still sends nothing cross-site).
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};

export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status >= 500) console.error('web: unhandled error', error);
  return { message };
};
