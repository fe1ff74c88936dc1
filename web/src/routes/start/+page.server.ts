import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import type { Actions } from './$types';

export const actions: Actions = {
  /** Creates the organization and its first product (the caller owns both) and opens the new product. */
  default: async ({ request, cookies }) => {
    const data = await request.formData();
    const values = { organization: text(data, 'organization'), product: text(data, 'product'), key: text(data, 'key') };
    let created;
    try {
      created = await api(cookies).organizations.create.mutate({ name: values.organization, product: { name: values.product, key: values.key } });
    } catch (e) {
      // nested issues (product.key) are shown beside the fields of this flat form
      const failure = formFailure(e, values);
      const f = failure.data.error.fields;
      failure.data.error.fields = { ...f, organization: f.name ?? '', product: f['product.name'] ?? '', key: f['product.key'] ?? f.key ?? '' };
      return failure;
    }
    redirect(303, `/p/${created.product.key}`);
  },
};
