import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Renames the product and/or changes its key; a new key moves the page (and every item URL) to it. */
  default: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { name: text(data, 'name'), key: text(data, 'key').trim().toUpperCase() };
    let updated;
    try {
      updated = await api(cookies).products.update.mutate({ productId: product.id, name: values.name, ...(values.key !== product.key && { key: values.key }) });
    } catch (e) {
      return formFailure(e, values);
    }
    if (updated.key !== params.key) redirect(303, `/p/${updated.key}/settings?saved=1`);
    return { saved: true };
  },
};
