import { CustomFieldKind } from '@baton/contracts';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import { roleAllows } from '@baton/contracts/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  return { fields: await api(cookies).customFields.list.query({ productId: product.id }), canEdit: roleAllows(product.role, 'configure') };
};

/** Options are typed as one comma-separated line. */
const optionsOf = (raw: string) =>
  raw
    .split(/[,\n]/)
    .map((o) => o.trim())
    .filter(Boolean);

export const actions: Actions = {
  create: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { create: true, key: text(data, 'key'), name: text(data, 'name'), kind: text(data, 'kind'), options: text(data, 'options') };
    try {
      const field = await api(cookies).customFields.create.mutate({
        productId: product.id,
        key: values.key,
        name: values.name,
        kind: CustomFieldKind.catch('text').parse(values.kind),
        options: optionsOf(values.options),
      });
      return { saved: field.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  update: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { fieldId: text(data, 'fieldId'), name: text(data, 'name'), options: text(data, 'options') };
    try {
      const field = await api(cookies).customFields.update.mutate({
        productId: product.id,
        fieldId: values.fieldId,
        name: values.name,
        ...(data.has('options') && { options: optionsOf(values.options) }),
      });
      return { saved: field.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  delete: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { fieldId: text(data, 'fieldId'), name: text(data, 'name'), options: '' };
    try {
      await api(cookies).customFields.delete.mutate({ productId: product.id, fieldId: values.fieldId });
      return { deleted: values.name };
    } catch (e) {
      return formFailure(e, values);
    }
  },
};
