import type { ItemType } from '@baton/contracts';
import { api } from '$lib/server/api';
import { productForAction } from '$lib/server/product';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent, url }) => {
  const { product } = await parent();
  return { settings: await api(cookies).roadmapSettings.get.query({ productId: product.id }), origin: url.origin };
};

export const actions: Actions = {
  default: async ({ cookies, request, params }) => {
    const product = await productForAction(cookies, params.key);
    const data = await request.formData();
    const types = data.getAll('types').map(String) as ItemType[];
    const values = {
      enabled: data.get('enabled') === 'on',
      types,
      voteLimit: Number(text(data, 'voteLimit')),
      publicComments: data.get('publicComments') === 'on',
    };
    try {
      return { saved: true, settings: await api(cookies).roadmapSettings.update.mutate({ productId: product.id, ...values }) };
    } catch (e) {
      return formFailure(e, { saved: false, settings: values });
    }
  },
};
