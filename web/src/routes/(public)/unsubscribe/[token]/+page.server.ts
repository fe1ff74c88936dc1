import { errorOf } from '@baton/client';
import { fail } from '@sveltejs/kit';
import { publicApi } from '$lib/server/public';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  return {};
};

export const actions: Actions = {
  default: async ({ params }) => {
    try {
      return { done: true, email: (await publicApi().public.unsubscribe.mutate({ token: params.token })).email };
    } catch (e) {
      const code = errorOf(e)?.code;
      if (code === 'NOT_FOUND' || code === 'BAD_INPUT') return fail(404, { done: false, email: '' });
      throw e;
    }
  },
};
