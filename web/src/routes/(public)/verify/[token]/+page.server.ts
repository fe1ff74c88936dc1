import { errorOf } from '@baton/client';
import { fail } from '@sveltejs/kit';
import { publicApi, setVoterCookie } from '$lib/server/public';
import type { Actions, PageServerLoad } from './$types';

// Opening the link shows a button; only the POST confirms, so mail scanners that fetch links confirm nothing.
export const load: PageServerLoad = ({ setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  return {};
};

export const actions: Actions = {
  default: async ({ params, cookies, url }) => {
    try {
      const result = await publicApi().public.verifyEmail.mutate({ token: params.token });
      setVoterCookie(cookies, url, result.voterToken);
      return { confirmed: true, email: result.email, counted: result.counted };
    } catch (e) {
      const code = errorOf(e)?.code;
      if (code === 'NOT_FOUND' || code === 'BAD_INPUT') return fail(404, { confirmed: false, email: '', counted: 0 });
      throw e;
    }
  },
};
