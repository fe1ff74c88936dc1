import { redirect } from '@sveltejs/kit';
import { formFailure, text } from '$lib/server/form-error';
import { orNotFound, publicApi } from '$lib/server/public';
import type { ItemType } from '@baton/contracts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const page = await orNotFound(() => publicApi().public.list.query({ productKey: params.key, limit: 1 }), 'Roadmap');
  return { product: page.product };
};

export const actions: Actions = {
  default: async ({ params, request }) => {
    const data = await request.formData();
    const values = {
      name: text(data, 'name'),
      email: text(data, 'email'),
      type: text(data, 'type'),
      title: text(data, 'title'),
      description: text(data, 'description'),
    };
    let token: string;
    try {
      ({ token } = await publicApi().public.submit.mutate({
        productKey: params.key,
        ...values,
        type: values.type as ItemType,
        solution: text(data, 'solution'),
      }));
    } catch (e) {
      return formFailure(e, values);
    }
    redirect(303, `/submissions/${token}?new=1`);
  },
};
