import { redirect } from '@sveltejs/kit';
import { anonymousApi, setSessionCookie } from '$lib/server/api';
import { formFailure, safeNext, text } from '$lib/server/form-error';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const values = { name: text(data, 'name'), email: text(data, 'email') };
    let session;
    try {
      session = await anonymousApi().auth.signUp.mutate({ ...values, password: text(data, 'password') });
    } catch (e) {
      return formFailure(e, values);
    }
    setSessionCookie(cookies, url, session);
    redirect(303, safeNext(url));
  },
};
