import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, safeNext, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

// hooks.server.ts only lets sessions that still owe their second factor reach this page
export const load: PageServerLoad = ({ locals }) => ({ email: locals.session?.email ?? '' });

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    try {
      await api(cookies).auth.verifyMfa.mutate({ code: text(data, 'code').trim() });
    } catch (e) {
      return formFailure(e, {});
    }
    redirect(303, safeNext(url));
  },
};
