import { redirect } from '@sveltejs/kit';
import { text } from '$lib/server/form-error';
import { parseTheme, THEME_COOKIE } from '$lib/theme';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

/** A local path to go back to (never another origin), like safeNext. */
const back = (path: string) => (/^\/(?![/\\])/.test(path) ? path : '/');

export const actions: Actions = {
  // the theme toggle posts here; without JavaScript the browser comes back to the page it was on
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const theme = parseTheme(text(data, 'theme'));
    // readable by nobody but the server, a year long; `system` is the default and needs no cookie
    if (theme === 'system') cookies.delete(THEME_COOKIE, { path: '/' });
    else cookies.set(THEME_COOKIE, theme, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 365 * 86400 });
    redirect(303, back(text(data, 'back')));
  },
};
