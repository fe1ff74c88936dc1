import { redirect } from '@sveltejs/kit';
import { anonymousApi, setSessionCookie } from '$lib/server/api';
import { formFailure, safeNext, text } from '$lib/server/form-error';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const email = text(data, 'email');
    let session;
    try {
      session = await anonymousApi().auth.logIn.mutate({ email, password: text(data, 'password') });
    } catch (e) {
      return formFailure(e, { email });
    }
    setSessionCookie(cookies, url, session);
    const next = safeNext(url);
    if (session.mfaRequired) redirect(303, next === '/' ? '/login/mfa' : `/login/mfa?next=${encodeURIComponent(next)}`);
    redirect(303, next);
  },
};
