import { errorOf } from '@baton/client';
import { redirect } from '@sveltejs/kit';
import { api, clearSessionCookie, SESSION_COOKIE } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

// signing out changes state, so only the POST action does it; a GET (a link, a prefetch) goes home
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ cookies, url }) => {
    if (cookies.get(SESSION_COOKIE)) {
      try {
        await api(cookies).auth.logOut.mutate();
      } catch (e) {
        // already expired or revoked (a domain error) is fine; anything else is logged, and the cookie goes either way
        if (!errorOf(e)) console.error('web: log out failed', e);
      }
    }
    clearSessionCookie(cookies, url);
    redirect(303, '/login');
  },
};
