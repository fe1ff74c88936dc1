import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import { roleAllows } from '@baton/contracts/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  return { labels: await api(cookies).labels.list.query({ productId: product.id }), canEdit: roleAllows(product.role, 'configure') };
};

export const actions: Actions = {
  create: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { create: true, name: text(data, 'name'), color: text(data, 'color') };
    try {
      const label = await api(cookies).labels.create.mutate({ productId: product.id, name: values.name, color: values.color });
      return { saved: label.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  update: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { labelId: text(data, 'labelId'), name: text(data, 'name'), color: text(data, 'color') };
    try {
      const label = await api(cookies).labels.update.mutate({ productId: product.id, ...values });
      return { saved: label.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  delete: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { labelId: text(data, 'labelId'), name: text(data, 'name'), color: '' };
    try {
      await api(cookies).labels.delete.mutate({ productId: product.id, labelId: values.labelId });
      return { deleted: values.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
};
