import { errorOf } from '@baton/client';
import { redirect } from '@sveltejs/kit';
import { anonymousApi, api, setSessionCookie } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

// The page an invitation link opens: a signed-in invitee joins with one click; someone new creates an account
// here and joins in the same step; someone with an account signs in and comes back (?next=).

export const load: PageServerLoad = async ({ params, locals }) => {
  const me = locals.session ? { name: locals.session.name, email: locals.session.email } : null;
  try {
    return { me, invitation: await anonymousApi().invitations.preview.query({ token: params.token }), problem: null };
  } catch (e) {
    const err = errorOf(e);
    if (!err || (err.code !== 'NOT_FOUND' && err.code !== 'BAD_INPUT' && err.code !== 'RATE_LIMITED')) throw e;
    return { me, invitation: null, problem: err.code === 'RATE_LIMITED' ? err.message : 'This invitation link is invalid, already used, revoked or expired. Ask for a new one.' };
  }
};

/** Joins with the current session and lands on the organization's first product. */
async function join(cookies: Parameters<typeof api>[0], token: string): Promise<string> {
  const joined = await api(cookies).invitations.accept.mutate({ token });
  return joined.productKey ? `/p/${joined.productKey}` : '/';
}

export const actions: Actions = {
  accept: async ({ cookies, params }) => {
    let to: string;
    try {
      to = await join(cookies, params.token);
    } catch (e) {
      return formFailure(e, { name: '', email: '' });
    }
    redirect(303, to);
  },
  signup: async ({ request, cookies, url, params }) => {
    const data = await request.formData();
    const values = { name: text(data, 'name'), email: text(data, 'email') };
    try {
      const session = await anonymousApi().auth.signUp.mutate({ ...values, password: text(data, 'password') });
      setSessionCookie(cookies, url, session);
    } catch (e) {
      return formFailure(e, values);
    }
    let to: string;
    try {
      to = await join(cookies, params.token);
    } catch (e) {
      // the account exists now; the page shows why joining failed (e.g. another email than the invited one)
      return formFailure(e, values);
    }
    redirect(303, to);
  },
};
