import { errorOf } from '@baton/client';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

// Device login (RFC 8628): the CLI or an editor shows a code and this address; a signed-in person (hooks.server.ts
// sends everyone else to /login?next=...) checks the code and the device's name, then approves or denies it.

const BAD_CODE = 'That is not a device code: it has 8 letters, like WDJB-MJHT.';

export const load: PageServerLoad = async ({ url, cookies, locals }) => {
  const me = { name: locals.session?.name ?? '', email: locals.session?.email ?? '' };
  const code = url.searchParams.get('code')?.trim() ?? '';
  if (!code) return { me, code, request: null, error: null };
  try {
    return { me, code, request: await api(cookies).device.lookup.query({ userCode: code }), error: null };
  } catch (e) {
    const err = errorOf(e);
    if (!err) throw e;
    return { me, code, request: null, error: err.code === 'BAD_INPUT' ? BAD_CODE : err.message };
  }
};

const decide = (verdict: 'approve' | 'deny') =>
  (async ({ request, cookies }) => {
    const userCode = text(await request.formData(), 'code');
    try {
      const decided = await api(cookies).device[verdict].mutate({ userCode });
      return { decided: decided.status, clientName: decided.clientName, userCode: decided.userCode };
    } catch (e) {
      return formFailure(e, { userCode });
    }
  }) satisfies Actions[string];

export const actions: Actions = { approve: decide('approve'), deny: decide('deny') };
