import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import { valuesFromForm } from '$lib/custom-field-values';
import type { Actions, PageServerLoad } from './$types';

// An item's custom field values, as a form of its own: works without JavaScript and links back to the item.

export const load: PageServerLoad = async ({ cookies, params, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const [item, fields] = await Promise.all([client.items.get.query({ productId: product.id, ref: params.itemKey }), client.customFields.list.query({ productId: product.id })]);
  return { item, fields };
};

export const actions: Actions = {
  default: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const client = api(cookies);
    const fields = await client.customFields.list.query({ productId: product.id });
    const values = valuesFromForm(fields, data);
    const typed = Object.fromEntries(fields.map((f) => [f.key, text(data, `cf_${f.key}`)]));
    try {
      const item = await client.items.get.query({ productId: product.id, ref: params.itemKey });
      // values of deleted definitions are dropped (the API accepts only defined keys)
      await client.items.update.mutate({ productId: product.id, ref: item.id, expectedVersion: Number(text(data, 'version')) || item.version, patch: { customFields: values } });
      return { saved: true };
    } catch (e) {
      return formFailure(e, { typed });
    }
  },
};
