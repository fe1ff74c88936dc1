import { errorOf } from '@baton/client';
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { api, clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/api';
import { currentMe } from '$lib/server/product';
import { parseTheme, THEME_COOKIE } from '$lib/theme';

/** Pages for people without a session; everything else needs one that has passed MFA. */
const SIGNED_OUT = new Set(['/login', '/signup']);
const MFA = '/login/mfa';
/** The public roadmap and everything linked from its emails and embeds: no session needed, none asked for. */
const PUBLIC = /^\/(roadmap|submissions|verify|unsubscribe|changelog|embed|badge)(\/|$)/;
const INVITE = '/invite/';
/** Pages that show the user's products (they read auth.me). */
const TEAM_PAGE = /^\/(p\/|items$|notifications$)/;

/** Sends each visitor where their session allows: signed out to /login, MFA owed to /login/mfa. */
function guard(url: URL, session: App.Locals['session']): void {
  const path = url.pathname;
  if (path === '/logout' || PUBLIC.test(path)) return;
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
    const session = api(cookies).auth.session.query();
    // a team page needs the user's memberships too: ask in the same batch, one round trip for both (not for a
    // form action: currentMe asks afresh for writes, so this answer would go unused)
    const read = event.request.method === 'GET' || event.request.method === 'HEAD';
    if (read && TEAM_PAGE.test(url.pathname)) currentMe(cookies).catch(() => undefined); // a failure is seen by whoever awaits it
    try {
      event.locals.session = await session;
    } catch (e) {
      // a malformed or revoked credential: forget it and carry on signed out
      if (errorOf(e)?.code !== 'UNAUTHENTICATED') throw e;
    }
    // the backend slides the session's expiry while it is used; keep the browser cookie in step
    if (event.locals.session) setSessionCookie(cookies, url, { token: cookies.get(SESSION_COOKIE)!, expiresAt: event.locals.session.expiresAt });
    else clearSessionCookie(cookies, url);
  }
  guard(url, event.locals.session);
  event.locals.theme = parseTheme(cookies.get(THEME_COOKIE));

  // the theme is in the first byte of HTML, so a pinned dark theme never flashes light
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%baton.theme%', event.locals.theme) });
  // The backend's helmet default is no-referrer, under which browsers send `Origin: null` with a plain form POST
  // and SvelteKit's CSRF check refuses it; same-origin keeps the Origin (and still sends nothing cross-site).
  response.headers.set('referrer-policy', 'same-origin');
  // the roadmap widget is made to be framed by other sites: only /embed relaxes frame-ancestors
  if (url.pathname.startsWith('/embed/')) {
    const csp = response.headers.get('content-security-policy');
    if (csp) response.headers.set('content-security-policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
  }
  return response;
};

export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status >= 500) console.error('web: unhandled error', error);
  return { message };
};
