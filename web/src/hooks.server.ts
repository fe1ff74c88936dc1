import { errorOf } from '@baton/client';
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { api, clearSessionCookie, SESSION_COOKIE } from '$lib/server/api';

/** Pages for people without a session; everything else needs one that has passed MFA. */
const SIGNED_OUT = new Set(['/login', '/signup']);
const MFA = '/login/mfa';

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
    if (!event.locals.session) clearSessionCookie(cookies, url);
  }

  const path = url.pathname;
  const session = event.locals.session;
  if (path === '/logout') return resolve(event);
  if (!session) {
    if (!SIGNED_OUT.has(path)) {
      const next = path === '/' || path === MFA ? '' : `?next=${encodeURIComponent(path + url.search)}`;
      redirect(303, `/login${next}`);
    }
  } else if (session.mfaPending) {
    if (path !== MFA) redirect(303, MFA);
  } else if (SIGNED_OUT.has(path) || path === MFA) {
    redirect(303, '/');
  }
  return resolve(event);
};

export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status >= 500) console.error('web: unhandled error', error);
  return { message };
};
